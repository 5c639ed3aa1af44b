"""The forms of coordination: a space, an invitation, and an initiative's card."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from multitrack.web.accounts.models import Organisation
from multitrack.web.formfields import model_choices

from .models import CARD_FIELDS, Space


class SpaceForm(forms.Form):
    name = forms.CharField(max_length=120)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="On behalf of")

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choices(
            self, "organisation", Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        )
        if len(organisations) == 1:
            field.initial = organisations[0].pk


class InviteForm(forms.Form):
    """An invitation names the organisation exactly: the installation's organisations are not listed, so
    that no organisation learns from Multitrack which others use it."""

    organisation = forms.CharField(max_length=120, label="Invite the organisation named")

    def clean_organisation(self) -> Organisation:
        name = self.cleaned_data["organisation"].strip()
        found = Organisation.objects.filter(name__iexact=name).first()
        if found is None:
            raise forms.ValidationError(f"No organisation is called {name!r} on this installation.")
        return found


class CardForm(forms.Form):
    fields_shared = forms.MultipleChoiceField(
        label="Share these fields", choices=list(CARD_FIELDS.items()), widget=forms.CheckboxSelectMultiple,
        help_text="Partners see only what you tick, as it is now: never participants, notes, title or code.",
    )  # fmt: skip
    label = forms.CharField(max_length=200, required=False, help_text="A name for partners (not the title).")
    target_groups = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One per line, e.g. youth in the valley.",
    )
    contact = forms.CharField(
        max_length=200, required=False, help_text="How a partner reaches you, e.g. a shared mailbox."
    )
    spaces = forms.ModelMultipleChoiceField(
        queryset=Space.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="Share in"
    )

    def __init__(self, *args: Any, spaces: QuerySet[Space], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "spaces", spaces)
