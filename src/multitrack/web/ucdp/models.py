"""Public conflict data beside the registry: UCDP conflict-years and dyad-years, and each import.

These rows are public (published by UCDP), so they are shared reference data like Contexts: any member
of any compartment may read them.

These models came from the former mapping app: they keep its tables (`db_table`, so that no row moved)
and the object types their audit entries were recorded under (`audit_label`, audit.log.object_type_of).
"""

from __future__ import annotations

from django.db import models


class UcdpImport(models.Model):
    """One import of a UCDP file: which dataset, which version, what it changed."""

    dataset = models.CharField(max_length=20)  # "acd" or "dyadic"
    version = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    rows_read = models.PositiveIntegerField()
    added = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    audit_label = "mapping.ucdpimport"

    class Meta:
        db_table = "mapping_ucdpimport"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"UCDP {self.dataset} {self.version}"


class UcdpConflictYear(models.Model):
    """A row of the UCDP/PRIO Armed Conflict Dataset: one conflict in one year."""

    conflict_id = models.IntegerField()
    year = models.IntegerField()
    location = models.CharField(max_length=255)
    side_a = models.TextField()
    side_b = models.TextField()
    incompatibility = models.PositiveSmallIntegerField()
    territory_name = models.TextField(blank=True)
    intensity_level = models.PositiveSmallIntegerField()
    type_of_conflict = models.PositiveSmallIntegerField()
    gwno_loc = models.JSONField(default=list)
    region = models.CharField(max_length=30, blank=True)
    version = models.CharField(max_length=20)

    audit_label = "mapping.ucdpconflictyear"

    class Meta:
        db_table = "mapping_ucdpconflictyear"
        ordering = ["conflict_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["conflict_id", "year"], name="ucdp_conflict_year_unique")
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"UCDP conflict {self.conflict_id} in {self.year}"


class UcdpDyadYear(models.Model):
    """A row of the UCDP Dyadic Dataset: one dyad (two warring sides) in one year."""

    dyad_id = models.IntegerField()
    conflict_id = models.IntegerField()
    year = models.IntegerField()
    side_a = models.TextField()
    side_b = models.TextField()
    intensity_level = models.PositiveSmallIntegerField()
    type_of_conflict = models.PositiveSmallIntegerField()
    version = models.CharField(max_length=20)

    audit_label = "mapping.ucdpdyadyear"

    class Meta:
        db_table = "mapping_ucdpdyadyear"
        ordering = ["dyad_id", "year"]
        constraints = [models.UniqueConstraint(fields=["dyad_id", "year"], name="ucdp_dyad_year_unique")]

    def __str__(self) -> str:
        return f"UCDP dyad {self.dyad_id} in {self.year}"
