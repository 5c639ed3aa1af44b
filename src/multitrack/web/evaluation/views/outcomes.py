"""Harvested outcomes in the web app: the list filtered by any classification with the RPP matrix of what
it shows, each outcome with its substantiation, and the forms.

Outcomes describe what identifiable people did: reading needs `rows` in the initiative's compartment
(funders and outsiders get 404), changing needs `write`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest

from ..forms.outcomes import OutcomeFilter, OutcomeForm, SubstantiationForm
from ..models import Outcome, Substantiation, Transfer
from ..services.tracing import with_highlights


def get_outcome(request: HttpRequest, pk: int, *, write: bool = False) -> Outcome:
    visible = Outcome.objects.for_user(request.user, "write" if write else "rows")
    outcome: Outcome = get_object_or_404(visible.select_related("initiative", "social_actor"), pk=pk)
    return outcome


def rpp_matrix(outcomes: list[Outcome]) -> list[tuple[str, list[int]]]:
    """Counts per RPP quadrant: rows individual / socio-political, columns more people / key people."""
    counts = Counter((o.rpp_level, o.rpp_reach) for o in outcomes)
    return [
        (str(level.label), [counts[(level.code, reach.code)] for reach in vocab.RPP_REACH])
        for level in vocab.RPP_LEVELS
    ]


def outcome_list(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise Http404
    filters = OutcomeFilter(request.GET or None, user=request.user)
    outcomes = (
        Outcome.objects.for_user(request.user)
        .select_related("initiative")
        .prefetch_related("substantiations")
    )
    shown = list(filters.apply(outcomes))
    return render(
        request,
        "evaluation/outcome_list.html",
        {
            "filters": filters,
            "outcomes": shown,
            "matrix": rpp_matrix(shown),
            "reach": [str(t.label) for t in vocab.RPP_REACH],
            "unplaced": sum(1 for o in shown if not o.rpp_quadrant),
            "can_write": bool(compartment_ids(request.user, "write")),
        },
    )


def _form(request: HttpRequest, form: Any, title: str, outcome: Outcome | None = None) -> HttpResponse:
    return render(request, "evaluation/outcome_form.html", {"form": form, "title": title, "outcome": outcome})


def outcome_create(request: AuthenticatedRequest) -> HttpResponse:
    if not compartment_ids(request.user, "write"):
        raise PermissionDenied
    form = OutcomeForm(
        request.POST or None, user=request.user, initial={"initiative": request.GET.get("initiative")}
    )
    if request.method == "POST" and form.is_valid():
        form.instance.harvested_by = request.user
        outcome = form.save()
        messages.success(request, _("Outcome %(id)s recorded.") % {"id": outcome.pk})
        return redirect(outcome)
    return _form(request, form, _("Harvest an outcome"))


def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_outcome(request, pk, write=True)
    form = OutcomeForm(request.POST or None, instance=outcome, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Outcome %(id)s saved.") % {"id": outcome.pk})
        return redirect(outcome)
    return _form(request, form, _("Edit outcome %(id)s") % {"id": outcome.pk}, outcome)


def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_outcome(request, pk)
    return render(
        request,
        "evaluation/outcome_detail.html",
        {
            "outcome": outcome,
            "substantiations": list(outcome.substantiations.all()),
            "elements": list(outcome.toc_elements.select_related("toc")),
            "documents": list(outcome.evidence.all()),
            "consultations": list(outcome.consultations.all()),
            "readable": set(compartment_ids(request.user, "rows")),
            "transfers": with_highlights(
                list(
                    Transfer.objects.for_user(request.user)
                    .filter(outcome=outcome, status="confirmed")
                    .select_related("source", "target")
                )
            ),
            "dac": [vocab.DAC_CRITERIA.label(c) for c in outcome.dac_criteria if c in vocab.DAC_CRITERIA],
            "may_write": outcome.compartment_id in compartment_ids(request.user, "write"),
        },
    )


def substantiation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    outcome = get_outcome(request, pk, write=True)
    return _substantiation(request, outcome, None)


def substantiation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Substantiation, pk=pk)
    return _substantiation(request, get_outcome(request, item.outcome_id, write=True), item)


def _substantiation(
    request: AuthenticatedRequest, outcome: Outcome, item: Substantiation | None
) -> HttpResponse:
    form = SubstantiationForm(request.POST or None, instance=item, user=request.user, outcome=outcome)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.recorded_by = request.user
        saved.save()
        messages.success(request, _("Substantiation saved."))
        return redirect(outcome)
    title = _("Edit substantiation") if item else _("Add a substantiation")
    return _form(request, form, f"{title} · {_('outcome')} {outcome.pk}", outcome)


@require_POST
def substantiation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Substantiation, pk=pk)
    outcome = get_outcome(request, item.outcome_id, write=True)
    item.delete()
    messages.success(request, _("Substantiation removed."))
    return redirect(outcome)
