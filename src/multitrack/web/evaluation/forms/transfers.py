"""Forms for tracing: how many proposals to make, and the decision on one proposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from multitrack.web.formfields import model_choices

from ..models import Outcome, Transfer
from ..models.transfers import STATUSES
from ..services.tracing import DEFAULT_K, DEFAULT_LIMIT, outcome_choices


class TraceForm(forms.Form):
    k = forms.IntegerField(
        label=_("official passages per passage"),
        min_value=1,
        max_value=10,
        initial=DEFAULT_K,
        help_text=_("How many of the best-matching official passages to propose for each passage."),
    )
    limit = forms.IntegerField(
        label=_("proposals at most"), min_value=1, max_value=200, initial=DEFAULT_LIMIT
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("decision"), choices=STATUSES, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why: who carried the idea, what else may explain the wording."),
    )
    outcome: forms.ModelChoiceField[Outcome] = forms.ModelChoiceField(
        label=_("evidence for outcome"),
        queryset=None,
        required=False,
        help_text=_(
            "A confirmed transfer can support a harvested outcome: both documents become its evidence."
        ),
    )

    def __init__(self, *args: Any, item: Transfer, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": item.status, "note": item.note, "outcome": item.outcome_id})
        kwargs.setdefault("auto_id", f"t{item.pk}_%s")  # several decision forms on one page
        super().__init__(*args, **kwargs)
        self.item = item
        model_choices(
            self,
            "outcome",
            outcome_choices(item),
            label=lambda o: f"Outcome {o.pk}: {o.title} ({o.initiative.code})",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") is not None and data.get("status") != "confirmed":
            self.add_error("outcome", _("Only a confirmed transfer can be evidence for an outcome."))
        return data
