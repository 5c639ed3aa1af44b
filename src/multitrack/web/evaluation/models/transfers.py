"""Possible transfers of ideas from a Track Two output into a Track One text, and what people decided.

Tracing a document (see `multitrack.core.transfer`) proposes pairs of passages: one of the Track Two
output, one of an official text that may have taken it up. Each proposal is kept with its score, the way
it was ranked and the words the two passages share; a person confirms or rejects it. A confirmed transfer
may become evidence on a harvested outcome: both documents are then linked to the outcome as evidence.

The passages are stored as they were when proposed (encrypted, like the documents' texts), so that a
decision keeps its meaning when a document's text is edited later. Tracing again replaces the proposals
nobody decided on and keeps the decided ones.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedJSONField, EncryptedTextField

STATUSES = [("proposed", _("Proposed")), ("confirmed", _("Confirmed")), ("rejected", _("Rejected"))]


class TransferQuerySet(CompartmentQuerySet["Transfer"]):
    def for_user(self, user: Any, capability: str | None = None) -> TransferQuerySet:
        """Proposals whose two documents the user may both read (and, for `write`, write the output's)."""
        readable = compartment_ids(user, "rows")
        return super().for_user(user, capability).filter(target__compartment_id__in=readable)


class Transfer(models.Model):
    compartment = models.ForeignKey(
        "accounts.Compartment", verbose_name=_("compartment"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        "registry.Document",
        verbose_name=_("Track Two output"),
        on_delete=models.CASCADE,
        related_name="transfers_out",
    )
    target = models.ForeignKey(
        "registry.Document",
        verbose_name=_("Track One text"),
        on_delete=models.CASCADE,
        related_name="transfers_in",
    )
    source_index = models.PositiveIntegerField(_("passage of the output"))
    source_start = models.PositiveIntegerField()
    source_end = models.PositiveIntegerField()
    source_text = EncryptedTextField(_("passage of the output"))
    target_index = models.PositiveIntegerField(_("passage of the official text"))
    target_start = models.PositiveIntegerField()
    target_end = models.PositiveIntegerField()
    target_text = EncryptedTextField(_("passage of the official text"))
    score = models.FloatField(_("score"))
    lexical = models.FloatField(_("BM25 score"), help_text=_("The lexical score, whatever the ranking."))
    method = models.CharField(_("ranked by"), max_length=40, default="bm25")
    rank = models.PositiveIntegerField(_("rank"), help_text=_("1 for the best proposal of the run."))
    shared = EncryptedJSONField(_("shared words"), default=list, blank=True)
    undated = models.BooleanField(
        _("official text undated"), default=False, help_text=_("The date rule could not be applied.")
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="proposed")
    note = EncryptedTextField(_("note"), blank=True)
    outcome = models.ForeignKey(
        "evaluation.Outcome",
        verbose_name=_("evidence for outcome"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
    )
    traced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traced_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["source", "rank", "pk"]
        verbose_name = _("possible transfer")
        indexes = [models.Index(fields=["source", "status"], name="transfer_source_status")]

    def __str__(self) -> str:
        return f"Transfer {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:trace", args=[self.source_id]) + f"#transfer-{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compartment_id = self.source.compartment_id
        super().save(*args, **kwargs)

    def same_pair(self, other: Transfer) -> bool:
        """The same two passages (by text: offsets move when a document is edited)."""
        return (
            self.target_id == other.target_id
            and self.source_text == other.source_text
            and self.target_text == other.target_text
        )
