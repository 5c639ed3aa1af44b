"""Forms of inclusion analytics: the query (what to cross with what), the organisation's attributes
and reference lines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from multitrack.core import inclusion
from multitrack.web.formfields import choice_field, model_choices
from multitrack.web.registry import choices
from multitrack.web.registry.models import Context, Initiative

from .models import PersonAttribute, ReferenceLine
from .services.analysis import COLUMN_CHOICES, Query

NAMES = {
    "gender": _("gender"),
    "age": _("age group"),
    "level": _("Lederach level"),
    "track": _("track"),
    "period": _("year"),
    "track_period": _("each track over time (track × year)"),
    "initiative": _("initiative"),
    "context": _("context"),
    "role": _("role"),
    "role_group": _("role group (presence, influence)"),
}


def dimension_choices(*, rows: bool) -> list[tuple[str, Any]]:
    own = [(a.code, a.label) for a in PersonAttribute.objects.all()]
    person = [("gender", NAMES["gender"]), ("age", NAMES["age"]), ("level", NAMES["level"]), *own]
    if rows:
        return person
    return [*[(c, NAMES[c]) for c in COLUMN_CHOICES], *person]


class QueryForm(forms.Form):
    rows = forms.MultipleChoiceField(
        label=_("Groups (crossed with each other)"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick several for intersections, e.g. gender and age group."),
    )
    column = forms.ChoiceField(label=_("Across"))
    role_group = forms.ChoiceField(
        label=_("Roles"),
        required=False,
        choices=[
            ("", _("all")),
            (inclusion.PRESENCE, _("presence only")),
            (inclusion.INFLUENCE, _("influence only")),
        ],
    )
    initiative: forms.ModelChoiceField[Initiative] = forms.ModelChoiceField(
        label=_("Initiative"), queryset=None, required=False
    )
    context = forms.ModelChoiceField(label=_("Context"), queryset=Context.objects.all(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "rows").choices = dimension_choices(rows=True)
        choice_field(self, "column").choices = dimension_choices(rows=False)
        model_choices(
            self,
            "initiative",
            Initiative.objects.for_user(user, "aggregates").order_by("code"),
            label=lambda i: f"{i.code} {i.title}",
        )

    def query(self) -> Query:
        if not self.is_valid():
            return Query()
        data = self.cleaned_data
        return Query(
            tuple(data["rows"]),
            data["column"],
            data["role_group"],
            data["initiative"].pk if data["initiative"] else None,
            data["context"].pk if data["context"] else None,
        )


class LinesField(forms.CharField):
    """A list typed one item per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    # A CharField whose value is the list of lines typed in it: not a str as CharField promises.
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class AttributeForm(forms.ModelForm[PersonAttribute]):
    values = LinesField(
        label=_("Values"), required=False, help_text=_("One per line; none: any value may be typed.")
    )

    class Meta:
        model = PersonAttribute
        fields = ["code", "label", "description", "values"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ReferenceLineForm(forms.ModelForm[ReferenceLine]):
    roles = forms.MultipleChoiceField(
        label=_("Roles counted"), choices=choices.participant_roles, widget=forms.CheckboxSelectMultiple
    )
    dimension = forms.ChoiceField(label=_("Dimension"))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = ReferenceLine
        fields = ["key", "title", "dimension", "value", "roles", "share", "period", "source", "url"]
        help_texts = {"share": _("Between 0 and 1, e.g. 0.13 for 13 %."), "value": _("e.g. woman")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "dimension").choices = dimension_choices(rows=True)
