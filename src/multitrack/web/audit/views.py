"""The audit log in the browser: owners see their compartments' entries and their own actions.

Anyone who owns no compartment gets 404, as for any page they may not see (shared/DESIGN.md).
"""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views import generic

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.models import Compartment

from .export import csv_rows
from .log import record
from .models import ACTION_CODES, ACTIONS, AuditEvent


def visible_events(request: HttpRequest) -> QuerySet[AuditEvent]:
    """The entries the user may browse, filtered by `?action=`; 404 for a user who owns nothing."""
    user = request.user
    if not (user.is_superuser or compartment_ids(user, "manage")):
        raise Http404
    events = AuditEvent.objects.for_user(user)
    action = request.GET.get("action", "")
    if action in ACTION_CODES:
        events = events.filter(action=action)
    return events


class AuditList(generic.ListView[AuditEvent]):
    template_name = "audit/list.html"
    context_object_name = "events"

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return visible_events(self.request).order_by("-seq")

    def get_paginate_by(self, queryset: QuerySet[AuditEvent]) -> int:
        return int(settings.PAGE_SIZE)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        action = self.request.GET.get("action", "")
        ctx["action"] = action if action in ACTION_CODES else ""
        ctx["actions"] = ACTIONS
        ctx["query_string"] = f"action={ctx['action']}" if ctx["action"] else ""
        # Name the compartments the user is a member of; others (entries of their own actions in a
        # compartment they have left) by id only.
        ids = {e.compartment_id for e in ctx["events"] if e.compartment_id is not None}
        known = compartment_ids(self.request.user) | (ids if self.request.user.is_superuser else set())
        names = dict(Compartment.objects.filter(pk__in=ids & known).values_list("pk", "name"))
        for event in ctx["events"]:
            event.compartment_label = names.get(event.compartment_id) or (
                f"#{event.compartment_id}" if event.compartment_id is not None else ""
            )
        return ctx


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The entries the list shows (same filter), as CSV with their hashes. The export is audited first,
    so the file holds its own entry."""
    events = visible_events(request)
    record(
        "export",
        user=request.user,
        summary=f"audit log exported as CSV ({events.count()} entries)",
        object_type="audit.auditevent",
    )
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in csv_rows(events.order_by("seq")))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
