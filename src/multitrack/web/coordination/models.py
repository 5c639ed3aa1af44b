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

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.web.crypto import EncryptedCharField, EncryptedJSONField, EncryptedTextField

CARD_FIELDS = {
    "label": _("Label (written for partners)"),
    "context": _("Context"),
    "period": _("Period"),
    "track": _("Track"),
    "format": _("Format"),
    "objectives": _("Objectives"),
    "third_party_type": _("Third-party type"),
    "target_groups": _("Target groups"),
    "contact": _("Contact channel"),
}
SHAREABLE = ("public", "discreet")  # discretion levels at which partner organisations may know of it


class Space(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    created_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

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
    fields = models.JSONField(_("fields shared"), default=list)
    content = EncryptedJSONField(default=dict)  # what partners see, as of shared_at
    spaces = models.ManyToManyField(Space, blank=True, related_name="cards", verbose_name=_("shared in"))
    shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-shared_at", "pk"]

    def __str__(self) -> str:
        return f"Card {self.pk}"
