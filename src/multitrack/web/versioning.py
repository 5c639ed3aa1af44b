"""Dated versions that never change once saved: conflict maps and theories of change.

A version is a draft until it is saved (`saved_at` set); from then on its content cannot change. The
rule lives in the models, not only in the pages: `save()` and `delete()` of a saved version, and of any
row of its content, raise the version's `saved_error`. A new version starts as a copy (each model's
`new_version`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models


class Versioned(models.Model):
    """A version: subclasses declare `saved_at` and name the error raised on a change to a saved one."""

    saved_error: ClassVar[type[ValidationError]]

    class Meta:
        abstract = True

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
        version: Any = field.related_model
        pk = getattr(self, field.attname)  # type: ignore[union-attr]
        if version._default_manager.filter(pk=pk, saved_at__isnull=False).exists():
            raise version.saved_error(pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self.check_draft()
        return super().delete(*args, **kwargs)
