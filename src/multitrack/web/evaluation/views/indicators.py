"""Indicators in the web app: the list, each indicator with its progress chart, targets and values by
form, and values imported from CSV.

Indicators are part of an initiative's record: reading needs `rows` in its compartment (funders and
outsiders get 404), changing needs `write`. The chart's Vega-Lite spec is built in `charts` and drawn
by charts.js with the vendored Vega (no request leaves the app).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.core import indicators as core
from multitrack.sources.csv_file import ImportFailed
from multitrack.sources.csv_indicator_values import COLUMNS
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.registry.models import Initiative

from .. import charts
from ..forms.indicators import IndicatorForm, MeasurementForm, TargetForm, ValuesImportForm
from ..models import Indicator, Measurement, Target
from ..services.indicator_grid import GridRefused, field_name, grid_cells, save_grid, shown
from ..services.indicators import import_values


def get_indicator(request: HttpRequest, pk: int, *, write: bool = False) -> Indicator:
    visible = Indicator.objects.for_user(request.user, "write" if write else "rows")
    indicator: Indicator = get_object_or_404(visible.select_related("initiative", "toc_element__toc"), pk=pk)
    return indicator


def indicator_list(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise Http404
    indicators = (
        Indicator.objects.for_user(request.user)
        .select_related("initiative")
        .prefetch_related("targets", "measurements")
    )
    initiative_id = request.GET.get("initiative", "")
    if initiative_id.isdigit():
        indicators = indicators.filter(initiative_id=int(initiative_id))
    rows = [(i, i.current()) for i in indicators]
    return render(
        request,
        "evaluation/indicator_list.html",
        {
            "rows": rows,
            "initiative_id": initiative_id,
            "initiatives": Initiative.objects.for_user(request.user, "rows")
            .filter(indicators__isnull=False)
            .distinct(),
            "can_write": bool(compartment_ids(request.user, "write")),
        },
    )


def _form(
    request: HttpRequest, form: BaseForm, title: str, back: str, indicator: Indicator | None = None
) -> HttpResponse:
    return render(
        request,
        "evaluation/indicator_form.html",
        {"form": form, "title": title, "back": back, "indicator": indicator},
    )


def indicator_create(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "write"):
        raise PermissionDenied
    form = IndicatorForm(
        request.POST or None, user=request.user, initial={"initiative": request.GET.get("initiative")}
    )
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, _("Indicator %(code)s added.") % {"code": indicator.code})
        return redirect(indicator)
    return _form(request, form, _("New indicator"), "evaluation:indicator_list")


def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator(request, pk, write=True)
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
        _warn(request, indicator.direction_warnings())
        return redirect(indicator)
    return _form(request, form, _("Edit indicator %(code)s") % {"code": indicator.code}, "", indicator)


def _warn(request: HttpRequest, warnings: list[core.DirectionWarning]) -> None:
    """A target against the direction is kept (it may be deliberate: a setback foreseen), but said."""
    for w in warnings:
        messages.warning(request, _("Check this target: %(why)s.") % {"why": w.message})


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator(request, pk)
    measurements = indicator.measurements_core()
    points = core.totals(measurements)
    categories = core.by_category(measurements)
    warnings = indicator.direction_warnings()
    return render(
        request,
        "evaluation/indicator_detail.html",
        {
            "indicator": indicator,
            "status": indicator.current(),
            "points": points,
            "categories": categories,
            "targets": list(indicator.targets.all()),
            "direction_warnings": warnings,
            "warned": {w.period for w in warnings},
            "due": indicator.due(localdate()),
            "today": localdate(),
            "values": list(indicator.measurements.all()),
            "spec": charts.indicator_spec(indicator, points, categories)
            if indicator.kind == "quantitative" and points
            else None,
            "may_write": indicator.compartment_id in compartment_ids(request.user, "write"),
        },
    )


def _part(
    request: AuthenticatedRequest,
    indicator: Indicator,
    form_class: type[TargetForm | MeasurementForm],
    instance: Target | Measurement | None,
    noun: str,
) -> HttpResponse:
    initial = {"period": request.GET.get("period", "").strip().upper()[:10]}
    form = form_class(
        request.POST or None, instance=instance, user=request.user, indicator=indicator, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if isinstance(obj, Measurement):
            obj.recorded_by = request.user
        obj.save()
        messages.success(request, _("Saved the %(noun)s.") % {"noun": noun})
        if isinstance(obj, Target):
            _warn(request, [w for w in indicator.direction_warnings() if w.period == obj.period])
        return redirect(indicator)
    title = (_("Edit %(noun)s") if instance and instance.pk else _("Add %(noun)s")) % {"noun": noun}
    return _form(request, form, f"{title} · {indicator.code}", "", indicator)


def target_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _part(request, get_indicator(request, pk, write=True), TargetForm, None, _("target"))


def target_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=pk)
    return _part(
        request, get_indicator(request, target.indicator_id, write=True), TargetForm, target, _("target")
    )


def value_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a value; `?period=2026-Q2` (the link of a value due) preselects its period."""
    return _part(request, get_indicator(request, pk, write=True), MeasurementForm, None, _("value"))


def value_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(Measurement, pk=pk)
    return _part(
        request, get_indicator(request, value.indicator_id, write=True), MeasurementForm, value, _("value")
    )


def indicator_grid(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Enter values in a grid: the last 8 and the next 2 periods of the indicator's frequency × the total
    and its categories; one POST saves every changed cell, or none (services.indicator_grid)."""
    indicator = get_indicator(request, pk, write=True)
    today = localdate()
    periods = [p.label for p in core.grid_periods(indicator.frequency, today)]
    columns = [_("Total"), *indicator.categories]
    submitted: dict[tuple[str, str], str] | None = None
    problems: dict[tuple[str, str], str] = {}
    if request.method == "POST":
        submitted = grid_cells(indicator, periods, request.POST)
        try:
            report = save_grid(indicator, submitted, request.user)
        except GridRefused as refused:
            problems = refused.problems
        else:
            if report.cells:
                messages.success(
                    request, _("Saved %(n)d cells: %(report)s.") % {"n": report.cells, "report": report}
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("evaluation:indicator_grid", indicator.pk)
    stored = {(m.period, m.category): m for m in indicator.measurements.filter(period__in=periods)}
    due = {p.label for p in indicator.due(today)}
    rows = []
    for label in periods:
        cells = []
        for c, category in enumerate(["", *indicator.categories]):
            key = (label, category)
            if submitted is not None:
                value = submitted[key]
            else:
                value = shown(stored[key], indicator.kind) if key in stored else ""
            cells.append(
                {
                    "name": field_name(label, c),
                    "label": f"{label} · {columns[c]}",
                    "value": value,
                    "error": problems.get(key, ""),
                }
            )
        rows.append({"period": label, "due": label in due, "current": label == periods[-3], "cells": cells})
    return render(
        request,
        "evaluation/indicator_grid.html",
        {
            "indicator": indicator,
            "columns": columns,
            "rows": rows,
            "problems": [
                f"{label} · {category or _('Total')}: {why}" for (label, category), why in problems.items()
            ],
            "elsewhere": indicator.measurements.exclude(period__in=periods).count(),
            "frequency": indicator.get_frequency_display().lower(),
        },
    )


PARTS: dict[str, type[Target] | type[Measurement]] = {"target": Target, "value": Measurement}


@require_POST
def indicator_part_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = PARTS.get(kind)
    if model is None:
        raise Http404
    part = get_object_or_404(model, pk=pk)
    assert isinstance(part, Target | Measurement)
    indicator = get_indicator(request, part.indicator_id, write=True)
    part.delete()
    messages.success(request, _("Removed the %(noun)s.") % {"noun": model._meta.verbose_name})
    return redirect(indicator)


def values_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of values: every problem listed by row and field, nothing written unless all is well."""
    writable = compartment_ids(request.user, "write")
    if not writable:
        raise PermissionDenied
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "values.csv"
            path.write_bytes(upload.read())
            try:
                report = import_values(path, request.user, set(writable))
            except ImportFailed as failure:
                problems = failure.problems
            else:
                messages.success(request, _("Indicator values imported: %(report)s.") % {"report": report})
                return redirect("evaluation:indicator_list")
    return render(
        request,
        "evaluation/values_import.html",
        {"form": form, "problems": problems, "columns": ", ".join(COLUMNS)},
    )
