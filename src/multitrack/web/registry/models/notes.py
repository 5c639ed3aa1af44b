from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedTextField


class NoteQuerySet(CompartmentQuerySet["MeetingNote"]):
    compartment_path = "event__initiative__compartment"


class MeetingNote(models.Model):
    """A note of what was said at an event.

    Under the Chatham House Rule a note is non-attributable: it is stored with no link to who said it,
    the database refuses one (check constraint), and the app offers no field to add one later.
    """

    event = models.ForeignKey("Event", on_delete=models.CASCADE, related_name="notes")
    chatham_house = models.BooleanField(
        _("non-attributable (Chatham House Rule)"),
        default=True,
        help_text=_("What was said may be used, but not who said it. Cannot be undone."),
    )
    speaker = models.ForeignKey(
        "Actor", verbose_name=_("speaker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(chatham_house=False) | models.Q(speaker__isnull=True),
                name="chatham_house_notes_have_no_speaker",
            )
        ]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.event_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and self.chatham_house is False:
            # Once non-attributable, always: a stored Chatham House note cannot be made attributable.
            stored = MeetingNote.objects.filter(pk=self.pk, chatham_house=True).exists()
            if stored:
                self.chatham_house = True
        if self.chatham_house:
            self.speaker = None
        super().save(*args, **kwargs)
