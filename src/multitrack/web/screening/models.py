"""Sanctions lists as imported: each import of a list version, and the listed persons and entities.

Lists are public reference data (like UCDP): they belong to no compartment. An entry removed from a
newer version is kept, marked with the import that removed it, so that past screening decisions still
say which entry they were about.
"""

from __future__ import annotations

from django.db import models

from multitrack.core.screening.entries import SCHEMAS, SOURCES

SOURCE_CHOICES = [(s, s) for s in SOURCES]


class WatchlistImport(models.Model):
    """One import of one version of a list, with what it changed against the entries stored before."""

    source = models.CharField(max_length=20, choices=SOURCE_CHOICES)
    version = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64)
    total = models.PositiveIntegerField()
    added = models.PositiveIntegerField()
    removed = models.PositiveIntegerField()
    changed = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "watchlist import"

    def __str__(self) -> str:
        return f"{self.source} {self.version}"

    def summary(self) -> dict[str, object]:
        return {
            "source": self.source,
            "version": self.version,
            "total": self.total,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


class ListedEntity(models.Model):
    """A person, organisation, vessel or aircraft on a list, as its latest import gave it."""

    source = models.CharField(max_length=20, choices=SOURCE_CHOICES)
    entry_id = models.CharField(max_length=100)
    schema = models.CharField(max_length=20, choices=[(s, s) for s in SCHEMAS])
    primary_name = models.TextField()
    data = models.JSONField()  # ListEntry.as_dict(): names, dates of birth, nationalities, programmes, …
    content_hash = models.CharField(max_length=64)
    first_seen = models.ForeignKey(WatchlistImport, on_delete=models.PROTECT, related_name="+")
    last_changed = models.ForeignKey(WatchlistImport, on_delete=models.PROTECT, related_name="+")
    removed_in = models.ForeignKey(
        WatchlistImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["source", "entry_id"]
        verbose_name = "listed entity"
        verbose_name_plural = "listed entities"
        constraints = [
            models.UniqueConstraint(fields=["source", "entry_id"], name="listed_entity_unique"),
        ]
        indexes = [models.Index(fields=["source", "removed_in"])]

    def __str__(self) -> str:
        return f"{self.source} {self.entry_id}"

    @property
    def active(self) -> bool:
        return self.removed_in_id is None
