"""Forms for harvested outcomes, their substantiation, and the filters of the outcome list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from multitrack.web.consultations.models import Consultation
from multitrack.web.formfields import choice_field, model_choices
from multitrack.web.registry import choices
from multitrack.web.registry.forms import ScopedForm
from multitrack.web.registry.models import Actor, Document, Initiative

from ..models import Outcome, Substantiation, TocElement

DATE = forms.DateInput(attrs={"type": "date"})


class OutcomeForm(ScopedForm[Outcome]):
    dac_criteria = forms.MultipleChoiceField(
        label=_("DAC criteria"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Outcome
        fields = [
            "initiative", "title", "description", "social_actor", "observed_on", "place", "significance",
            "contribution", "sources", "positive", "intended", "direction", "pathway", "transferred",
            "effect_on", "rpp_reach", "rpp_level", "dac_criteria", "toc_elements", "evidence",
            "consultations",
        ]  # fmt: skip
        widgets = {
            "observed_on": DATE,
            **{f: forms.Textarea(attrs={"rows": 3}) for f in ("description", "significance", "contribution")},
            "sources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "dac_criteria").choices = choices.dac_criteria()
        initiatives = Initiative.objects.for_user(self.user, "write")
        model_choices(self, "initiative", initiatives)
        compartments = initiatives.values("compartment_id")
        model_choices(self, "social_actor", Actor.objects.for_user(self.user))
        model_choices(self, "evidence", Document.objects.for_user(self.user))
        model_choices(self, "consultations", Consultation.objects.for_user(self.user))
        elements = TocElement.objects.filter(toc__compartment_id__in=compartments).select_related("toc")
        initiative = self.initial.get("initiative") or getattr(self.instance, "initiative_id", None)
        if initiative:
            elements = elements.filter(toc__initiative_id=initiative)
        model_choices(
            self,
            "toc_elements",
            elements,
            label=lambda e: f"{e.label} ({e.get_level_display()}, {e.toc.title} {e.toc.as_of:%Y-%m-%d})",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        initiative = data.get("initiative")
        if initiative is not None:
            wrong = [e for e in data.get("toc_elements") or [] if e.toc.initiative_id != initiative.pk]
            if wrong:
                self.add_error("toc_elements", _("Choose elements of this initiative's theories of change."))
        return data


class SubstantiationForm(ScopedForm[Substantiation]):
    class Meta:
        model = Substantiation
        fields = ["substantiator", "agreement", "comment", "on"]
        widgets = {"on": DATE, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, outcome: Outcome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.outcome = outcome


def _choice(label: Any, values: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", _("any")), *list(values)])


class OutcomeFilter(forms.Form):
    """Every classification of an outcome can filter the list."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiatives = Initiative.objects.for_user(user, "rows").filter(outcomes__isnull=False).distinct()
        self.fields["initiative"] = _choice(_("Initiative"), [(str(i.pk), i.code) for i in initiatives])
        self.fields["direction"] = _choice(_("Direction"), choices.transfer_directions())
        self.fields["pathway"] = _choice(_("Pathway"), choices.transfer_pathways())
        self.fields["transferred"] = _choice(_("What"), choices.transfer_objects())
        self.fields["effect_on"] = _choice(_("Effect on"), choices.transfer_effects())
        self.fields["rpp_reach"] = _choice(_("RPP: whom"), choices.rpp_reach())
        self.fields["rpp_level"] = _choice(_("RPP: level"), choices.rpp_levels())
        self.fields["dac"] = _choice(_("DAC criterion"), choices.dac_criteria())
        self.fields["positive"] = _choice(
            _("Positive or negative"), [("yes", _("positive")), ("no", _("negative"))]
        )
        self.fields["intended"] = _choice(_("Intended"), [("yes", _("intended")), ("no", _("unintended"))])
        self.fields["substantiated"] = _choice(
            _("Substantiation"),
            [
                ("none", _("not yet")),
                ("agreed", _("someone agrees fully")),
                ("disputed", _("someone disagrees")),
            ],
        )

    def apply(self, outcomes: Any) -> Any:
        if not self.is_valid():
            return outcomes
        data = self.cleaned_data
        if data.get("initiative"):
            outcomes = outcomes.filter(initiative_id=int(data["initiative"]))
        for name in ("direction", "pathway", "transferred", "effect_on", "rpp_reach", "rpp_level"):
            if data.get(name):
                outcomes = outcomes.filter(**{name: data[name]})
        if data.get("dac"):
            outcomes = outcomes.filter(
                pk__in=[o.pk for o in outcomes if data["dac"] in (o.dac_criteria or [])]
            )
        for name in ("positive", "intended"):
            if data.get(name):
                outcomes = outcomes.filter(**{name: data[name] == "yes"})
        if data.get("substantiated") == "none":
            outcomes = outcomes.filter(substantiations__isnull=True)
        elif data.get("substantiated") == "agreed":
            outcomes = outcomes.filter(substantiations__agreement="agree_fully").distinct()
        elif data.get("substantiated") == "disputed":
            outcomes = outcomes.filter(substantiations__agreement="disagree").distinct()
        return outcomes
