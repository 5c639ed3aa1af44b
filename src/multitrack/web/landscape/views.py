"""The landscape pages: every context with what Track One data says of it, and one context's timeline.

Track One data are shared reference data: any member of a compartment sees them, as contexts. The
initiatives on a context's landscape are those the user may see.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.registry.models import Context

from . import services
from .charts import timeline
from .context import build
from .forms import LandscapeFilter

IMPORTS = (
    "multitrack import pax pax_all_agreements.csv",
    "multitrack import mend MEND_events.csv --version 2024-10",
    "multitrack import padd PADD_agreement_level.csv --version 'Good 2024'",
)


def _require_member(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "aggregates"):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    _require_member(request)
    rows = []
    for context in Context.objects.for_user(request.user).order_by("name"):
        land = build(context, request.user, partners=False)
        rows.append((context, len(land.agreements), len(land.events), len(land.initiatives)))
    return render(
        request, "landscape/index.html",
        {"rows": rows, "versions": services.versions(), "imports": IMPORTS},
    )  # fmt: skip


def context_page(request: HttpRequest, pk: int) -> HttpResponse:
    _require_member(request)
    context = get_object_or_404(Context.objects.for_user(request.user), pk=pk)
    form = LandscapeFilter(request.GET or None)
    first, last, track = form.values()
    land = build(context, request.user, first, last, track)
    ctx: dict[str, Any] = {
        "object": context, "form": form, "land": land, "imports": IMPORTS,
        "query": request.GET.urlencode(), "versions": services.versions(),
        "gender": sum(a.gender for a in land.agreements),
    }  # fmt: skip
    dated = any(i["start"] for i in [*land.initiatives, *land.partners])
    if land.agreements or land.events or land.conflict_years or dated:
        ctx["spec"] = timeline(land)
    return render(request, "landscape/context.html", ctx)
