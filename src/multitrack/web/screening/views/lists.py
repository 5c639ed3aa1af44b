"""Sanctions lists in the web app: what was imported (versions, deltas, file hashes) and the entries.

Lists are public reference data: any member of any compartment may read them; a user who belongs to no
compartment gets 404 (anonymous users are sent to the login page by the middleware).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from multitrack.core.screening.entries import SOURCES
from multitrack.web.accounts.access import compartment_ids

from ..models import ListedEntity, WatchlistImport

SOURCE_NAMES = {
    "un-sc": "UN Security Council Consolidated List",
    "ofac-sdn": "OFAC Specially Designated Nationals (SDN)",
    "ftm": "OpenSanctions (FollowTheMoney)",
}


def _require_member(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "aggregates"):
        raise Http404


def lists_page(request: HttpRequest) -> HttpResponse:
    """Each list: its current version, how many entries are listed now, and every import with its delta."""
    _require_member(request)
    imports = list(WatchlistImport.objects.all())
    lists = []
    for source in SOURCES:
        history = [i for i in imports if i.source == source]
        if history:
            active = ListedEntity.objects.filter(source=source, removed_in__isnull=True).count()
            lists.append({"source": source, "name": SOURCE_NAMES[source], "latest": history[0],
                          "active": active, "history": history})  # fmt: skip
    return render(request, "screening/lists.html", {"lists": lists, "source_names": SOURCE_NAMES})


def entity_list(request: HttpRequest) -> HttpResponse:
    """Search the listed entries by name (as listed) or by the list's own reference."""
    _require_member(request)
    query = request.GET.get("q", "").strip()
    source = request.GET.get("source", "")
    entries = ListedEntity.objects.all()
    if source in SOURCES:
        entries = entries.filter(source=source)
    if query:
        entries = entries.filter(Q(primary_name__icontains=query) | Q(entry_id__iexact=query))
    page = Paginator(entries, int(settings.PAGE_SIZE)).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "q": query,
        "source": source,
        "source_names": SOURCE_NAMES,
        "query_string": params.urlencode(),
    }
    return render(request, "screening/entity_list.html", context)


def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_member(request)
    entity = get_object_or_404(
        ListedEntity.objects.select_related("first_seen", "last_changed", "removed_in"), pk=pk
    )
    return render(
        request,
        "screening/entity_detail.html",
        {"entity": entity, "data": entity.data, "source_name": SOURCE_NAMES[entity.source]},
    )
