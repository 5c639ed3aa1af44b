"""Forms for indicators, their targets and their values."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from multitrack.core import indicators as core
from multitrack.web.formfields import model_choices
from multitrack.web.registry.forms import ScopedForm
from multitrack.web.registry.models import Initiative

from ..models import Indicator, Measurement, Target, TocElement

DATE = forms.DateInput(attrs={"type": "date"})
_Part = TypeVar("_Part", Target, Measurement)


class IndicatorForm(ScopedForm[Indicator]):
    categories = forms.CharField(
        label=_("Categories"),
        required=False,
        help_text=_("Separated by commas, e.g. woman, man, non-binary. Blank: any category."),
    )

    class Meta:
        model = Indicator
        fields = [
            "initiative", "code", "name", "kind", "unit", "direction", "frequency", "toc_element",
            "baseline_value", "baseline_text", "baseline_date", "disaggregation", "categories", "data_source",
        ]  # fmt: skip
        widgets = {"baseline_date": DATE, "baseline_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiatives = Initiative.objects.for_user(self.user, "write")
        model_choices(self, "initiative", initiatives)
        elements = TocElement.objects.filter(toc__compartment_id__in=initiatives.values("compartment_id"))
        initiative = self.initial.get("initiative") or getattr(self.instance, "initiative_id", None)
        if initiative:
            elements = elements.filter(toc__initiative_id=initiative)
        model_choices(
            self,
            "toc_element",
            elements.select_related("toc"),
            label=lambda e: f"{e.label} ({e.toc.title}, {e.toc.as_of:%Y-%m-%d})",
        )
        if self.instance.pk:
            self.initial["categories"] = ", ".join(self.instance.categories)

    def clean_categories(self) -> list[str]:
        raw: str = self.cleaned_data.get("categories") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        initiative, code = data.get("initiative"), data.get("code")
        if initiative is not None and code:
            clash = Indicator.objects.filter(initiative=initiative, code=code).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", _("This initiative already has an indicator with this code."))
        element = data.get("toc_element")
        if element is not None and initiative is not None and element.toc.initiative_id != initiative.pk:
            self.add_error("toc_element", _("Choose an element of this initiative's theory of change."))
        return data


class IndicatorPartForm(ScopedForm[_Part]):
    """A target or value: its period is picked from the periods of the indicator's frequency around today
    (core.choices), or written in the text field (any period, e.g. a year target on a quarterly
    indicator)."""

    pick = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        offered = [p.label for p in core.choices(indicator.frequency, localdate(), indicator.baseline_date)]
        stored = self.instance.period if self.instance.pk else self.initial.get("period", "")
        if stored in offered:
            self.initial["pick"], self.initial["period"] = stored, ""
        frequency = indicator.get_frequency_display().lower()
        pick = self.fields["pick"]
        assert isinstance(pick, forms.ChoiceField)
        pick.choices = [("", _("— choose (%(f)s) —") % {"f": frequency})] + [
            (label, label) for label in offered
        ]
        self.fields["period"].required = False
        self.fields["period"].label = _("or another period")
        self.fields["period"].help_text = _(
            "A year (2024), half (2024-H1), quarter (2024-Q3) or month (2024-03)."
        )
        self.order_fields(["pick", "period"])

    def clean_period(self) -> str:
        written: str = self.cleaned_data.get("period", "").strip().upper()
        picked: str = self.cleaned_data.get("pick", "")
        if written and picked and written != picked:
            raise forms.ValidationError(_("Choose a period or write another, not both."))
        if not (written or picked):
            raise forms.ValidationError(_("Choose a period, or write one."))
        return written or picked


class TargetForm(IndicatorPartForm[Target]):
    class Meta:
        model = Target
        fields = ["period", "value", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period = data.get("period")
        if (
            period
            and Target.objects.filter(indicator=self.indicator, period=period)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("period", _("This indicator already has a target for this period."))
        return data


class MeasurementForm(IndicatorPartForm[Measurement]):
    class Meta:
        model = Measurement
        fields = ["period", "category", "value", "text", "source"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.indicator.categories:
            choices = [("", _("Total"))] + [(c, c) for c in self.indicator.categories]
            self.fields["category"] = forms.ChoiceField(label=_("Category"), choices=choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period, category = data.get("period"), data.get("category", "")
        if period:
            others = Measurement.objects.filter(
                indicator=self.indicator, period=period, category=category or ""
            )
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "period", _("A value for this period and category is already recorded; edit it.")
                )
        return data


class ValuesImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("The indicator-values template, UTF-8."))
