"""The contribution story of an initiative: a page, and the same story as a standalone HTML file.

Anyone who may see the initiative's aggregates may read it (funders included); members who may read rows
get the statements and passages too, actors by code only (see `contribution.py`).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from multitrack.web.registry.models import Initiative

from ..services.contribution import Story, build, report_html


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _story(request: HttpRequest, pk: int) -> tuple[Story, dict[str, str]]:
    initiative = get_object_or_404(Initiative.objects.for_user(request.user, "aggregates"), pk=pk)
    start, end = _date(request.GET.get("from", "")), _date(request.GET.get("to", ""))
    errors = {
        name: f"{name}: not a date (write it as 2024-03-31)"
        for name, value, parsed in (
            ("from", request.GET.get("from", ""), start),
            ("to", request.GET.get("to", ""), end),
        )
        if value and parsed is None
    }
    return build(initiative, request.user, start=start, end=end), errors


def contribution(request: HttpRequest, pk: int) -> HttpResponse:
    story, errors = _story(request, pk)
    return render(
        request,
        "evaluation/contribution.html",
        {"story": story, "errors": errors, "query": request.GET.urlencode()},
    )


def contribution_file(request: HttpRequest, pk: int) -> HttpResponse:
    story, _ = _story(request, pk)
    response = HttpResponse(report_html(story), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contribution-{story.initiative.code}-{story.end:%Y-%m-%d}.html"'
    )
    return response
