from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.scoped import CompartmentQuerySet

from .fields import validate_country_list, validate_int_list


class ContextQuerySet(CompartmentQuerySet["Context"]):
    default_capability = "aggregates"

    def for_user(self, user: Any, capability: str | None = None) -> ContextQuerySet:
        """Contexts are shared reference data (regions, countries, UCDP ids): any member of any
        compartment sees them all; what happens in them is filtered by compartment."""
        return self if compartment_ids(user, capability or self.default_capability) else self.none()

    def search(self, query: str) -> ContextQuerySet:
        if not query:
            return self
        return self.filter(models.Q(name__icontains=query) | models.Q(summary__icontains=query))


class Context(models.Model):
    """A conflict setting or region of operation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        validators=[validate_country_list],
        help_text=_("ISO 3166 alpha-3 codes, e.g. COL, VEN."),
    )
    gw_codes = models.JSONField(
        _("Gleditsch–Ward codes"),
        default=list,
        blank=True,
        validators=[validate_int_list],
        help_text=_("State numbers used by UCDP, e.g. 100 for Colombia."),
    )
    ucdp_conflict_ids = models.JSONField(
        _("UCDP conflict ids"),
        default=list,
        blank=True,
        validators=[validate_int_list],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContextQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:context_detail", args=[self.pk])
