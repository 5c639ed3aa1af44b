"""Coordination in one place for the pages, the API and the command line: spaces, invitations, cards.

Who may do what:
- an organisation acts through the **owners** of its compartments: creating a space, inviting another
  organisation, joining, leaving, and sharing or withdrawing a card (the owner of the initiative's
  compartment);
- members with access to rows (owners, editors, analysts) of a joined organisation read the space's cards;
  funders read none;
- a card can be shared only for an initiative whose discretion lets partner organisations know of it
  (public or discreet), and only in spaces its organisation has joined.
Every change is audited (the card's entries in the initiative's compartment).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids, organisation_ids
from multitrack.web.accounts.models import Organisation
from multitrack.web.registry.models import Initiative

from .models import CARD_FIELDS, SHAREABLE, Card, Space, SpaceMember


class CoordinationError(ValueError):
    """What was asked cannot be done; the message says why."""


OPERATOR = object()  # the command line, run by whoever runs the installation: acts for any organisation


def owned_organisations(user: Any) -> list[Organisation]:
    """Organisations the user acts for: those where they own a compartment."""
    return list(Organisation.objects.filter(pk__in=organisation_ids(user, "manage")))


def require_acting(user: Any, organisation: Organisation) -> None:
    if user is not OPERATOR and organisation.pk not in organisation_ids(user, "manage"):
        raise CoordinationError(f"only an owner of one of {organisation.name}'s compartments may do this")


def _member(space: Space, organisation: Organisation) -> SpaceMember | None:
    return SpaceMember.objects.filter(space=space, organisation=organisation).first()


@transaction.atomic
def create_space(name: str, purpose: str, organisation: Organisation, user: Any) -> Space:
    require_acting(user, organisation)
    name = name.strip()
    if not name:
        raise CoordinationError("a space needs a name")
    if Space.objects.filter(name=name, created_by=organisation).exists():
        raise CoordinationError(f"{organisation.name} already has a space called {name!r}")
    space = Space.objects.create(name=name, purpose=purpose.strip(), created_by=organisation)
    SpaceMember.objects.create(space=space, organisation=organisation, joined_at=timezone.now())
    return space


@transaction.atomic
def invite(space: Space, inviter: Organisation, invitee: Organisation, user: Any) -> SpaceMember:
    require_acting(user, inviter)
    member = _member(space, inviter)
    if member is None or member.joined_at is None:
        raise CoordinationError(f"{inviter.name} is not a member of {space.name}")
    if _member(space, invitee) is not None:
        raise CoordinationError(f"{invitee.name} is already invited to {space.name}")
    return SpaceMember.objects.create(space=space, organisation=invitee)


@transaction.atomic
def join(space: Space, organisation: Organisation, user: Any) -> SpaceMember:
    require_acting(user, organisation)
    member = _member(space, organisation)
    if member is None:
        raise CoordinationError(f"{organisation.name} is not invited to {space.name}")
    if member.joined_at is None:
        member.joined_at = timezone.now()
        member.save()
    return member


@transaction.atomic
def leave(space: Space, organisation: Organisation, user: Any) -> None:
    """The organisation leaves (or declines); its cards are taken out of the space."""
    require_acting(user, organisation)
    member = _member(space, organisation)
    if member is None:
        raise CoordinationError(f"{organisation.name} is not in {space.name}")
    for card in Card.objects.filter(initiative__compartment__organisation=organisation, spaces=space):
        card.spaces.remove(space)
    member.delete()


def visible_spaces(user: Any) -> list[tuple[Space, SpaceMember]]:
    """Spaces the user's organisations are in or invited to (members with access to rows), with the
    membership of the first of those organisations found."""
    orgs = organisation_ids(user, "rows")
    seen: dict[int, tuple[Space, SpaceMember]] = {}
    members = SpaceMember.objects.filter(organisation_id__in=orgs).select_related("space", "organisation")
    for m in members.order_by("space__name", F("joined_at").desc(nulls_last=True), "organisation__name"):
        seen.setdefault(m.space_id, (m.space, m))
    return list(seen.values())


def can_read(user: Any, space: Space) -> bool:
    """Members with access to rows of an organisation that has joined the space."""
    orgs = organisation_ids(user, "rows")
    return SpaceMember.objects.filter(space=space, organisation_id__in=orgs, joined_at__isnull=False).exists()


# ---------------------------------------------------------------------------------------------------
# Cards


def _levels(initiative: Initiative) -> list[str]:
    """The Lederach levels its participants come from (codes, top first): no person is named or counted."""
    from multitrack.web.registry.services.classification import PARTICIPANT_ROLES

    found = set(
        initiative.participations.filter(role__in=PARTICIPANT_ROLES)
        .exclude(actor__level="")
        .values_list("actor__level", flat=True)
    )
    return [code for code in vocab.LEVELS.codes() if code in found]


def values_of(initiative: Initiative, label: str, target_groups: str, contact: str) -> dict[str, Any]:
    """Every field a card may carry, with codes (readable() words them): the track shown on the initiative
    page (an override when active), else the declared one, marked so, while no participant is recorded."""
    override = initiative.active_override
    track = override.track if override else (initiative.classification().track or "")
    declared = not track and bool(initiative.declared_track)
    return {
        "label": label.strip(),
        "context": initiative.context.name,
        "period": {
            "start": initiative.start_date.isoformat() if initiative.start_date else None,
            "end": initiative.end_date.isoformat() if initiative.end_date else None,
        },
        "track": {"code": track or initiative.declared_track, "declared": declared}
        if track or declared else None,
        "format": initiative.format,
        "objectives": list(initiative.objectives or []),
        "third_party_type": initiative.third_party_type,
        "target_groups": [g.strip() for g in target_groups.splitlines() if g.strip()],
        "levels": _levels(initiative),
        "contact": contact.strip(),
    }  # fmt: skip


def as_text(code: str, value: Any) -> str:
    """A card field in words, as partners read it."""
    if isinstance(value, str) and code in ("period", "track"):
        return value  # already in words
    if code == "period":
        if not value or (not value.get("start") and not value.get("end")):
            return "dates not recorded"
        return f"{value.get('start') or '…'} – {value.get('end') or 'ongoing'}"
    if code == "track":
        if not value:
            return "not determined"
        return vocab.TRACKS.label(value["code"]) + (" (declared)" if value.get("declared") else "")
    labels = {
        "format": vocab.FORMATS,
        "objectives": vocab.OBJECTIVES,
        "third_party_type": vocab.THIRD_PARTY_TYPES,
        "levels": vocab.LEVELS,
    }
    if code in labels:
        voc = labels[code]
        items = value if isinstance(value, list) else [value] if value else []
        return ", ".join(voc.label(v) if v in voc else str(v) for v in items)
    return ", ".join(value) if isinstance(value, list) else str(value or "")


@dataclass(frozen=True)
class CardInput:
    fields: list[str]
    label: str = ""
    target_groups: str = ""
    contact: str = ""
    spaces: tuple[Space, ...] = ()


@transaction.atomic
def share_card(initiative: Initiative, given: CardInput, user: Any) -> Card:
    """Create or update the initiative's card with the fields ticked, and share it in `spaces` (only those
    its organisation has joined); the content is a snapshot of the ticked fields, nothing else."""
    if initiative.compartment_id not in compartment_ids(user, "manage"):
        raise CoordinationError("only an owner of the initiative's compartment may share its card")
    if initiative.discretion not in SHAREABLE:
        raise CoordinationError(
            f"a {initiative.discretion} initiative is not shared with partner organisations "
            "(only public or discreet ones are)"
        )
    unknown = [f for f in given.fields if f not in CARD_FIELDS]
    if unknown or not given.fields:
        raise CoordinationError(
            "tick at least one field to share" if not unknown else f"unknown field {unknown[0]}"
        )
    organisation_id = initiative.compartment.organisation_id
    joined = set(
        SpaceMember.objects.filter(organisation_id=organisation_id, joined_at__isnull=False).values_list(
            "space_id", flat=True
        )
    )
    outside = [s.name for s in given.spaces if s.pk not in joined]
    if outside:
        raise CoordinationError(f"your organisation has not joined {', '.join(outside)}")
    card, _created = Card.objects.get_or_create(initiative=initiative)
    values = values_of(initiative, given.label, given.target_groups, given.contact)
    card.label, card.target_groups, card.contact = (
        given.label.strip(),
        given.target_groups,
        given.contact.strip(),
    )
    card.fields = [f for f in CARD_FIELDS if f in given.fields]
    card.content = {f: values[f] for f in card.fields}
    card.shared_at = timezone.now() if given.spaces else None
    card.save()
    card.spaces.set(given.spaces)
    return card


@transaction.atomic
def withdraw_card(card: Card, user: Any) -> None:
    """Take the card out of every space and forget what it showed."""
    if card.initiative.compartment_id not in compartment_ids(user, "manage"):
        raise CoordinationError("only an owner of the initiative's compartment may withdraw its card")
    card.spaces.clear()
    card.content, card.shared_at = {}, None
    card.save()


@dataclass(frozen=True)
class SharedCard:
    """A card as a member of the space reads it: whose, what, when; `initiative` only for its own."""

    pk: int
    organisation: str
    content: dict[str, Any]
    shown: list[tuple[str, str]]
    shared_at: Any
    ours: bool
    initiative: Initiative | None


def cards_in(space: Space, user: Any) -> list[SharedCard]:
    """The cards shared in `space`, for a reader of it (empty for anyone else)."""
    if not can_read(user, space):
        return []
    mine = organisation_ids(user, "rows")
    seeing = compartment_ids(user, "aggregates")
    joined = set(space.joined().values_list("organisation_id", flat=True))
    out = []
    for card in space.cards.select_related("initiative__compartment__organisation").order_by("-shared_at"):
        org = card.initiative.compartment.organisation
        if org.pk not in joined or not card.content or card.initiative.discretion not in SHAREABLE:
            continue  # a card stops showing as soon as its initiative becomes confidential or secret
        ours = org.pk in mine
        own = card.initiative if card.initiative.compartment_id in seeing else None
        content = dict(card.content)
        shown = readable({k: v for k, v in content.items() if k != "label"})  # the label is the heading
        out.append(SharedCard(card.pk, org.name, content, shown, card.shared_at, ours, own))
    return out


def readable(content: dict[str, Any]) -> list[tuple[str, str]]:
    """A card's content as (field label, text) pairs in the fields' order, empty fields left out."""
    return [
        (str(label), as_text(code, content[code])) for code, label in CARD_FIELDS.items() if code in content
    ]
