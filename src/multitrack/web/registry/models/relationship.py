from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.core import vocab
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedTextField

from .. import choices


class RelationshipQuerySet(CompartmentQuerySet["Relationship"]):
    def search(self, query: str) -> RelationshipQuerySet:
        """Ties of the actor with this code or reference, or whose source note mentions the query."""
        if not query:
            return self
        q = models.Q(evidence__icontains=query)
        for end in ("source", "target"):
            q |= models.Q(**{f"{end}__code__iexact": query}) | models.Q(**{f"{end}__ref__iexact": query})
        return self.filter(q)


class Relationship(models.Model):
    """A typed tie between two actors, after the conflict-mapping legend (Fisher et al. 2000)."""

    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="relationships",
    )
    context = models.ForeignKey(
        "Context",
        verbose_name=_("context"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    source = models.ForeignKey(
        "Actor", verbose_name=_("from"), on_delete=models.CASCADE, related_name="relationships_out"
    )
    target = models.ForeignKey(
        "Actor", verbose_name=_("to"), on_delete=models.CASCADE, related_name="relationships_in"
    )
    type = models.CharField(_("type"), max_length=20, choices=choices.relationship_types)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    evidence = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where this comes from: an interview, a report, …"),
    )
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=choices.confidence, default="medium"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["source__code", "target__code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} —{self.type}→ {self.target}"

    @property
    def directed(self) -> bool:
        return vocab.RELATIONSHIP_TYPES.get(self.type).flag("directed")

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An actor cannot have a relationship with itself.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
