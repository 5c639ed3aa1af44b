"""Participants in common across organisations, without names (core.linkage does the encoding and the
counting).

The organisation that opened a space sets its linkage secret (partners on other installations receive it
out of band). Each member organisation's owner submits its participants' encodings for the initiatives it
shares cards of in the space: names are decrypted only inside this process to be encoded, and never
leave it. Any reader of the space then sees how many persons take part in initiatives of several
organisations — per pair of cards and per band — with small cells suppressed; nobody learns who. Setting
a new secret (rotation) discards every submission made with the old one: organisations encode again.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from multitrack.core.linkage import (
    Encoder,
    EncodingParams,
    LinkageKey,
    OverlapReport,
    ParticipantRecord,
    Submission,
    count_overlaps,
)
from multitrack.web.accounts.models import Organisation
from multitrack.web.audit.log import record
from multitrack.web.registry.models import Participation
from multitrack.web.registry.services.classification import PARTICIPANT_ROLES

from .models import SHAREABLE, Card, ExternalCard, ExternalSubmission, LinkageSubmission, Space
from .services import OPERATOR, CoordinationError, can_read, require_acting


@transaction.atomic
def set_secret(space: Space, user: Any, secret_hex: str | None = None) -> str:
    """Set (or rotate) the space's linkage secret; returns it, to hand to partners on other installations."""
    require_acting(user, space.created_by)
    secret = (secret_hex or LinkageKey.new_secret_hex()).strip().lower()
    try:
        key = LinkageKey.from_hex(secret)
    except ValueError as exc:
        raise CoordinationError(str(exc)) from None
    space.linkage_secret, space.linkage_key_id = secret, key.key_id
    space.save()
    LinkageSubmission.objects.filter(space=space).delete()  # encodings of the old key are worthless
    return secret


def _key(space: Space) -> LinkageKey:
    if not space.linkage_secret:
        raise CoordinationError(f"{space.name} has no linkage secret yet: its opening organisation sets one")
    return LinkageKey.from_hex(space.linkage_secret)


def _cards(space: Space, organisation: Organisation) -> list[Card]:
    cards = Card.objects.filter(spaces=space, initiative__compartment__organisation=organisation)
    return [
        c for c in cards.select_related("initiative") if c.content and c.initiative.discretion in SHAREABLE
    ]


@transaction.atomic
def submit(space: Space, organisation: Organisation, user: Any) -> int:
    """Encode the organisation's participants in its initiatives shared in the space; how many rows."""
    require_acting(user, organisation)
    if not space.members.filter(organisation=organisation, joined_at__isnull=False).exists():
        raise CoordinationError(f"{organisation.name} has not joined {space.name}")
    key = _key(space)
    cards = {c.initiative_id: c for c in _cards(space, organisation)}
    rows = (
        Participation.objects.filter(
            initiative_id__in=cards, actor__kind="person", role__in=PARTICIPANT_ROLES
        )
        .select_related("actor")
        .order_by("initiative_id", "actor_id")
    )
    seen: set[tuple[int, int]] = set()
    records, initiatives = [], []
    for p in rows:
        if (p.initiative_id, p.actor_id) in seen:
            continue
        seen.add((p.initiative_id, p.actor_id))
        records.append(ParticipantRecord(p.actor.name, None, p.actor.gender or None))
        initiatives.append(str(cards[p.initiative_id].public_id))
    batch = Encoder(key).encode(records)
    LinkageSubmission.objects.update_or_create(
        space=space, organisation=organisation,
        defaults={"key_id": batch.key_id, "params": dataclasses.asdict(batch.params),
                  "encodings": batch.words.astype("<u8").tobytes(), "initiatives": initiatives},
    )  # fmt: skip
    summary = f"Participants' encodings submitted: {len(records)} rows for {len(cards)} cards"
    record("update", obj=space, user=None if user is OPERATOR else user, summary=summary)
    return len(records)


def export_encodings(space: Space, organisation: Organisation) -> dict[str, Any]:
    """The organisation's submission for the space as a signed bundle, for partners on other installations
    who share the space's secret: encodings and card ids only."""
    from multitrack.core import bundles

    from .bundles import signing_key

    sub = LinkageSubmission.objects.filter(
        space=space, organisation=organisation, key_id=space.linkage_key_id
    ).first()
    if sub is None:
        raise CoordinationError(
            f"{organisation.name} has submitted no encodings to {space.name} with its secret"
        )
    payload = {
        "organisation": organisation.name, "cards": [],
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "encodings": {"key_id": sub.key_id, "params": sub.params, "initiatives": sub.initiatives,
                      "words": base64.b64encode(bytes(sub.encodings)).decode("ascii")},
    }  # fmt: skip
    return bundles.sign(signing_key(organisation).private_key, payload)


@transaction.atomic
def import_encodings(space: Space, organisation: Organisation, text: str) -> int:
    """A partner's signed encodings for our space: refused unless signed by a key the organisation pinned,
    made with the space's current secret, and well formed; replaces that partner's earlier ones."""
    from multitrack.core import bundles

    from .models import PartnerKey

    pins = PartnerKey.objects.filter(organisation=organisation, revoked_at__isnull=True)
    bundle = bundles.verify(text, {p.fingerprint: p.public_key for p in pins})
    enc = bundle.encodings
    if not enc:
        raise bundles.BundleError("a bundle of cards, not of encodings: use `coordination import`")
    if enc.get("key_id") != space.linkage_key_id:
        raise bundles.BundleError(
            f"encodings of key {enc.get('key_id')}, not of {space.name}'s current secret "
            f"({space.linkage_key_id}): the partner must encode again with it"
        )
    try:
        params = EncodingParams(**enc["params"])
        raw = base64.b64decode(enc["words"], validate=True)
        rows = len(raw) // (8 * params.words)
        valid = len(raw) == rows * 8 * params.words and len(enc["initiatives"]) == rows
    except (KeyError, TypeError, ValueError):
        valid = False
    if not valid:
        raise bundles.BundleError("the encodings are malformed")
    ExternalSubmission.objects.update_or_create(
        space=space, partner=pins.get(fingerprint=bundle.key),
        defaults={"key_id": enc["key_id"], "params": enc["params"], "encodings": raw,
                  "initiatives": [str(i) for i in enc["initiatives"]]},
    )  # fmt: skip
    return rows


@dataclass(frozen=True)
class Shared:
    """The counts for a space, with the cards named as their members read them."""

    report: OverlapReport
    labels: dict[str, str]  # card public id -> "Organisation: label"
    organisations: list[str]  # those whose submissions are counted

    def pairs(self) -> list[tuple[str, str, int | None]]:
        return [(self.labels.get(p.first[1], "?"), self.labels.get(p.second[1], "?"), p.persons)
                for p in self.report.pairs]  # fmt: skip


def shared_persons(space: Space, user: Any) -> Shared | None:
    """The counts, for a reader of the space; None until a secret is set and two organisations submitted."""
    if (user is not OPERATOR and not can_read(user, space)) or not space.linkage_secret:
        return None
    joined = set(space.joined().values_list("organisation_id", flat=True))
    subs = [
        s for s in LinkageSubmission.objects.filter(space=space, key_id=space.linkage_key_id).select_related(
            "organisation") if s.organisation_id in joined and s.initiatives
    ]  # fmt: skip
    submissions = [Submission(s.organisation.name, tuple(s.initiatives), s.batch()) for s in subs]
    external = ExternalSubmission.objects.filter(
        space=space, key_id=space.linkage_key_id, partner__revoked_at__isnull=True
    ).select_related("partner")
    submissions += [Submission(f"{e.partner.partner} (another installation)", tuple(e.initiatives), e.batch())
                    for e in external if e.initiatives]  # fmt: skip
    if len(submissions) < 2:
        return None
    report = count_overlaps(submissions, key=_key(space), min_cell=int(settings.MIN_CELL))
    labels = {
        str(c.public_id): f"{c.initiative.compartment.organisation.name}: {_label(c.content)}"
        for c in Card.objects.filter(spaces=space).select_related("initiative__compartment__organisation")
    }
    for card in ExternalCard.objects.filter(partner__in=[e.partner for e in external]).select_related(
        "partner"
    ):
        labels[card.card_id] = f"{card.partner.partner}: {_label(card.content)}"
    return Shared(report, labels, [s.organisation for s in submissions])


def _label(content: Any) -> str:
    return str((content or {}).get("label") or "(no label)")
