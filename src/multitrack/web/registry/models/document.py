from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.crypto import EncryptedTextField

from .. import choices


class DocumentQuerySet(models.QuerySet["Document"]):
    def for_user(self, user: Any, capability: str = "rows") -> DocumentQuerySet:
        return self.filter(compartment_id__in=compartment_ids(user, capability))


class Document(models.Model):
    """A document kept as evidence: a report, a non-paper, an official text."""

    compartment = models.ForeignKey(
        "accounts.Compartment",
        verbose_name=_("compartment"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=choices.document_kinds, default="report")
    date = models.DateField(_("date"), null=True, blank=True)
    context = models.ForeignKey(
        "Context",
        verbose_name=_("context"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    initiative = models.ForeignKey(
        "Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    url = models.URLField(_("link"), blank=True)
    text = EncryptedTextField(_("text"), blank=True, help_text=_("The text itself, for tracing ideas later."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title
