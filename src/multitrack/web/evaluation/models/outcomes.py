"""Harvested outcomes (Wilson-Grau & Britt 2012) and their substantiation.

An outcome statement says who changed what, when and where; why it matters (significance); how the
initiative plausibly contributed; and on which sources it rests. Independent substantiators then say
whether they agree. Each outcome is classified along the transfer dimensions (direction, pathway, object,
effect on process or outcome), placed in the RPP matrix and tagged with the DAC criteria it speaks to,
and linked to the theory-of-change elements it bears on and to documents as evidence.

The statement, contribution, significance, sources and the substantiators' names and comments are
encrypted: they describe what identifiable people did. The classification is stored in clear so that
lists can be filtered by it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedCharField, EncryptedTextField
from multitrack.web.registry import choices


class OutcomeQuerySet(CompartmentQuerySet["Outcome"]):
    pass


class Outcome(models.Model):
    compartment = models.ForeignKey(
        "accounts.Compartment", verbose_name=_("compartment"), on_delete=models.PROTECT, related_name="+"
    )
    initiative = models.ForeignKey(
        "registry.Initiative", verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="outcomes"
    )
    title = models.CharField(
        _("short title"),
        max_length=200,
        help_text=_("A few words, naming no one, e.g. “ceasefire formula adopted”."),
    )
    description = EncryptedTextField(_("outcome"), help_text=_("Who changed what, when and where."))
    social_actor = models.ForeignKey(
        "registry.Actor",
        verbose_name=_("social actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
        help_text=_("Who changed, if in the registry."),
    )
    observed_on = models.DateField(_("when"), help_text=_("When the change happened (or was first seen)."))
    place = EncryptedCharField(_("where"), blank=True)
    significance = EncryptedTextField(_("significance"), blank=True)
    contribution = EncryptedTextField(
        _("contribution"),
        help_text=_("How the initiative plausibly influenced the change, and what else did."),
    )
    sources = EncryptedTextField(_("sources"), blank=True, help_text=_("Who or what the harvest rests on."))
    positive = models.BooleanField(_("positive"), default=True, help_text=_("Untick for a negative outcome."))
    intended = models.BooleanField(_("intended"), default=True)
    direction = models.CharField(
        _("transfer direction"), max_length=12, blank=True, choices=choices.transfer_directions
    )
    pathway = models.CharField(
        _("transfer pathway"), max_length=12, blank=True, choices=choices.transfer_pathways
    )
    transferred = models.CharField(
        _("what was transferred"), max_length=14, blank=True, choices=choices.transfer_objects
    )
    effect_on = models.CharField(_("effect on"), max_length=10, blank=True, choices=choices.transfer_effects)
    rpp_reach = models.CharField(_("RPP: whom"), max_length=12, blank=True, choices=choices.rpp_reach)
    rpp_level = models.CharField(_("RPP: level"), max_length=16, blank=True, choices=choices.rpp_levels)
    dac_criteria = models.JSONField(_("DAC criteria"), default=list, blank=True)
    toc_elements = models.ManyToManyField(
        "evaluation.TocElement",
        verbose_name=_("theory-of-change elements"),
        blank=True,
        related_name="outcomes",
    )
    evidence = models.ManyToManyField(
        "registry.Document", verbose_name=_("evidence documents"), blank=True, related_name="outcomes"
    )
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("evidence consultations"),
        blank=True,
        related_name="outcomes",
        help_text=_("Community consultations whose findings bear on this outcome."),
    )
    harvested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harvested_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "pk"]
        verbose_name = _("outcome")

    def __str__(self) -> str:
        return f"Outcome {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:outcome_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.initiative_id is not None:
            self.compartment_id = self.initiative.compartment_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.observed_on and self.observed_on > timezone.localdate():
            message = _("An outcome is a change already seen: not in the future.")
            raise ValidationError({"observed_on": message})

    @property
    def rpp_quadrant(self) -> str:
        """ "key people × socio-political" and the like, or "" when either half is missing."""
        if not (self.rpp_reach and self.rpp_level):
            return ""
        return f"{self.get_rpp_reach_display()} × {self.get_rpp_level_display()}"


class Substantiation(models.Model):
    """An independent view of one outcome: who (by name or role), whether they agree, and why."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="substantiations")
    substantiator = EncryptedCharField(
        _("substantiator"), help_text=_("Name or role, e.g. “adviser to the chief negotiator”.")
    )
    agreement = models.CharField(_("view"), max_length=16, choices=choices.substantiation)
    comment = EncryptedTextField(_("comment"), blank=True)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["outcome", "on", "pk"]
        verbose_name = _("substantiation")

    def __str__(self) -> str:
        return f"Substantiation {self.pk}"
