from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from multitrack.core import vocab

from ..services.overview import overview


def home(request: HttpRequest) -> HttpResponse:
    """The overview: what needs doing in the user's compartments, the registry's counts and its tracks."""
    return render(request, "registry/home.html", {"o": overview(request.user, timezone.localdate())})


def glossary(request: HttpRequest) -> HttpResponse:
    """Every controlled vocabulary with its definitions and sources: the shared "track language"."""
    return render(request, "registry/glossary.html", {"vocabularies": list(vocab.ALL.values())})


def funder_view(request: HttpRequest, compartment_pk: int) -> HttpResponse:
    """Aggregates of one compartment, for every role there (funders see nothing finer)."""
    from multitrack.web.accounts.access import compartment_ids
    from multitrack.web.accounts.models import Compartment

    from ..services.aggregates import compartment_aggregates

    compartment = get_object_or_404(
        Compartment.objects.filter(pk__in=compartment_ids(request.user)), pk=compartment_pk
    )
    aggregates = compartment_aggregates(compartment.pk)
    if request.GET.get("format") == "csv":
        return _aggregates_csv(compartment, aggregates)
    return render(request, "registry/aggregates.html", {"compartment": compartment, "aggregates": aggregates})


def _aggregates_csv(compartment: Any, aggregates: list[Any]) -> HttpResponse:
    import csv

    from multitrack.web.audit.log import record

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aggregates-{compartment.pk}.csv"'
    writer = csv.writer(response)
    for aggregate in aggregates:
        writer.writerow([aggregate.title])
        writer.writerows(aggregate.table.to_rows())
        writer.writerow([])
    record(
        "export",
        summary="aggregate tables exported",
        object_type="accounts.compartment",
        object_id=str(compartment.pk),
        compartment_id=compartment.pk,
    )
    return response
