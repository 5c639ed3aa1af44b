"""Form fields shared by the apps' forms: typed access to the fields a model form makes of a model's fields,
to narrow their choices; lists typed as comma-separated values; a length limit on every free-text field.

`form.fields` holds plain `Field`s as far as a type checker knows; a foreign key or a many-to-many field
becomes a ModelChoiceField (ModelMultipleChoiceField is one too), a field with choices a ChoiceField.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core import validators
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=Model)


def model_choices(
    form: forms.BaseForm, name: str, queryset: QuerySet[_M], label: Callable[[_M], str] | None = None
) -> forms.ModelChoiceField[_M]:
    """Offer the rows of `queryset` in the form's field `name`, each shown as `label` gives it when
    given (else as str() does); the field is returned."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), name
    field.queryset = queryset
    if label is not None:
        # The field's own labels, instead of a subclass of ModelChoiceField for each; mypy refuses an
        # assignment to a method.
        field.label_from_instance = label  # type: ignore[assignment]
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, a choice among values (MultipleChoiceField is one too)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field


class CommaListField(forms.CharField):
    """A list typed as comma-separated values (e.g. country codes or ids)."""

    def __init__(self, *, items: str = "code", **kwargs: Any) -> None:
        # items: "code" (upper-cased, e.g. COL), "int" (whole numbers) or "text" (kept as typed)
        self.items = items
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    # A CharField whose value is the list typed in it, not the text: not a str as CharField promises.
    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        text = super().to_python(value)
        assert text is not None  # empty_value is "", never None
        items = [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]
        if self.items == "text":
            return items
        if self.items == "code":
            return [item.upper() for item in items]
        bad = [item for item in items if not item.isdigit()]
        if bad:
            raise forms.ValidationError(_("Not whole numbers: %(items)s"), params={"items": ", ".join(bad)})
        return [int(item) for item in items]


TEXT_LIMIT = 4000  # characters in a free-text field without a limit of its own (about two pages)


def limit_text(form: forms.BaseForm) -> None:
    """Give every free-text field a length limit (refused beyond it, with the count shown as one types:
    static/multitrack/app.js reads `maxlength`)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = TEXT_LIMIT
            field.validators.append(validators.MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs["maxlength"] = str(TEXT_LIMIT)
