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

from ..forms import InitiativeForm, OverrideForm, ParticipationForm
from ..models import Context, Initiative, TrackOverride
from .base import RecordFormMixin, SearchListView


class InitiativeList(SearchListView):
    model = Initiative
    filters = ("context", "status", "format")

    def get_queryset(self) -> QuerySet[Initiative]:
        return super().get_queryset().for_classification()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [(i, i.classification()) for i in ctx["object_list"]]
        ctx["contexts"] = Context.objects.all()
        ctx["formats"] = vocab.FORMATS.choices()
        return ctx


class InitiativeDetail(generic.DetailView):  # type: ignore[type-arg]
    model = Initiative

    def get_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.for_classification().prefetch_related("funders", "events")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(initiative_context(self.object))
        return ctx


def initiative_context(initiative: Initiative) -> dict[str, Any]:
    """What the initiative page shows besides the record itself."""
    result = initiative.classification()
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
        "participation_form": ParticipationForm(initiative=initiative, event=None),
        "override_form": OverrideForm(initial={"track": result.track}),
    }


class InitiativeCreate(RecordFormMixin, generic.CreateView):  # type: ignore[type-arg]
    model = Initiative
    form_class = InitiativeForm

    def get_initial(self) -> dict[str, Any]:
        return {"context": self.request.GET.get("context")}

    def form_valid(self, form: InitiativeForm) -> HttpResponse:
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class InitiativeUpdate(RecordFormMixin, generic.UpdateView):  # type: ignore[type-arg]
    model = Initiative
    form_class = InitiativeForm


@require_POST
def override_track(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a human override of the computed track; the reason is mandatory."""
    initiative = get_object_or_404(Initiative.objects.for_classification(), pk=pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        ctx = {**initiative_context(initiative), "object": initiative, "override_form": form}
        return render(request, "registry/initiative_detail.html", ctx, status=400)
    computed = initiative.classification().track or ""
    with transaction.atomic():
        now = timezone.now()
        initiative.overrides.filter(withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=request.user
        )
        TrackOverride.objects.create(
            initiative=initiative,
            track=form.cleaned_data["track"],
            computed_track=computed,
            reason=form.cleaned_data["reason"],
            created_by=request.user,
        )
    messages.success(request, f"Track set to {vocab.TRACKS.label(form.cleaned_data['track'])} by override.")
    return redirect(initiative)


@require_POST
def withdraw_override(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    count = initiative.overrides.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=request.user
    )
    if count:
        messages.success(request, "Override withdrawn; the computed track applies again.")
    return redirect(initiative)
