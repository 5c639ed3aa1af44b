from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from multitrack.core import vocab
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedTextField

from .. import choices


class DocumentQuerySet(CompartmentQuerySet["Document"]):
    def search(self, query: str) -> DocumentQuerySet:
        """By words of the title (the text is encrypted and cannot be searched in the database)."""
        for word in query.split():
            self = self.filter(title__icontains=word)
        return self

    def of_track(self, track: str) -> DocumentQuerySet:
        """Documents whose kind is on `track`: "two" (what initiatives produce) or "one" (official texts)."""
        return self.filter(kind__in=kinds_of_track(track))


def kinds_of_track(track: str) -> list[str]:
    return [t.code for t in vocab.DOCUMENT_KINDS if t.attrs.get("track") == track]


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

    def get_absolute_url(self) -> str:
        return reverse("registry:document_detail", args=[self.pk])

    @property
    def track(self) -> str:
        """ "one" for an official text, "two" for what an initiative produced, "" for other documents."""
        if self.kind not in vocab.DOCUMENT_KINDS:
            return ""
        return str(vocab.DOCUMENT_KINDS.get(self.kind).attrs.get("track", ""))

    def save(self, *args: Any, **kwargs: Any) -> None:
        # a document of an initiative lives in its compartment
        if self.initiative_id is not None and self.initiative is not None:
            self.compartment_id = self.initiative.compartment_id
        super().save(*args, **kwargs)
