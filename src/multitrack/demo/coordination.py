"""Fictional partner organisations for the demo: two organisations on the same installation, each with
its own compartment, owner and initiatives in the demo's contexts, in a coordination space with the demo's
organisation, where each shares cards of its initiatives. The demo's own organisation shares two cards and
is invited to a second space, to show an invitation waiting."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from multitrack.web.accounts.models import DEFAULT_ORGANISATION, Compartment, Membership, Organisation
from multitrack.web.coordination import services
from multitrack.web.coordination.models import Space
from multitrack.web.registry.models import Context, Initiative

ORGANISATION = "Demo Mediation Network"  # the demo's own organisation
SPACE = "Northern Highlands coordination"
WAITING = "Border corridor working group"
PARTNERS: tuple[dict[str, Any], ...] = (
    {
        "name": "Harbourlight Peace Initiative", "user": "harbourlight",
        "initiatives": (
            ("Highland women mediators' network", "C-01", date(2021, 4, 1), None, "sustained_dialogue",
             ["relationship_building"], ["women mediators", "village councils"]),
            ("Water committees exchange", "C-01", date(2022, 9, 1), date(2024, 6, 30),
             "problem_solving_workshop",
             ["local_agreement"], ["water committees"]),
        ),
    },
    {
        "name": "Marivel Civic Dialogue Forum", "user": "marivel-forum",
        "initiatives": (
            ("Youth voices on the ceasefire", "C-01", date(2020, 5, 1), date(2023, 12, 31), "consultation",
             ["link_track_three_to_one", "transfer_to_track_one"], ["youth", "displaced families"]),
            ("Traders' round table", "C-02", date(2023, 2, 1), None, "problem_solving_workshop",
             ["local_agreement", "relationship_building"], ["traders", "herders"]),
        ),
    },
)  # fmt: skip
FIELDS = ["label", "context", "period", "track", "format", "objectives", "third_party_type", "target_groups",
          "levels", "contact"]  # fmt: skip


def _context(ref: str) -> Context:
    from multitrack.sources.demo_file import read

    name = next(c["name"] for c in read()["contexts"] if c["ref"] == ref)
    return Context.objects.get(name=name)


def _owner(username: str, password: str, compartment: Compartment) -> Any:
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, compartment=compartment, defaults={"role": "owner"})
    return user


@transaction.atomic
def load(demo_user: Any, password: str) -> str:
    """Write the partners once (nothing when the demo's space is there); a one-line summary."""
    if Space.objects.filter(name=SPACE).exists():
        return ""
    ours = Organisation.objects.filter(name=DEFAULT_ORGANISATION).first()
    if ours is not None and not Organisation.objects.filter(name=ORGANISATION).exists():
        ours.name = ORGANISATION
        ours.save()
    ours = Organisation.objects.get_or_create(name=ORGANISATION)[0]
    partners = []
    for spec in PARTNERS:
        org = Organisation.objects.create(name=spec["name"])
        compartment = Compartment.objects.create(name=f"{spec['name']}: programmes", organisation=org)
        user = _owner(spec["user"], password, compartment)
        initiatives = [
            Initiative.objects.create(
                compartment=compartment,
                context=_context(ctx),
                title=title,
                start_date=start,
                end_date=end,
                format=fmt,
                objectives=objectives,
                third_party_type="ngo_mediator",
                discretion="discreet",
                declared_track="2",
            )
            for title, ctx, start, end, fmt, objectives, _groups in spec["initiatives"]
        ]
        partners.append((org, user, initiatives, spec))
    first_org, first_user = partners[0][0], partners[0][1]
    purpose = (
        "Who works with whom in the Northern Highlands, to avoid overlapping rounds and dialogue fatigue."
    )
    space = services.create_space(SPACE, purpose, first_org, first_user)
    waiting = services.create_space(WAITING, "Traders and herders along the border.", first_org, first_user)
    for org, user, _initiatives, _spec in partners[1:]:
        services.invite(space, first_org, org, first_user)
        services.join(space, org, user)
    services.invite(space, first_org, ours, first_user)
    services.join(space, ours, demo_user)
    services.invite(waiting, first_org, ours, first_user)
    cards = 0
    for _org, user, initiatives, spec in partners:
        for initiative, (_t, _c, _s, _e, _f, _o, groups) in zip(
            initiatives, spec["initiatives"], strict=True
        ):
            given = services.CardInput(FIELDS, initiative.title, "\n".join(groups),
                                       f"coordination@{spec['user']}.example.org", (space,))  # fmt: skip
            services.share_card(initiative, given, user)
            cards += 1
    ours_cards = (
        ("demo-I-05", "Highlands public dialogue", "village elders\nyouth"),
        ("demo-I-01", "Problem-solving workshops", "mid-level officials"),
    )
    for ref, label, groups in ours_cards:
        ours_initiative = Initiative.objects.filter(ref=ref).first()
        if ours_initiative is not None:
            given = services.CardInput(FIELDS, label, groups, "desk@demo-network.example.org", (space,))
            services.share_card(ours_initiative, given, demo_user)
            cards += 1
    persons = _common_participants(space, ours, demo_user, partners)
    return (
        f"Coordination: {len(partners)} partner organisations, {cards} cards shared in '{SPACE}', "
        f"{persons} participants in common counted without names, and an invitation to '{WAITING}' waiting "
        f"for {ORGANISATION}"
    )


def _common_participants(space: Space, ours: Organisation, demo_user: Any, partners: list[Any]) -> int:
    """Some of the persons in the demo's carded initiatives also take part in the partners' (each partner
    keeps its own record of them): the space's members submit encodings and the counts show them."""
    from multitrack.web.coordination import linkage
    from multitrack.web.registry.models import Actor, Participation

    ours_people = [
        p.actor for p in Participation.objects.filter(
            initiative__ref__in=("demo-I-05", "demo-I-01"), actor__kind="person", role="participant"
        ).select_related("actor").order_by("actor__ref")
    ]  # fmt: skip
    people = list({a.pk: a for a in ours_people}.values())
    for (_org, _user, initiatives, _spec), share in zip(partners, (people[:7], people[3:6]), strict=True):
        for actor in share:
            twin = Actor.objects.create(
                kind="person", name=actor.name, gender=actor.gender, level=actor.level,
                compartment=initiatives[0].compartment,
            )  # fmt: skip
            Participation.objects.create(initiative=initiatives[0], actor=twin, role="participant")
    linkage.set_secret(space, partners[0][1])
    for org, user in ((partners[0][0], partners[0][1]), (partners[1][0], partners[1][1]), (ours, demo_user)):
        linkage.submit(space, org, user)
    return min(len(people), 7)
