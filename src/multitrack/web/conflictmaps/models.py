"""Participatory conflict maps: dated versions of a context's map from one perspective.

A version is a draft until it is saved; from then on its content (date, perspective, nodes, ties,
dividers and connectors, and their links) never changes: `save()` and `delete()` refuse, and a new
version starts as a copy. What may still change on a saved version is not content: contributors'
consent (which can be withdrawn at any time) and the comments people leave on its elements.

Discretion: a node's label and notes are encrypted. A node linked to a registry person, or marked as
naming a person, is shown by pseudonym unless the reader may reveal identities and asked to (audited).

These models came from the former mapping app: they keep its tables (`db_table`, so that no row moved)
and the object types their audit entries were recorded under (`audit_label`, audit.log.object_type_of).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.core import conflictmap as core
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedCharField, EncryptedTextField
from multitrack.web.registry import choices
from multitrack.web.versioning import SavedVersionError, VersionContent, Versioned


class SavedVersion(SavedVersionError):
    """An attempt to change the content of a saved (immutable) map version."""

    message_text = _("Map %(id)s is a saved version and cannot change; start a new version from it instead.")


def new_key() -> str:
    return uuid.uuid4().hex[:12]


class ConflictMapQuerySet(CompartmentQuerySet["ConflictMap"]):
    pass


class ConflictMap(Versioned):
    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="conflict_maps",
    )
    context = models.ForeignKey(
        "registry.Context", verbose_name=_("context"), on_delete=models.PROTECT, related_name="conflict_maps"
    )
    as_of = models.DateField(_("date"), help_text=_("The moment the map describes."))
    perspective = models.CharField(
        _("perspective"),
        max_length=200,
        help_text=_("Whose view this is, e.g. “women's groups in the north”, “facilitation team”."),
    )

    objects = ConflictMapQuerySet.as_manager()
    saved_error = SavedVersion
    empty_message = _("An empty map cannot be saved as a version; add its parties first.")
    content_name = "nodes"

    audit_label = "mapping.conflictmap"

    class Meta:
        db_table = "mapping_conflictmap"
        ordering = ["context__name", "as_of", "perspective", "pk"]
        verbose_name = _("conflict map")

    def __str__(self) -> str:
        return f"Map {self.pk} ({self.as_of:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("maps:detail", args=[self.pk])

    def snapshot(self, *, reveal: bool = False) -> core.MapSnapshot:
        """The map as plain data, labelled as the reader may see it."""
        nodes = list(self.nodes.select_related("actor"))
        return core.MapSnapshot(
            nodes=tuple(n.as_core(reveal=reveal) for n in nodes),
            ties=tuple(
                core.MapTie(t.source.key, t.target.key, t.type)
                for t in self.ties.select_related("source", "target")
            ),
        )

    def problems(self) -> list[str]:
        return core.problems(self.snapshot())

    @transaction.atomic
    def new_version(self, user: Any, *, as_of: Any, perspective: str | None = None) -> ConflictMap:
        """A draft that starts as a copy of this version: its nodes (keeping their keys, so that the
        two versions can be compared), ties, dividers and connectors. Contributors and comments belong
        to the version they were given for and are not copied."""
        copy = ConflictMap.objects.create(
            compartment=self.compartment,
            context=self.context,
            as_of=as_of,
            perspective=perspective or self.perspective,
            based_on=self,
            created_by=user,
        )
        nodes: dict[int, MapNode] = {}
        for n in self.nodes.all():
            old_pk = n.pk
            n.pk, n.id, n.map = None, None, copy
            n._state.adding = True
            n.save()
            nodes[old_pk] = n
        for t in self.ties.all():
            MapTie.objects.create(
                map=copy, source=nodes[t.source_id], target=nodes[t.target_id], type=t.type, notes=t.notes
            )
        for f in self.factors.prefetch_related("initiatives"):
            initiatives = list(f.initiatives.all())
            f._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's, private: not in the stubs
            f.pk, f.id, f.map = None, None, copy
            f._state.adding = True
            f.save()
            f.initiatives.set(initiatives)
        return copy


class MapContent(VersionContent):
    """Rows that are part of a version's content: they change only while the version is a draft."""

    version_field = "map"

    class Meta:
        abstract = True


class MapNode(MapContent):
    """A party, an external party or an issue on one version of a map."""

    map = models.ForeignKey(ConflictMap, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=choices.map_elements, default="party")
    label = EncryptedCharField(_("label"))
    names_person = models.BooleanField(
        _("names a person"),
        default=False,
        help_text=_("Shown by pseudonym to those who may not see identities."),
    )
    actor = models.ForeignKey(
        "registry.Actor",
        verbose_name=_("registry actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a saved version keeps its links
        related_name="map_nodes",
    )
    power = models.PositiveSmallIntegerField(
        _("relative power"),
        null=True,
        blank=True,
        help_text=_("1 (little) to 5 (dominant) on the issues of this map; blank for issues."),
    )
    x = models.FloatField(null=True, blank=True, editable=False)
    y = models.FloatField(null=True, blank=True, editable=False)
    notes = EncryptedTextField(_("notes"), blank=True)

    audit_label = "mapping.mapnode"

    class Meta:
        db_table = "mapping_mapnode"
        ordering = ["map", "pk"]
        verbose_name = _("map node")
        constraints = [models.UniqueConstraint(fields=["map", "key"], name="map_node_key_unique")]

    def __str__(self) -> str:
        return f"Map node {self.key}"

    @property
    def is_person(self) -> bool:
        return self.names_person or (self.actor is not None and self.actor.kind == "person")

    def pseudonym(self) -> str:
        if self.actor is not None and self.actor.kind == "person":
            return str(self.actor.code)
        return f"Person {self.key[:6]}"

    def shown_label(self, *, reveal: bool = False) -> str:
        return str(self.label) if reveal or not self.is_person else self.pseudonym()

    def as_core(self, *, reveal: bool = False) -> core.MapNode:
        return core.MapNode(
            key=self.key,
            kind=self.kind,
            label=self.shown_label(reveal=reveal),
            power=self.power,
            actor=self.actor.code if self.actor else None,
            x=self.x,
            y=self.y,
        )

    def clean(self) -> None:
        if self.kind == "issue" and self.power is not None:
            raise ValidationError({"power": _("An issue has no power; leave it blank.")})
        if self.power is not None and not core.POWER_MIN <= self.power <= core.POWER_MAX:
            raise ValidationError({"power": _("Relative power goes from 1 (little) to 5 (dominant).")})


class MapTie(MapContent):
    """A tie drawn after the mapping legend: a line between two nodes, or an influence arrow."""

    map = models.ForeignKey(ConflictMap, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(MapNode, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(MapNode, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+")
    type = models.CharField(_("type"), max_length=20, choices=choices.relationship_types)
    notes = EncryptedTextField(_("notes"), blank=True)

    audit_label = "mapping.maptie"

    class Meta:
        db_table = "mapping_maptie"
        ordering = ["map", "pk"]
        verbose_name = _("map tie")
        constraints = [
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="map_tie_not_self")
        ]

    def __str__(self) -> str:
        return f"Map tie {self.pk}"

    def as_core(self) -> core.MapTie:
        return core.MapTie(self.source.key, self.target.key, self.type)

    def clean(self) -> None:
        if self.source_id is None or self.target_id is None:
            return
        if self.source_id == self.target_id:
            raise ValidationError({"target": _("A tie needs two different nodes.")})
        if self.source.map_id != self.map_id or self.target.map_id != self.map_id:
            raise ValidationError(_("Both ends must be nodes of this map."))
        mine = self.as_core().identity()
        for other in self.map.ties.exclude(pk=self.pk).select_related("source", "target"):
            if other.as_core().identity() == mine:
                what = _("an influence arrow in this direction") if self.type == "influence" else _("a line")
                raise ValidationError(
                    {"type": _("These two already have %(what)s; change its type instead.") % {"what": what}}
                )


class DnhFactor(MapContent):
    """A Do No Harm divider or connector in the context at the map's date (Anderson 1999)."""

    map = models.ForeignKey(ConflictMap, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(_("divider or connector"), max_length=10, choices=choices.dnh_kinds)
    category = models.CharField(_("category"), max_length=12, choices=choices.saves)
    description = models.TextField(
        _("description"),
        help_text=_("What it is and where. Do not list your own organisation as a divider or connector."),
    )
    initiatives = models.ManyToManyField(
        "registry.Initiative",
        verbose_name=_("informs the design of"),
        blank=True,
        related_name="dnh_factors",
    )

    audit_label = "mapping.dnhfactor"

    class Meta:
        db_table = "mapping_dnhfactor"
        ordering = ["map", "kind", "category", "pk"]
        verbose_name = _("divider or connector")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


@receiver(m2m_changed, sender=DnhFactor.initiatives.through)
def _links_are_content(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    """Which initiatives a divider or connector informs is part of the version: fixed once saved."""
    if action.startswith("pre_") and isinstance(instance, DnhFactor):
        instance.check_draft()


class MapContributor(models.Model):
    """Someone who contributed to a version: a registry actor or a user, with their consent.

    Not content: consent can be withdrawn after the version is saved, and then the contributor is
    counted but no longer shown.
    """

    map = models.ForeignKey(ConflictMap, on_delete=models.CASCADE, related_name="contributors")
    actor = models.ForeignKey(
        "registry.Actor",
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="map_contributions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="map_contributions",
    )
    consent = models.CharField(_("consent"), max_length=10, choices=choices.consent, default="given")
    consent_on = models.DateField(_("consent recorded on"), default=timezone.localdate)
    consent_note = models.CharField(
        _("how consent was given"), max_length=300, blank=True, help_text=_("e.g. verbally, at the workshop")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_label = "mapping.mapcontributor"

    class Meta:
        db_table = "mapping_mapcontributor"
        ordering = ["map", "pk"]
        verbose_name = _("map contributor")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=True, user__isnull=False)
                | models.Q(actor__isnull=False, user__isnull=True),
                name="map_contributor_actor_or_user",
            ),
            models.UniqueConstraint(fields=["map", "actor"], name="map_contributor_actor_once"),
            models.UniqueConstraint(fields=["map", "user"], name="map_contributor_user_once"),
        ]

    def __str__(self) -> str:
        return f"Map contributor {self.pk}"

    @property
    def shown(self) -> bool:
        return self.consent == "given"

    def clean(self) -> None:
        if (self.actor_id is None) == (self.user_id is None):
            raise ValidationError(_("A contributor is either a registry actor or a user of Multitrack."))


class MapComment(models.Model):
    """A comment on a version, or on one of its nodes, ties, dividers or connectors. Comments may be
    added to saved versions (that is when a map is discussed); they are never edited."""

    map = models.ForeignKey(ConflictMap, on_delete=models.CASCADE, related_name="comments")
    node = models.ForeignKey(
        MapNode, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    tie = models.ForeignKey(MapTie, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    factor = models.ForeignKey(
        DnhFactor, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    text = EncryptedTextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_label = "mapping.mapcomment"

    class Meta:
        db_table = "mapping_mapcomment"
        ordering = ["map", "created_at", "pk"]
        verbose_name = _("map comment")

    def __str__(self) -> str:
        return f"Map comment {self.pk}"
