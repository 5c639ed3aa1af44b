"""Overlaps and gaps in a context, as an organisation sees them: its own initiatives beside the cards its
partners shared in the spaces it has joined (core.coordination does the comparing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from multitrack.core import coordination, vocab
from multitrack.web.accounts.access import organisation_ids
from multitrack.web.registry.models import Context, Initiative

from .models import SHAREABLE, Card, ExternalCard, SpaceMember
from .services import as_text, values_of


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def offer_from_content(key: str, organisation: str, content: dict[str, Any]) -> coordination.Offer:
    """A card as an Offer: only what its owner ticked is known."""
    period = found if isinstance(found := content.get("period"), dict) else {}
    track = found if isinstance(found := content.get("track"), dict) else {}
    return coordination.Offer(
        key=key, organisation=organisation, label=str(content.get("label") or "(no label)"),
        start=_day(period.get("start")), end=_day(period.get("end")), track=track.get("code", ""),
        format=as_text("format", content.get("format")),
        objectives=frozenset(as_text("objectives", [o]) for o in content.get("objectives", [])),
        target_groups=frozenset(coordination.normalise_group(g) for g in content.get("target_groups", [])),
        third_party_type=as_text("third_party_type", content.get("third_party_type")),
        levels=frozenset(level for level in content.get("levels", []) if isinstance(level, str)),
    )  # fmt: skip


def external_cards(organisations: set[int], context: Context) -> list[tuple[str, str, dict[str, Any]]]:
    """Cards received from other installations by `organisations` (pinned, unrevoked keys), about
    `context`, as (who, key, content)."""
    received = ExternalCard.objects.filter(
        organisation_id__in=organisations, partner__revoked_at__isnull=True
    ).select_related("partner")
    return [
        (f"{c.partner.partner} (another installation)", f"external-{c.pk}", dict(c.content))
        for c in received
        if c.content and c.content.get("context") == context.name
    ]


def partner_cards(organisations: set[int], context: Context) -> list[tuple[str, Card]]:
    """Cards of other organisations, about `context`, shared in a space one of `organisations` has joined
    (and their own organisation still has), for initiatives partners may still know of."""
    joined = SpaceMember.objects.filter(organisation_id__in=organisations, joined_at__isnull=False)
    spaces = set(joined.values_list("space_id", flat=True))
    members = set(
        SpaceMember.objects.filter(space_id__in=spaces, joined_at__isnull=False).values_list(
            "space_id", "organisation_id"
        )
    )
    found: dict[int, tuple[str, Card]] = {}
    cards = Card.objects.filter(spaces__in=spaces).select_related("initiative__compartment__organisation")
    for card in cards.prefetch_related("spaces").distinct():
        org = card.initiative.compartment.organisation
        if org.pk in organisations or not card.content or card.initiative.discretion not in SHAREABLE:
            continue
        if not any((s.pk, org.pk) in members for s in card.spaces.all() if s.pk in spaces):
            continue
        if card.content.get("context") == context.name:
            found[card.pk] = (org.name, card)
    return list(found.values())


@dataclass(frozen=True)
class Picture:
    offers: list[coordination.Offer]
    overlaps: list[coordination.Overlap]
    gaps: list[str]  # track codes nobody works on
    level_gaps: list[str]  # Lederach levels no initiative's participants come from
    third_parties: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "initiatives": [o.as_dict() for o in self.offers],
            "overlaps": [o.as_dict() for o in self.overlaps],
            "gaps": {
                "tracks": [vocab.TRACKS.label(t) for t in self.gaps],
                "levels": [vocab.LEVELS.label(level) for level in self.level_gaps],
            },
            "third_parties": self.third_parties,
        }


def picture(context: Context, organisations: set[int], own: list[Initiative], own_name: str) -> Picture:
    offers = [
        offer_from_content(f"ours-{i.pk}", own_name, values_of(i, i.code, "", "") | {"label": i.code})
        for i in own
    ]
    offers += [offer_from_content(f"card-{card.pk}", org, dict(card.content)) for org, card in
               partner_cards(organisations, context)]  # fmt: skip
    offers += [
        offer_from_content(key, who, content) for who, key, content in external_cards(organisations, context)
    ]
    today = date.today()
    return Picture(
        offers,
        coordination.overlaps(offers, today),
        coordination.gaps(offers, vocab.TRACKS.codes()),
        coordination.level_gaps(offers, vocab.LEVELS.codes()),
        coordination.recurring_third_parties(offers),
    )


def for_user(context: Context, user: Any, own: list[Initiative] | None = None) -> Picture:
    """What a member sees: partners' cards only with access to rows; own initiatives by code (`own`: the
    context's initiatives the user may see, when the caller has them loaded already)."""
    from multitrack.web.accounts.models import Organisation

    orgs = organisation_ids(user, "rows")
    if own is None:
        own = list(Initiative.objects.for_user(user).filter(context=context).for_classification())
    names = ", ".join(
        Organisation.objects.filter(pk__in=organisation_ids(user)).values_list("name", flat=True)
    )
    return picture(context, orgs, own, names or "ours")


def for_organisation(context: Context, organisation: Any) -> Picture:
    """The command line's view: one organisation's initiatives in the context and its partners' cards."""
    own = list(
        Initiative.objects.filter(
            context=context, compartment__organisation=organisation
        ).for_classification()
    )
    return picture(context, {organisation.pk}, own, organisation.name)
