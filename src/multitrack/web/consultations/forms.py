"""Forms for facilitators: the consultation, its statements and its invitation cards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from multitrack.web.formfields import choice_field, model_choices
from multitrack.web.registry.models import Initiative

from .demographics import available
from .models import Consultation, ParticipantGroup
from .phrases import LANGUAGE_CHOICES, LANGUAGES
from .services.actions import MAX_CARDS, MAX_STATEMENT


class ConsultationForm(forms.ModelForm[Consultation]):
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Participants choose among these; statements are moderated in the first one ticked."),
    )
    demographics = forms.MultipleChoiceField(
        label=_("optional questions to participants"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is optional for the participant; the answers are only shown as suppressed counts."),
    )
    groups = forms.CharField(
        label=_("groups to invite"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. “displaced women”, “youth in the valley”. Never a person's name."),
    )

    class Meta:
        model = Consultation
        fields = [
            "initiative", "title", "languages", "opens_at", "closes_at", "moderation", "allow_statements",
            "demographics",
        ]  # fmt: skip
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "initiative", Initiative.objects.for_user(user, "write").order_by("title"))
        choice_field(self, "demographics").choices = available()
        for code, name in LANGUAGES.items():
            self.fields[f"question_{code}"] = forms.CharField(
                label=_("question in %(language)s") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.instance.pk:
                self.fields[f"question_{code}"].initial = self.instance.question.get(code, "")
        if self.instance.pk:
            self.fields["groups"].initial = "\n".join(g.label for g in self.instance.groups.all())
        else:
            self.fields["languages"].initial = ["en"]

    def clean_languages(self) -> list[str]:
        # Keep the order of ticking as the order of the choices; the first is the consultation's own.
        chosen: list[str] = self.cleaned_data["languages"]
        return [c for c, _name in LANGUAGE_CHOICES if c in chosen]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        languages = data.get("languages") or []
        question = {c: (data.get(f"question_{c}") or "").strip() for c in languages}
        missing = [LANGUAGES[c] for c, text in question.items() if not text]
        if languages and missing:
            self.add_error(
                None,
                _("Write the question in every language chosen: missing %(l)s.") % {"l": ", ".join(missing)},
            )
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The consultation must close after it opens."))
        self.instance.question = {c: t for c, t in question.items() if t}
        return data

    def group_lines(self) -> list[str]:
        return str(self.cleaned_data.get("groups") or "").splitlines()


class StatementForm(forms.Form):
    """A seed statement, or translations of an existing one: one field per language of the consultation."""

    def __init__(self, *args: Any, consultation: Consultation, initial_texts: dict[str, str] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.languages = consultation.languages or ["en"]
        for code in self.languages:
            self.fields[f"text_{code}"] = forms.CharField(
                label=LANGUAGES.get(code, code),
                required=False,
                max_length=MAX_STATEMENT,
                initial=(initial_texts or {}).get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_STATEMENT}),
            )

    def texts(self) -> dict[str, str]:
        return {c: self.cleaned_data.get(f"text_{c}", "") for c in self.languages}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not any((data.get(f"text_{c}") or "").strip() for c in self.languages):
            raise forms.ValidationError(_("Write the statement in at least one language."))
        return data


class CardsForm(forms.Form):
    group = forms.ModelChoiceField(queryset=ParticipantGroup.objects.none(), required=False, label=_("group"))
    count = forms.IntegerField(label=_("number of cards"), min_value=1, max_value=MAX_CARDS, initial=20)

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "group", consultation.groups.all()).empty_label = _("(no group)")


class RevokeForm(forms.Form):
    number = forms.IntegerField(label=_("card number"), min_value=1)
