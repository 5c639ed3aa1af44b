from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import generic
from django.views.decorators.http import require_POST

from multitrack.core import vocab
from multitrack.web.accounts.access import can, compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.screening.services import screen

from ..forms import InitiativeForm, OverrideForm, ParticipationForm
from ..models import Context, Initiative, TrackOverride
from ..models.initiative import InitiativeQuerySet
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class InitiativeList(SearchListView[Initiative]):
    model = Initiative
    capability = "aggregates"
    filters = ("context", "status", "format")

    def get_queryset(self) -> QuerySet[Initiative]:
        rows = super().get_queryset()
        assert isinstance(rows, InitiativeQuerySet)
        return rows.for_classification()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [(i, i.classification()) for i in ctx["object_list"]]
        ctx["contexts"] = Context.objects.for_user(self.request.user)
        ctx["formats"] = vocab.FORMATS.choices()
        return ctx


class InitiativeDetail(Scoped, generic.DetailView[Initiative]):
    model = Initiative
    capability = "aggregates"

    def get_queryset(self) -> QuerySet[Initiative]:
        rows = super().get_queryset()
        assert isinstance(rows, InitiativeQuerySet)
        return rows.for_classification().prefetch_related("funders", "events")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(initiative_context(self.request, self.object))
        return ctx


def initiative_context(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    """What the initiative page shows besides the record itself. A funder sees the components and the
    classification; person-level rows (participants, events) need the `rows` capability."""
    result = initiative.classification()
    can_rows = can(request.user, "rows", initiative.compartment_id)
    participations = sorted(
        initiative.participations.all(), key=lambda p: (p.event_id is not None, p.role, p.actor.code)
    )
    return {
        "initiative": initiative,
        "result": result,
        "override": initiative.active_override,
        "override_history": list(initiative.overrides.all()),
        "objective_labels": [vocab.OBJECTIVES.label(c) for c in initiative.objectives],
        "participations": participations,
        "events": initiative.events.annotate(participant_count=Count("participations")),
        "participation_rows": [p for p in participations if p.event_id is None],
        "participation_form": ParticipationForm(initiative=initiative, event=None, user=request.user),
        "can_rows": can_rows,
        "dnh_factors": dnh_factors(request.user, initiative) if can_rows else [],
        "screening_open": _open_hits(participations) if can_rows else [],
        "can_write": can(request.user, "write", initiative.compartment_id),
        "can_reveal": bool(compartment_ids(request.user, "reveal")),
        "can_manage": can(request.user, "manage", initiative.compartment_id),
        "override_form": OverrideForm(initial={"track": result.track}),
    }


def _open_hits(participations: list[Any]) -> list[str]:
    """Pseudonyms of the participants with a screening hit not yet decided (a decided true match gives
    the classification's `proscribed_participant` warning); each participation gets its `screening`
    status ("open", "listed" or "") for the participants' table."""
    heed = screen.hits_to_heed({p.actor_id for p in participations})
    for p in participations:
        p.screening = heed.get(p.actor_id, "")
    return sorted({p.actor.code for p in participations if p.screening == "open"})


def dnh_factors(user: Any, initiative: Initiative) -> list[Any]:
    """Dividers and connectors (Do No Harm) that conflict maps the user may see link to this initiative."""
    return list(
        initiative.dnh_factors.filter(map__compartment_id__in=compartment_ids(user, "rows"))
        .select_related("map")
        .order_by("-map__as_of", "kind", "category")
    )


class InitiativeCreate(NeedsWriteAccess, RecordFormMixin, generic.CreateView[Initiative, InitiativeForm]):
    model = Initiative
    form_class = InitiativeForm
    request: AuthenticatedRequest

    def get_initial(self) -> dict[str, Any]:
        return {"context": self.request.GET.get("context")}

    def form_valid(self, form: InitiativeForm) -> HttpResponse:
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class InitiativeUpdate(Scoped, RecordFormMixin, generic.UpdateView[Initiative, InitiativeForm]):
    model = Initiative
    form_class = InitiativeForm
    capability = "write"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


@require_POST
def override_track(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a human override of the computed track; the reason is mandatory."""
    initiative = get_object_or_404(
        Initiative.objects.for_user(request.user, "write").for_classification(), pk=pk
    )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        ctx = {**initiative_context(request, initiative), "object": initiative, "override_form": form}
        return render(request, "registry/initiative_detail.html", ctx, status=400)
    computed = initiative.classification().track or ""
    with transaction.atomic():
        _withdraw_active(initiative, request)
        TrackOverride.objects.create(
            initiative=initiative,
            track=form.cleaned_data["track"],
            computed_track=computed,
            reason=form.cleaned_data["reason"],
            created_by=request.user,
        )
    messages.success(request, f"Track set to {vocab.TRACKS.label(form.cleaned_data['track'])} by override.")
    return redirect(initiative)


def _withdraw_active(initiative: Initiative, request: AuthenticatedRequest) -> int:
    """Mark the active override(s) withdrawn, one save each so that every withdrawal is audited."""
    active = list(initiative.overrides.filter(withdrawn_at__isnull=True))
    for override in active:
        override.withdrawn_at, override.withdrawn_by = timezone.now(), request.user
        override.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return len(active)


@require_POST
def withdraw_override(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.for_user(request.user, "write"), pk=pk)
    with transaction.atomic():
        count = _withdraw_active(initiative, request)
    if count:
        messages.success(request, "Override withdrawn; the computed track applies again.")
    return redirect(initiative)
