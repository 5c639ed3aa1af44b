"""Sanctions lists as imported: each import of a list version, and the listed persons and entities.

Lists are public reference data (like UCDP): they belong to no compartment. An entry removed from a
newer version is kept, marked with the import that removed it, so that past screening decisions still
say which entry they were about. Hits, decisions and engagement records concern registry actors: they
belong to the actor's compartment and are seen through `for_user`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from multitrack.core.screening.entries import SCHEMAS, SOURCES
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedJSONField, EncryptedTextField

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


VERDICTS = [
    ("true_match", "True match"),
    ("false_positive", "False positive"),
    ("unsure", "Unsure"),
]


class ScreeningHitQuerySet(CompartmentQuerySet["ScreeningHit"]):
    compartment_path = "actor__compartment"


class ScreeningHit(models.Model):
    """A registry actor whose name scored above the threshold against a listed entry.

    The explanation quotes parts of the actor's name, so it is encrypted. `entity_hash` is the entry's
    content when the actor was screened: a decision holds as long as the entry has not changed.
    """

    actor = models.ForeignKey("registry.Actor", on_delete=models.CASCADE, related_name="screening_hits")
    entity = models.ForeignKey(ListedEntity, on_delete=models.PROTECT, related_name="hits")
    entity_hash = models.CharField(max_length=64)
    score = models.FloatField()
    matched_name = EncryptedTextField()  # the name as listed: public, but beside the actor it names them
    explanation = EncryptedJSONField(default=list)
    open = models.BooleanField(default=True)
    reopened_because = models.CharField(max_length=200, blank=True)
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScreeningHitQuerySet.as_manager()

    class Meta:
        ordering = ["-open", "-score", "pk"]
        verbose_name = "screening hit"
        constraints = [models.UniqueConstraint(fields=["actor", "entity"], name="screening_hit_once")]

    def __str__(self) -> str:
        return f"Screening hit {self.pk}"

    @property
    def latest_decision(self) -> ScreeningDecision | None:
        return self.decisions.order_by("-decided_at", "-pk").first()


class ScreeningDecision(models.Model):
    """A reviewer's verdict on a hit, with the rationale, about one state of the listed entry."""

    hit = models.ForeignKey(ScreeningHit, on_delete=models.CASCADE, related_name="decisions")
    verdict = models.CharField(max_length=20, choices=VERDICTS)
    rationale = EncryptedTextField()
    entity_hash = models.CharField(max_length=64)
    list_version = models.CharField(max_length=40)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = "screening decision"

    def __str__(self) -> str:
        return f"Screening decision {self.pk}"


class EngagementRecord(models.Model):
    """The ethics register: why and how the organisation engages a confirmed listed actor, approved by
    two different users (four eyes) before it counts as approved."""

    hit = models.OneToOneField(ScreeningHit, on_delete=models.PROTECT, related_name="engagement")
    purpose = EncryptedTextField("purpose of engagement")
    legal_considerations = EncryptedTextField("legal considerations")
    exemptions = EncryptedTextField("exemptions and licences", blank=True)
    mitigations = EncryptedTextField("risk mitigations")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    first_approval = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approval = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "engagement record"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(second_approval__isnull=True)
                | ~models.Q(second_approval=models.F("first_approval")),
                name="engagement_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"Engagement record {self.pk}"

    @property
    def approved(self) -> bool:
        return self.first_approval_id is not None and self.second_approval_id is not None
