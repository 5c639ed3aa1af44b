"""Coordination spaces and cards.

A **space** is a group of organisations on this installation that agree to see each other's cards. An
organisation is invited by a member, then joins (or not); leaving takes its cards out of the space.

A **card** is what an organisation chooses to tell its partners of one initiative: only the fields its
owner ticks (context, period, track, format, objectives, third-party type, target groups, a contact
channel, a label written for partners), as they were when it was shared — never participants, notes, the
title or the code. The card's texts and its shared content are encrypted at rest like names: the database
alone does not tell what an organisation shared, or how to reach it.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.core.linkage import EncodedBatch, EncodingParams
from multitrack.web.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField

CARD_FIELDS = {
    "label": _("Label (written for partners)"),
    "context": _("Context"),
    "period": _("Period"),
    "track": _("Track"),
    "format": _("Format"),
    "objectives": _("Objectives"),
    "third_party_type": _("Third-party type"),
    "levels": _("Levels of the participants (Lederach)"),
    "target_groups": _("Target groups"),
    "contact": _("Contact channel"),
}
SHAREABLE = ("public", "discreet")  # discretion levels at which partner organisations may know of it


class Space(models.Model):
    name = models.CharField(_("name"), max_length=120)  # unique per organisation: no probing of others'
    purpose = EncryptedTextField(_("purpose"), blank=True)
    # The secret its members encode participants with (core.linkage), set by the opening organisation.
    linkage_secret = EncryptedTextField(blank=True)
    linkage_key_id = models.CharField(max_length=16, blank=True)
    created_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["created_by", "name"], name="coordination_space_name")]

    def __str__(self) -> str:
        return self.name

    def joined(self) -> Any:
        return self.members.filter(joined_at__isnull=False).select_related("organisation")


class SpaceMember(models.Model):
    """An organisation invited to a space, and whether it has joined."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="spaces")
    invited_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "organisation"], name="coordination_one_membership")
        ]

    def __str__(self) -> str:
        return f"Space member {self.pk}"


class Card(models.Model):
    initiative = models.OneToOneField(
        "registry.Initiative", on_delete=models.CASCADE, related_name="coordination_card"
    )
    label = EncryptedCharField(
        _("label"), max_length=200, blank=True, help_text=_("A name for partners; never the title.")
    )
    target_groups = EncryptedTextField(_("target groups"), blank=True, help_text=_("One per line."))
    contact = EncryptedCharField(
        _("contact channel"), max_length=200, blank=True, help_text=_("How a partner reaches you about it.")
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # its id in bundles
    fields = models.JSONField(_("fields shared"), default=list)
    content = EncryptedJSONField(default=dict)  # what partners see, as of shared_at
    spaces = models.ManyToManyField(Space, blank=True, related_name="cards", verbose_name=_("shared in"))
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-shared_at", "pk"]

    def __str__(self) -> str:
        return f"Card {self.pk}"


class SigningKey(models.Model):
    """An organisation's Ed25519 key for the bundles it sends to other installations; the private half is
    encrypted at rest with the installation's key."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="signing_key"
    )
    private_key = EncryptedTextField()
    public_key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=19)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Signing key {self.fingerprint}"


class PartnerKey(models.Model):
    """A partner's public key, pinned by an organisation after checking its fingerprint with the partner:
    bundles signed by it are accepted; a revoked one no longer is."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_keys"
    )
    partner = models.CharField(_("partner"), max_length=120)
    public_key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=19)
    pinned_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partner"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fingerprint"], name="coordination_one_pin")
        ]

    def __str__(self) -> str:
        return f"Partner key {self.fingerprint}"


class ExternalCard(models.Model):
    """A card received from another installation in a signed bundle; only the receiving organisation's
    members with access to rows read it. Its content is encrypted at rest like a card's."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="external_cards"
    )
    partner = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="cards")
    card_id = models.CharField(max_length=64)
    content = EncryptedJSONField(default=dict)
    shared_at = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner__partner", "card_id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "card_id"], name="coordination_one_external_card")
        ]

    def __str__(self) -> str:
        return f"External card {self.pk}"


class Encodings(models.Model):
    """Participants as keyed Bloom-filter encodings only (core.linkage): row i took part in the initiative
    whose card is `initiatives[i]`. Without the space's secret (encrypted at rest) the encodings cannot be
    tried against names."""

    key_id = models.CharField(max_length=16)
    params = models.JSONField(default=dict)
    encodings = models.BinaryField()
    initiatives = models.JSONField(default=list)  # card ids, one per row

    class Meta:
        abstract = True

    def batch(self) -> EncodedBatch:
        params = EncodingParams(**self.params)
        words = np.frombuffer(bytes(self.encodings), dtype="<u8").astype(np.uint64).reshape(-1, params.words)
        return EncodedBatch(words, self.key_id, params)


class LinkageSubmission(Encodings):
    """One organisation's participants in its initiatives shared in a space (card public ids)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "organisation"], name="coordination_one_submission")
        ]

    def __str__(self) -> str:
        return f"Linkage submission {self.pk}"


class HubToken(models.Model):
    """A partner organisation's credential for this installation's hub API: only its SHA-256 is kept; the
    token is shown once. Bundles pushed with it must be signed with the key registered beside it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="hub_tokens"
    )
    label = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=19)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-created_at"]

    def __str__(self) -> str:
        return f"Hub token {self.pk}"


class HubBundle(models.Model):
    """The latest signed bundle an organisation pushed to a space through the hub (encrypted at rest);
    the space's other member organisations pull it and check its signature with their own pinned keys."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="hub_bundles")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    bundle = EncryptedJSONField(default=dict)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "organisation"], name="coordination_one_hub_bundle")
        ]

    def __str__(self) -> str:
        return f"Hub bundle {self.pk}"


class ExternalSubmission(Encodings):
    """A partner's participants' encodings for one of our spaces, received in a signed bundle (the
    partner's card ids): counted beside our members' submissions when made with the space's current secret."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="external_submissions")
    partner = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="submissions")
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "partner"], name="coordination_one_external_submission")
        ]

    def __str__(self) -> str:
        return f"External submission {self.pk}"
