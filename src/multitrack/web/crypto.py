"""The key ring for this process, and model fields that encrypt their values at rest.

Encrypted fields store `v1.<key id>.<base64>` tokens (see multitrack.core.crypto) and hand Python
code the plain value. They cannot be filtered on (only `isnull`): exact look-ups go through a blind
index column kept beside the field.
"""

from __future__ import annotations

import datetime
import json
import threading
from typing import TYPE_CHECKING, Any

from django.db import models

from multitrack import config
from multitrack.core.crypto import KeyRing

if TYPE_CHECKING:
    _Field = models.Field[Any, Any]  # what the mixin is mixed into
else:
    _Field = object

_lock = threading.Lock()
_ring: KeyRing | None = None


def keyring() -> KeyRing:
    """The key ring from MULTITRACK_KEY or the key file, loaded once per process."""
    global _ring
    if _ring is None:
        with _lock:
            if _ring is None:
                _ring = KeyRing.from_lines(config.key_lines())
    return _ring


def reset_keyring() -> None:
    """Forget the loaded key ring (after a rotation, or when a test changes the key)."""
    global _ring
    with _lock:
        _ring = None


class EncryptedMixin(_Field):
    """Encrypt on the way to the database, decrypt on the way back; None and "" stay as they are."""

    def _context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.from_text("") if value == "" else None
        return self.from_text(keyring().decrypt(value, self._context()))

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = self.to_text(value)
        if text == "":
            return ""
        return keyring().encrypt(text, self._context())

    def get_lookup(self, lookup_name: str) -> Any:
        # Encrypted values cannot be compared in SQL; only `isnull` makes sense.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_internal_type(self) -> str:
        return "TextField"

    def value_to_string(self, obj: Any) -> Any:
        # Serialisation (backups) carries the plain value; the archive itself is encrypted.
        return self.value_from_object(obj)


# The type arguments are Any so that the django-stubs plugin takes a model attribute's types from the
# field's `_pyi_private_set_type` and `_pyi_private_get_type` (str for text), adding None when null=True.
class EncryptedTextField(EncryptedMixin, models.TextField[Any, Any]):
    """Free text or a name, encrypted at rest."""


class EncryptedCharField(EncryptedMixin, models.TextField[Any, Any]):
    """A short value encrypted at rest; forms show a one-line input. `max_length` limits the plain
    value (validated, not a column width: the ciphertext is longer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            from django.core.validators import MaxLengthValidator

            self.validators.append(MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        if not self.choices:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class EncryptedJSONField(EncryptedMixin, models.TextField[Any, Any]):
    """A JSON value (e.g. a list of aliases) encrypted at rest."""

    _pyi_private_set_type: Any  # any JSON value, as for models.JSONField
    _pyi_private_get_type: Any

    def to_text(self, value: Any) -> str:
        return "" if value in (None, "", []) else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_text(self, text: str) -> Any:
        return json.loads(text) if text else []

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else []
        return value

    def value_to_string(self, obj: Any) -> Any:
        return self.value_from_object(obj)


class EncryptedDateField(EncryptedMixin, models.TextField[datetime.date | str | None, datetime.date | None]):
    """A date (e.g. of birth) encrypted at rest; "" reads as None."""

    def to_text(self, value: Any) -> str:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def from_text(self, text: str) -> Any:
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return datetime.date.fromisoformat(value) if value else None
        return value

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.DateField(
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.DateInput(attrs={"type": "date"}),
        )

    def value_to_string(self, obj: Any) -> Any:
        value = self.value_from_object(obj)
        return value.isoformat() if value else None
