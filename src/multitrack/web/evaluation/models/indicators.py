"""Indicators: what an initiative measures, from which baseline, towards which targets, period by period.

An indicator belongs to an initiative (its compartment) and may measure one element of a theory of change.
It is quantitative (a number with a unit) or qualitative (a statement per period, optionally rated on
the indicator's scale). Values are recorded per period (a year, half, quarter or month; the indicator's
frequency says which the forms and the entry grid offer), as a total or
disaggregated by a category of the indicator's disaggregation (e.g. gender: woman, man). Comments on
values and qualitative statements are encrypted: they can describe who did what.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from multitrack.core import indicators as core
from multitrack.web.accounts.scoped import CompartmentQuerySet
from multitrack.web.crypto import EncryptedTextField

KINDS = [("quantitative", _("Quantitative")), ("qualitative", _("Qualitative"))]
DIRECTIONS = [("increase", _("Should increase")), ("decrease", _("Should decrease"))]
FREQUENCIES = [
    ("year", _("Yearly")),
    ("half", _("Half-yearly")),
    ("quarter", _("Quarterly")),
    ("month", _("Monthly")),
]


def validate_period(value: str) -> None:
    try:
        core.period(value)
    except core.PeriodError as exc:
        raise ValidationError(str(exc)) from None


class IndicatorQuerySet(CompartmentQuerySet["Indicator"]):
    pass


class Indicator(models.Model):
    compartment = models.ForeignKey(
        "accounts.Compartment", verbose_name=_("compartment"), on_delete=models.PROTECT, related_name="+"
    )
    initiative = models.ForeignKey(
        "registry.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_("Short and unique within the initiative, e.g. OC1.2; CSV imports name indicators by it."),
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=KINDS, default="quantitative")
    unit = models.CharField(_("unit or measure"), max_length=100, blank=True, help_text=_("e.g. meetings, %"))
    direction = models.CharField(_("direction"), max_length=10, choices=DIRECTIONS, default="increase")
    frequency = models.CharField(
        _("frequency"),
        max_length=8,
        choices=FREQUENCIES,
        default="year",
        help_text=_("How often values are entered: the periods the forms and the entry grid offer."),
    )
    toc_element = models.ForeignKey(
        "evaluation.TocElement",
        verbose_name=_("measures"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text=_("The theory-of-change element this indicator measures."),
    )
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_text = EncryptedTextField(_("baseline (qualitative)"), blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    disaggregation = models.CharField(
        _("disaggregation"),
        max_length=60,
        blank=True,
        help_text=_("What values may be broken down by, e.g. gender, track, community."),
    )
    categories = models.JSONField(
        _("categories"),
        default=list,
        blank=True,
        help_text=_("The categories of the disaggregation, e.g. woman, man, non-binary."),
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "code"]
        verbose_name = _("indicator")
        constraints = [models.UniqueConstraint(fields=["initiative", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"Indicator {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:indicator_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.initiative_id is not None:
            self.compartment_id = self.initiative.compartment_id
        super().save(*args, **kwargs)

    def measurements_core(self) -> list[core.Measurement]:
        return [core.Measurement(m.period, m.value, m.text, m.category) for m in self.measurements.all()]

    def target_pairs(self) -> list[tuple[str, float | None]]:
        return [(t.period, t.value) for t in self.targets.all()]

    def direction_warnings(self) -> list[core.DirectionWarning]:
        """Targets that go against the direction (quantitative indicators only)."""
        if self.kind != "quantitative":
            return []
        return core.direction_warnings(self.direction, self.baseline_value, self.target_pairs())

    def due(self, today: date) -> list[core.Period]:
        """The periods of the indicator's frequency whose value is due (core.due)."""
        recorded = {m.period for m in self.measurements.all()}
        return core.due(self.frequency, [t.period for t in self.targets.all()], recorded, today)

    def current(self) -> core.Status:
        return core.status(self.baseline_value, self.target_pairs(), core.totals(self.measurements_core()))


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=10, validators=[validate_period])
    value = models.FloatField(_("target value"), null=True, blank=True)
    text = EncryptedTextField(_("target (qualitative)"), blank=True)

    class Meta:
        ordering = ["indicator", "period"]
        verbose_name = _("target")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="target_once_a_period")]

    def __str__(self) -> str:
        return f"Target {self.period}"

    def clean(self) -> None:
        if self.period:
            self.period = self.period.strip().upper()


class Measurement(models.Model):
    """A value of an indicator for one period, as a total (category "") or for one category."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=10, validators=[validate_period])
    category = models.CharField(_("category"), max_length=60, blank=True, help_text=_("Blank for the total."))
    value = models.FloatField(_("value"), null=True, blank=True)
    text = EncryptedTextField(_("statement or comment"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period", "category"]
        verbose_name = _("indicator value")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "category"], name="measurement_once")
        ]

    def __str__(self) -> str:
        return f"Value {self.period}{' ' + self.category if self.category else ''}"

    def clean(self) -> None:
        if self.period:
            self.period = self.period.strip().upper()
        if self.indicator_id is not None:
            indicator = self.indicator
            if indicator.kind == "quantitative" and self.value is None:
                raise ValidationError({"value": _("A quantitative indicator needs a number.")})
            if indicator.kind == "qualitative" and not self.text.strip():
                raise ValidationError({"text": _("A qualitative indicator needs a statement.")})
            if self.category and indicator.categories and self.category not in indicator.categories:
                raise ValidationError(
                    {
                        "category": _("Not a category of this indicator: %(c)s")
                        % {"c": ", ".join(indicator.categories)}
                    }
                )
