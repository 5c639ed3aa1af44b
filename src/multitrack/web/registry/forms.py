"""Forms for the registry. Coded lists stored as JSON are edited as multiple choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from multitrack.core import countries, vocab

from . import choices
from .models import Actor, Context, Event, Initiative, Participation, Relationship


class CodeListField(forms.MultipleChoiceField):
    """A JSON list of vocabulary codes, edited as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, vocabulary: vocab.Vocabulary, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=lambda: choices.translated(vocabulary), **kwargs)


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

    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        text = super().to_python(value)
        items = [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]
        if self.items == "text":
            return items
        if self.items == "code":
            return [item.upper() for item in items]
        bad = [item for item in items if not item.isdigit()]
        if bad:
            raise forms.ValidationError(_("Not whole numbers: %(items)s"), params={"items": ", ".join(bad)})
        return [int(item) for item in items]


class ContextForm(forms.ModelForm):
    countries = CommaListField(label=_("Countries"), help_text=_("ISO 3166 alpha-3 codes, e.g. COL, VEN."))
    gw_codes = CommaListField(items="int", label=_("Gleditsch–Ward codes"), help_text=_("e.g. 100, 101"))
    ucdp_conflict_ids = CommaListField(items="int", label=_("UCDP conflict ids"), help_text=_("e.g. 289"))

    class Meta:
        model = Context
        fields = ["name", "summary", "countries", "gw_codes", "ucdp_conflict_ids"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def clean_countries(self) -> list[str]:
        value: list[str] = self.cleaned_data["countries"]
        unknown = countries.unknown_alpha3(value)
        if unknown:
            raise forms.ValidationError(
                _("Not ISO 3166 alpha-3 codes: %(codes)s"), params={"codes": ", ".join(unknown)}
            )
        return value


class ActorForm(forms.ModelForm):
    nine_tracks = CodeListField(vocab.NINE_TRACKS, label=_("Diamond–McDonald tracks"))
    identity_groups = CommaListField(
        items="text", label=_("Identity groups"), help_text=_("Optional and sensitive; comma-separated.")
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=lambda: [("", "—"), *countries.choices()]
    )

    class Meta:
        model = Actor
        fields = [
            "kind",
            "name",
            "ref",
            "level",
            "official_status",
            "position",
            "affiliation",
            "country",
            "nine_tracks",
            "gender",
            "age_group",
            "identity_groups",
            "contexts",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "contexts": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["affiliation"].queryset = self.fields["affiliation"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean_ref(self) -> str | None:
        return self.cleaned_data["ref"] or None


class InitiativeForm(forms.ModelForm):
    objectives = CodeListField(vocab.OBJECTIVES, label=_("Objectives"))

    class Meta:
        model = Initiative
        fields = [
            "title",
            "context",
            "ref",
            "summary",
            "third_party_type",
            "third_party",
            "format",
            "objectives",
            "declared_track",
            "discretion",
            "status",
            "start_date",
            "end_date",
            "funders",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "funders": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["third_party"].queryset = Actor.objects.exclude(kind="person")

    def clean_ref(self) -> str | None:
        return self.cleaned_data["ref"] or None


class OverrideForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=choices.tracks)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text=_("Why the computed track does not fit. Kept with your name and the date."),
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "format", "start_date", "end_date", "location", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }


class ParticipationForm(forms.ModelForm):
    """Add an actor to an event (or to the initiative as a whole) with a role."""

    actor = forms.ModelChoiceField(
        label=_("Actor"), queryset=Actor.objects.all(), help_text=_("Persons are listed by pseudonym.")
    )

    class Meta:
        model = Participation
        fields = ["actor", "role", "acting_capacity", "attended", "spoke", "notes"]
        widgets = {"notes": forms.TextInput()}

    def __init__(self, *args: Any, initiative: Initiative, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.instance.event = event

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        actor, role = cleaned.get("actor"), cleaned.get("role")
        if actor and role:
            clash = Participation.objects.filter(
                actor=actor, role=role, initiative=self.instance.initiative, event=self.instance.event
            )
            if clash.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("%(actor)s already has this role here."), params={"actor": actor}
                )
        return cleaned


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = [
            "source",
            "type",
            "target",
            "context",
            "valid_from",
            "valid_to",
            "evidence",
            "confidence",
            "notes",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
