"""Dated versions that never change once saved: conflict maps and theories of change.

A version is a draft until it is saved (`saved_at` set); from then on its content cannot change. The
rule lives in the models, not only in the pages: `save()` and `delete()` of a saved version, and of any
row of its content, raise the version's `saved_error`. A new version starts as a copy (each model's
`new_version`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from multitrack.web.crypto import EncryptedTextField


class SavedVersionError(ValidationError):
    """An attempt to change a saved version or its content; each kind of version words it."""

    message_text: ClassVar[Any]

    def __init__(self, pk: int | None) -> None:
        super().__init__(self.message_text, code="saved_version", params={"id": pk})


class Versioned(models.Model):
    """A version: who made it from which earlier version, and when it was saved and by whom. A subclass
    names the error raised on a change to a saved version, the message refusing to save an empty one and
    the rows that make it not empty, and says what its problems are."""

    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_versions",
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True, editable=False)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    saved_error: ClassVar[type[SavedVersionError]]
    empty_message: ClassVar[Any]
    content_name: ClassVar[str]  # the related name of the rows without which a version is empty

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        raise NotImplementedError

    def problems(self) -> list[str]:
        """What stops this draft from being saved as a version (none by default)."""
        return []

    def is_empty(self) -> bool:
        """Whether the version has no content yet (its `content_name` relation holds no row)."""
        return not getattr(self, self.content_name).exists()

    def freeze(self, user: Any) -> None:
        """Save this draft as a version: from now on its content cannot change."""
        found = self.problems()
        if found:
            raise ValidationError(found)
        if self.is_empty():
            raise ValidationError(self.empty_message)
        self.check_draft()
        type(self)._default_manager.filter(pk=self.pk).update(saved_at=timezone.now(), saved_by=user)
        self.refresh_from_db()

    @property
    def is_saved(self) -> bool:
        return getattr(self, "saved_at", None) is not None

    def check_draft(self) -> None:
        if (
            self.pk is not None
            and type(self)._default_manager.filter(pk=self.pk, saved_at__isnull=False).exists()
        ):
            raise self.saved_error(self.pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.check_draft()
        return super().delete(*args, **kwargs)


class VersionContent(models.Model):
    """A row of a version's content (`version_field` names the foreign key to the version): it changes
    only while that version is a draft."""

    version_field: ClassVar[str]

    class Meta:
        abstract = True

    def check_draft(self) -> None:
        field = self._meta.get_field(self.version_field)
        assert isinstance(field, models.ForeignKey)
        version: Any = field.related_model
        pk = getattr(self, field.attname)
        if version._default_manager.filter(pk=pk, saved_at__isnull=False).exists():
            raise version.saved_error(pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.check_draft()
        return super().delete(*args, **kwargs)
