from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction

from multitrack.core import pseudonym


class CodedModel(models.Model):
    """A model with a stable, random, unique `code` drawn when the row is first saved.

    The code is the row's portable key: exports write it when the user gave no reference of their own,
    and imports match on it, so a file exported from Multitrack always comes back to the same rows.
    """

    code = models.CharField("code", max_length=12, unique=True, editable=False)

    class Meta:
        abstract = True

    def code_kind(self) -> str:
        """The kind whose prefix the code carries (see multitrack.core.pseudonym.PREFIXES)."""
        raise TypeError(f"{type(self).__name__} must say which code prefix it uses")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.code:
            super().save(*args, **kwargs)
            return
        manager = type(self)._default_manager
        # A fresh random code; on the rare race with another writer, draw again.
        for _attempt in range(5):
            self.code = pseudonym.new_code(self.code_kind(), lambda c: manager.filter(code=c).exists())
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if manager.filter(code=self.code).exists():
                    self.code = ""
                    continue
                raise
        raise IntegrityError(f"could not allocate a unique {self.code_kind()} code")
