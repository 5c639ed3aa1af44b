"""Cards across installations: an organisation's signing key, the partner keys it pins, and signed bundles
exported and imported (the signing and checking are in core.bundles).

A bundle carries the cards an organisation shares in one of its spaces, exactly as that space's members
read them. Importing checks the signature against the receiving organisation's pinned, unrevoked keys
before anything else, then replaces in one transaction the cards that partner sent before: a bundle is the
partner's whole current set, so a card it withdrew disappears. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.core import bundles
from multitrack.web.accounts.models import Organisation

from .models import CARD_FIELDS, SHAREABLE, Card, ExternalCard, PartnerKey, SigningKey, Space


def signing_key(organisation: Organisation) -> SigningKey:
    """The organisation's key, made on first use."""
    found = SigningKey.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    private = bundles.new_private_key()
    public = bundles.public_key_of(private)
    return SigningKey.objects.create(
        organisation=organisation,
        private_key=private,
        public_key=public,
        fingerprint=bundles.fingerprint(public),
    )


@transaction.atomic
def trust(organisation: Organisation, partner: str, public_key: str) -> PartnerKey:
    """Pin a partner's public key (checked by its fingerprint with the partner, out of band)."""
    public = bundles.check_public_key(public_key)
    if not partner.strip():
        raise bundles.BundleError("name the partner the key belongs to")
    pin, _created = PartnerKey.objects.update_or_create(
        organisation=organisation, fingerprint=bundles.fingerprint(public),
        defaults={"partner": partner.strip(), "public_key": public, "revoked_at": None},
    )  # fmt: skip
    return pin


@transaction.atomic
def revoke(organisation: Organisation, fingerprint: str) -> PartnerKey:
    pin = PartnerKey.objects.filter(organisation=organisation, fingerprint=fingerprint).first()
    if pin is None:
        raise bundles.BundleError(f"no pinned key {fingerprint}")
    pin.revoked_at = timezone.now()
    pin.save()
    return pin


def export(organisation: Organisation, space: Space) -> dict[str, Any]:
    """The signed bundle of the organisation's cards shared in `space` (as the space's members read them)."""
    if not space.members.filter(organisation=organisation, joined_at__isnull=False).exists():
        raise bundles.BundleError(f"{organisation.name} has not joined {space.name}")
    cards = Card.objects.filter(initiative__compartment__organisation=organisation, spaces=space)
    shared = [
        {
            "id": str(c.public_id),
            "shared_at": c.shared_at.isoformat(timespec="seconds") if c.shared_at else "",
            "fields": dict(c.content),
        }
        for c in cards.select_related("initiative").order_by("public_id")
        if c.content and c.initiative.discretion in SHAREABLE
    ]
    payload = {
        "organisation": organisation.name, "space": space.name,
        "created_at": timezone.now().isoformat(timespec="seconds"), "cards": shared,
    }  # fmt: skip
    return bundles.sign(signing_key(organisation).private_key, payload)


@dataclass(frozen=True)
class Received:
    partner: str
    key: str
    added: int
    updated: int
    removed: int

    def __str__(self) -> str:
        return (
            f"{self.partner} ({self.key}): {self.added} card(s) added, {self.updated} updated, "
            f"{self.removed} withdrawn"
        )


@transaction.atomic
def import_bundle(organisation: Organisation, text: str) -> Received:
    pins = PartnerKey.objects.filter(organisation=organisation, revoked_at__isnull=True)
    bundle = bundles.verify(text, {p.fingerprint: p.public_key for p in pins})
    pin = pins.get(fingerprint=bundle.key)
    for n, card in enumerate(bundle.cards):
        fields = card.get("fields")
        if not isinstance(fields, dict) or not set(fields) <= set(CARD_FIELDS):
            extra = (
                sorted(set(fields or {}) - set(CARD_FIELDS))
                if isinstance(fields, dict)
                else ["(not an object)"]
            )
            raise bundles.BundleError(
                f"card {n}: fields {', '.join(extra)} are not card fields; nothing imported"
            )
    held = {c.card_id: c for c in ExternalCard.objects.filter(partner=pin)}
    added = updated = 0
    for card in bundle.cards:
        current = held.pop(card["id"], None)
        if current is None:
            ExternalCard.objects.create(
                organisation=organisation, partner=pin, card_id=card["id"][:64], content=card["fields"],
                shared_at=str(card.get("shared_at", ""))[:40],
            )  # fmt: skip
            added += 1
        elif current.content != card["fields"]:
            current.content, current.shared_at = card["fields"], str(card.get("shared_at", ""))[:40]
            current.save()
            updated += 1
    for gone in held.values():
        gone.delete()
    return Received(pin.partner, pin.fingerprint, added, updated, len(held))
