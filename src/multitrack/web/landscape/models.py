"""Track One data from public research datasets: each imported version, and its rows.

These rows are published by their research teams (agreements, mediation events, counts of delegates by
gender and role; no individual is named), so, like UCDP's, they are shared reference data that any member
of any compartment may read. A dataset keeps every version imported; the one imported last is shown unless
another is asked for, and every figure names its version.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from multitrack.core.trackone import DATASETS


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def current(self, kind: str, version: str | None = None) -> Dataset | None:
        """The version asked for, or else the one imported last (None when the dataset was never imported)."""
        chosen = self.filter(kind=kind)
        if version is not None:
            chosen = chosen.filter(version=version)
        return chosen.order_by("-imported_at", "-pk").first()


class Dataset(models.Model):
    """One version of a Track One dataset, as imported from one file."""

    kind = models.CharField(max_length=10, choices=sorted(DATASETS.items()))
    version = models.CharField(max_length=40)
    layout = models.CharField(max_length=20, blank=True)  # PA-X: "2020-01" or "v6"
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    skipped = models.PositiveIntegerField(default=0)  # blank rows
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-imported_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="landscape_dataset_version")]

    def __str__(self) -> str:
        return f"{self.kind} {self.version}"

    @property
    def title(self) -> str:
        return DATASETS[self.kind]

    def named(self) -> dict[str, Any]:
        """What every figure carries: which dataset, which version."""
        return {"dataset": self.kind, "version": self.version}


class Agreement(models.Model):
    """A PA-X agreement (see core.trackone.Agreement)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="agreements")
    agreement_id = models.PositiveIntegerField()
    name = models.TextField()
    signed = models.DateField()
    year = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=255)
    process = models.TextField(blank=True)
    region = models.CharField(max_length=100, blank=True)
    stage = models.CharField(max_length=10)
    parties = models.TextField(blank=True)
    third_parties = models.TextField(blank=True)
    countries = models.JSONField(default=list)
    gw_codes = models.JSONField(default=list)
    ucdp_conflicts = models.JSONField(default=list)
    ucdp_agreements = models.JSONField(default=list)
    gender = models.BooleanField()

    class Meta:
        ordering = ["signed", "agreement_id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "agreement_id"], name="landscape_agreement_unique")
        ]
        indexes = [models.Index(fields=["dataset", "year"])]

    def __str__(self) -> str:
        return f"PA-X agreement {self.agreement_id}"


class MediationEvent(models.Model):
    """A MEND mediation event (see core.trackone.MediationEvent)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=100)
    country = models.CharField(max_length=255)
    gw_code = models.IntegerField(null=True, blank=True)
    ucdp_conflict = models.IntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    locations = models.JSONField(default=list)
    third_parties = models.JSONField(default=list)
    local_parties = models.JSONField(default=list)
    agreement = models.BooleanField()
    agreement_name = models.TextField(blank=True)
    pax_agreement = models.PositiveIntegerField(null=True, blank=True)
    shuttle = models.BooleanField()
    kind = models.CharField(max_length=4)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["year", "month", "day", "event_id"]
        constraints = [models.UniqueConstraint(fields=["dataset", "event_id"], name="landscape_event_unique")]
        indexes = [models.Index(fields=["dataset", "year"])]

    def __str__(self) -> str:
        return f"MEND event {self.event_id}"


class Delegation(models.Model):
    """PADD: delegates by gender and role at one comprehensive agreement (None = not known)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="delegations")
    agreement_id = models.PositiveIntegerField()
    country = models.CharField(max_length=255)
    signed = models.DateField(null=True, blank=True)
    delegates = models.PositiveIntegerField(null=True, blank=True)
    women = models.PositiveIntegerField(null=True, blank=True)
    roles = models.JSONField(default=dict)  # role: [all, women], each a number or null

    class Meta:
        ordering = ["agreement_id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "agreement_id"], name="landscape_delegation_unique")
        ]

    def __str__(self) -> str:
        return f"PADD delegation at agreement {self.agreement_id}"
