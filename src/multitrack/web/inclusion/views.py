"""Inclusion analytics in the web app: the analysis page, its CSV export and chart image (always
suppressed), and the organisation's attributes and reference lines.

Anyone who may see aggregates of an initiative is counted in; members who may read rows in every
compartment counted see raw counts on screen, everyone else (funders) the suppressed figures.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.web.accounts.access import compartment_ids

from .charts import chart_spec
from .charts import chart_svg as draw_chart
from .forms import NAMES, AttributeForm, QueryForm, ReferenceLineForm
from .models import PersonAttribute, ReferenceLine, reference_lines
from .services.analysis import Analysis, analyse, column_label, label, label_rows


def _analysis(request: HttpRequest, *, published: bool) -> tuple[QueryForm, Analysis]:
    form = QueryForm(request.GET or None, user=request.user)
    query = form.query() if request.GET else QueryForm(user=request.user).query()
    return form, analyse(request.user, query, published=published)


def overview(request: HttpRequest) -> HttpResponse:
    preview = request.GET.get("published") == "1"
    form, analysis = _analysis(request, published=preview)
    if not request.GET:
        form = QueryForm(initial={"rows": ["gender"], "column": "track"}, user=request.user)
    params = request.GET.copy()
    params.pop("published", None)
    return render(
        request,
        "inclusion/overview.html",
        {
            "form": form,
            "analysis": analysis,
            "rows": _rows(analysis),
            "shares": [
                (
                    column_label(analysis.query, s.column) if s.column != "all" else "all",
                    label_rows(analysis.query, s.group),
                    s,
                )
                for s in analysis.shares
            ],
            "flags": [
                (column_label(analysis.query, f.unit), label_rows(analysis.query, f.group), f)
                for f in analysis.flags
            ],
            "column_name": NAMES.get(analysis.query.column, analysis.query.column),
            "spec": chart_spec(analysis),
            "query_string": params.urlencode(),
            "may_preview": not analysis.published or preview,
            "preview": preview,
            "may_manage": _may_manage(request),
        },
    )


def _rows(analysis: Analysis) -> list[list[str]]:
    """The table as strings, values by their labels (the header row first, the totals row last)."""
    rows = analysis.table.to_rows()
    header = [rows[0][0], *(column_label(analysis.query, c) for c in rows[0][1:-1]), rows[0][-1]]
    body = [
        [
            label(analysis.query.rows[0], r[0])
            if len(analysis.query.rows) == 1
            else _intersection(analysis, r[0]),
            *r[1:],
        ]
        for r in rows[1:-1]
    ]
    return [header, *body, rows[-1]]


def _intersection(analysis: Analysis, value: str) -> str:
    from multitrack.core.inclusion import SEPARATOR

    parts = value.split(SEPARATOR)
    return SEPARATOR.join(label(d, p) for d, p in zip(analysis.query.rows, parts, strict=False))


def export_csv(request: HttpRequest) -> HttpResponse:
    """The table as CSV, always suppressed (it leaves the screen), with the statement at the end."""
    _, analysis = _analysis(request, published=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(analysis.table.to_rows())
    if analysis.output.share_table is not None:  # the same persons by role group, suppressed with it
        writer.writerow([])
        writer.writerow(["# persons by role group (presence: in the room with no influence role there)"])
        writer.writerows(analysis.output.share_table.to_rows())
    writer.writerow([f"# {analysis.statement}"])
    writer.writerow([f"# rows: {' × '.join(analysis.query.rows)}; columns: {analysis.query.column}"])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inclusion.csv"'
    return response


def chart_svg(request: HttpRequest) -> HttpResponse:
    """The chart as a static SVG image for reports, drawn on the server (vl-convert), always suppressed."""
    _, analysis = _analysis(request, published=True)
    svg = draw_chart(analysis, "Inclusion: " + " × ".join(analysis.query.rows))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = 'attachment; filename="inclusion.svg"'
    return response


def _may_manage(request: HttpRequest) -> bool:
    """Attributes and reference lines are the organisation's: owners of a compartment manage them."""
    return bool(compartment_ids(request.user, "manage"))


def settings_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inclusion/settings.html",
        {
            "attributes": PersonAttribute.objects.all(),
            "lines": reference_lines(),
            "own_lines": set(ReferenceLine.objects.values_list("key", flat=True)),
            "may_manage": _may_manage(request),
        },
    )


def _edit(request: HttpRequest, form_class: Any, instance: Any, title: str) -> HttpResponse:
    if not _may_manage(request):
        raise PermissionDenied
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if item.pk is None:
            item.created_by = request.user
        item.save()
        messages.success(request, _("Saved %(what)s “%(item)s”.") % {"what": title, "item": item})
        return redirect("inclusion:settings")
    return render(request, "inclusion/form.html", {"form": form, "title": title, "object": instance})


def attribute_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(PersonAttribute, pk=pk) if pk else None
    return _edit(request, AttributeForm, instance, _("attribute"))


def line_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(ReferenceLine, pk=pk) if pk else None
    return _edit(request, ReferenceLineForm, instance, _("reference line"))


@require_POST
def line_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_manage(request):
        raise PermissionDenied
    line = get_object_or_404(ReferenceLine, pk=pk)
    line.delete()
    messages.success(request, _("Removed reference line “%(key)s”.") % {"key": line.key})
    return redirect("inclusion:settings")
