"""Typed access to the fields a model form makes of a model's fields, to narrow their choices.

`form.fields` holds plain `Field`s as far as a type checker knows; a foreign key or a many-to-many field
becomes a ModelChoiceField (ModelMultipleChoiceField is one too), a field with choices a ChoiceField.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db.models import Model, QuerySet

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
