"""The UCDP yearly figures in the web app: a Vega-Lite chart, the same figures as a table, and as JSON.

UCDP data is public reference data, like Contexts: any member of any compartment may see it; a user
who belongs to no compartment gets 404 (anonymous users are sent to the login page by the middleware).
The chart's Vega-Lite spec is built here and handed to the page as a json_script block; charts.js draws
it with the vendored Vega, using its CSP-safe expression interpreter.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from multitrack.web.accounts.access import compartment_ids

from .charts import TYPE_LABELS, chart_spec
from .models import UcdpConflictYear, UcdpDyadYear, UcdpImport
from .services import yearly_figures

DATASETS = {"acd": "UCDP/PRIO Armed Conflict Dataset", "dyadic": "UCDP Dyadic Dataset"}
CITATIONS = {
    "acd": [
        "Davies, Shawn, Therése Pettersson, Margareta Sollenberg & Magnus Öberg (2025) Organized violence "
        "1989–2024, and the challenges of identifying civilian victims. Journal of Peace Research 62(4).",
        "Gleditsch, Nils Petter, Peter Wallensteen, Mikael Eriksson, Margareta Sollenberg & Håvard Strand "
        "(2002) Armed Conflict 1946–2001: A New Dataset. Journal of Peace Research 39(5).",
    ],
    "dyadic": [
        "Harbom, Lotta, Erik Melander & Peter Wallensteen (2008) Dyadic Dimensions of Armed Conflict, "
        "1946–2007. Journal of Peace Research 45(5).",
    ],
}
IMPORT_COMMANDS = [
    "multitrack import ucdp-acd ucdp-prio-acd-251.csv",
    "multitrack import ucdp-dyadic ucdp-dyadic-251.csv",
]


class YearRangeForm(forms.Form):
    """The optional `from` and `to` years (named as in the query string, as the CLI's --from/--to)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", "From"), ("to", "to")):
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1900,
                max_value=2200,
                widget=forms.NumberInput(attrs={"class": "year", "placeholder": "year"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("from"), data.get("to")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(f"“From” ({first}) is after “to” ({last}).")
        return data

    def years(self) -> tuple[int | None, int | None]:
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")


def _require_member(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "aggregates"):
        raise Http404


def imports() -> list[dict[str, Any]]:
    """The latest import of each dataset, and the versions its rows carry now."""
    out = []
    for dataset, model in (("acd", UcdpConflictYear), ("dyadic", UcdpDyadYear)):
        latest = UcdpImport.objects.filter(dataset=dataset).order_by("-imported_at", "-pk").first()
        if latest is None:
            continue
        # order_by(): the models' default ordering would otherwise enter the DISTINCT.
        versions = sorted(model.objects.order_by().values_list("version", flat=True).distinct())
        out.append(
            {
                "dataset": dataset,
                "name": DATASETS[dataset],
                "version": latest.version,
                "versions": versions,
                "file_name": latest.file_name,
                "imported_at": latest.imported_at,
                "citations": CITATIONS[dataset],
            }
        )
    return out


def _query(first: int | None, last: int | None) -> str:
    params = {k: v for k, v in (("from", first), ("to", last)) if v is not None}
    return "?" + urlencode(params) if params else ""


def yearly_page(request: HttpRequest) -> HttpResponse:
    _require_member(request)
    form = YearRangeForm(request.GET or None)
    first, last = form.years()
    has_data = UcdpConflictYear.objects.exists() or UcdpDyadYear.objects.exists()
    rows = yearly_figures(first, last) if has_data else []
    ctx: dict[str, Any] = {
        "form": form,
        "has_data": has_data,
        "rows": rows,
        "has_dyads": any("dyads" in r for r in rows),
        "type_labels": TYPE_LABELS,
        "latest": rows[-1] if rows else None,
        "imports": imports(),
        "import_commands": IMPORT_COMMANDS,
        "query": _query(first, last),
    }
    if rows:
        ctx["spec"] = chart_spec(rows)
    return render(request, "ucdp/ucdp_yearly.html", ctx)


def yearly_data(request: HttpRequest) -> JsonResponse:
    """The same figures as JSON: {"years": [...], "imports": [...]}; 400 for a bad year range."""
    _require_member(request)
    form = YearRangeForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    first, last = form.years()
    return JsonResponse(
        {
            "years": yearly_figures(first, last),
            "imports": [
                {
                    "dataset": i["dataset"],
                    "version": i["version"],
                    "versions": i["versions"],
                    "imported_at": i["imported_at"].isoformat(),
                    "citations": i["citations"],
                }
                for i in imports()
            ],
        }
    )
