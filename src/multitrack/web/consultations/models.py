"""Consultations: a question put to communities, short statements, and agree / disagree / pass votes.

A consultation belongs to an initiative and lives in its compartment. Participants have no account and
no name: each is an invitation card whose random token only the card carries (the database keeps its
SHA-256), and their votes are keyed by the participant row, whose public id is random. Nothing
identifying is stored: no IP address, no user agent, no time of visit beyond the time of each vote.

What is encrypted at rest: the question, every statement's text (participants may name people), and the
answers to demographic questions. What is in clear: titles, group labels ("displaced women"), vote
values, and the shape of the consultation.

Votes are append-only: a participant may change their mind, and the latest vote on a statement counts
(as in Pol.is). This keeps concurrent voting free of lost updates, and lets the analysis read only the
votes added since it last looked.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedJSONField

from .phrases import LANGUAGE_CHOICES

MODERATION_CHOICES = [
    ("pre", _("held until a facilitator approves them")),
    ("post", _("shown at once; a facilitator may reject them later")),
]
STATUS_CHOICES = [
    ("pending", _("waiting for moderation")),
    ("accepted", _("accepted")),
    ("rejected", _("rejected")),
]
VOTE_CHOICES = [(1, _("agree")), (-1, _("disagree")), (0, _("pass"))]


def hash_token(token: str) -> str:
    """What the database keeps of a card's token. Tokens are 128 random bits, so an unkeyed hash cannot
    be reversed, and it survives a rotation of the encryption key."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_ref() -> str:
    """A participant's public id in exports and analyses: random, not derived from anything."""
    return secrets.token_hex(6)


class ConsultationQuerySet(CompartmentQuerySet["Consultation"]):
    pass


class Consultation(models.Model):
    compartment = models.ForeignKey(
        "accounts.Compartment", verbose_name=_("compartment"), on_delete=models.PROTECT, related_name="+"
    )
    initiative = models.ForeignKey(
        "registry.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(
        _("short title"), max_length=200, help_text=_("A few words, naming no one, e.g. “valley priorities”.")
    )
    question = EncryptedJSONField(_("question"), default=dict, help_text=_("The question, in each language."))
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("The first is the language statements are moderated in.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    moderation = models.CharField(
        _("new statements"), max_length=4, choices=MODERATION_CHOICES, default="pre"
    )
    allow_statements = models.BooleanField(_("participants may add statements"), default=True)
    demographics = models.JSONField(
        _("demographic questions"),
        default=list,
        blank=True,
        help_text=_("Optional questions (gender, age group, the organisation's person attributes)."),
    )
    report = models.ForeignKey(
        "registry.Document",
        verbose_name=_("report document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        editable=False,
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    generation = models.PositiveIntegerField(default=0, editable=False)  # bumped when votes are removed
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("consultation")

    def __str__(self) -> str:
        return f"Consultation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.initiative_id is not None:  # a consultation lives in its initiative's compartment
            self.compartment_id = self.initiative.compartment_id
        super().save(*args, **kwargs)

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def state(self, now: Any = None) -> str:
        """ "not_open", "open" or "closed"."""
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def text_of(self, texts: dict[str, str], lang: str) -> tuple[str, str]:
        """The text in `lang`, else in the consultation's first language, else any: (text, its language)."""
        for code in (lang, self.language, *texts):
            if texts.get(code):
                return texts[code], code
        return "", lang


class ParticipantGroup(models.Model):
    """A group invited to take part, e.g. “displaced women” or “youth in the valley”."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    label = models.CharField(
        _("group"), max_length=120, help_text=_("Who is invited, as a group: never a person's name.")
    )

    class Meta:
        ordering = ["label"]
        unique_together = [("consultation", "label")]
        verbose_name = _("participant group")

    def __str__(self) -> str:
        return self.label


class Participant(models.Model):
    """One invitation card, and whoever votes with it. No name, no contact, no device or network detail."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participants")
    group = models.ForeignKey(
        ParticipantGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    ref = models.CharField(max_length=16, unique=True, default=new_ref, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The card's number, printed on it, so that a lost card can be revoked."),
    )
    external_id = models.CharField(
        max_length=40, blank=True, help_text=_("The voter id in an imported export.")
    )
    language = models.CharField(max_length=5, blank=True, choices=LANGUAGE_CHOICES)
    answers = EncryptedJSONField(default=dict, blank=True)
    consented = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # By the column, not the relation: ordering by "consultation" joins its table on every query.
        ordering = ["consultation_id", "number", "pk"]
        unique_together = [("consultation", "number")]
        verbose_name = _("participant")

    def __str__(self) -> str:
        return f"Participant {self.ref}"


class Statement(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField(help_text=_("Its id within the consultation (Pol.is comment-id)."))
    texts = EncryptedJSONField(_("text"), default=dict)
    language = models.CharField(_("written in"), max_length=5, choices=LANGUAGE_CHOICES)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    seed = models.BooleanField(_("seed statement"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default="pending")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["consultation_id", "number"]
        unique_together = [("consultation", "number")]
        verbose_name = _("statement")

    def __str__(self) -> str:
        return f"Statement {self.number}"

    def text(self, lang: str) -> tuple[str, str]:
        return self.consultation.text_of(self.texts, lang)


class Vote(models.Model):
    """One vote as cast. Append-only: the latest vote of a participant on a statement counts."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VOTE_CHOICES)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["participant", "at"]),
            models.Index(fields=["consultation", "id"]),
        ]
        verbose_name = _("vote")

    def __str__(self) -> str:
        return f"Vote {self.pk}"
