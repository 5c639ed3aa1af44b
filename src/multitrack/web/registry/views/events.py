from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views import generic
from django.views.decorators.http import require_POST

from multitrack.web.accounts.access import can, compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.screening.services import screen

from .. import choices
from ..forms import EventForm, MeetingNoteForm, NewPersonForm, ParticipationForm
from ..models import Actor, Event, Initiative, MeetingNote, Participation
from ..services import attendance as attendance_service
from ..services import people
from ..services.duplicates import resembling
from .base import RecordFormMixin, Scoped
from .initiatives import initiative_context


class EventDetail(Scoped, generic.DetailView[Event]):
    model = Event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(participants_context(self.request, self.object.initiative, self.object))
        ctx["meeting_notes"] = self.object.notes.select_related("speaker")
        ctx["note_form"] = MeetingNoteForm(user=self.request.user, event=self.object)
        return ctx


class EventCreate(RecordFormMixin, generic.CreateView[Event, EventForm]):
    model = Event
    form_class = EventForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        writable = Initiative.objects.for_user(request.user, "write")
        self.initiative = get_object_or_404(writable, pk=kwargs["initiative_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Event(initiative=self.initiative)  # so that its dates are checked against it
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "initiative": self.initiative}


class EventUpdate(Scoped, RecordFormMixin, generic.UpdateView[Event, EventForm]):
    model = Event
    form_class = EventForm
    capability = "write"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "initiative": self.object.initiative}


def participants_context(
    request: HttpRequest,
    initiative: Initiative,
    event: Event | None,
    form: ParticipationForm | None = None,
    new_person_form: NewPersonForm | None = None,
) -> dict[str, Any]:
    rows = list(
        Participation.objects.filter(initiative=initiative, event=event)
        .select_related("actor")
        .order_by("role", "actor__code")
    )
    heed = screen.hits_to_heed({p.actor_id for p in rows})
    for p in rows:
        p.screening = heed.get(p.actor_id, "")  # type: ignore[attr-defined]  # shown beside the actor
    return {
        "initiative": initiative,
        "event": event,
        "participation_rows": rows,
        "participation_form": form
        or ParticipationForm(initiative=initiative, event=event, user=request.user),
        "can_rows": True,
        "can_write": can(request.user, "write", initiative.compartment_id),
        "can_reveal": bool(compartment_ids(request.user, "reveal")),
        "new_person_form": new_person_form or NewPersonForm(prefix="new"),
    }


def _scope(request: HttpRequest, initiative_pk: int) -> tuple[Initiative, Event | None]:
    initiative = get_object_or_404(Initiative.objects.for_user(request.user, "write"), pk=initiative_pk)
    event_id = request.POST.get("event") or request.GET.get("event")
    event = get_object_or_404(Event, pk=event_id, initiative=initiative) if event_id else None
    return initiative, event


def _participants_response(
    request: HttpRequest,
    initiative: Initiative,
    event: Event | None,
    form: ParticipationForm | None = None,
    new_person_form: NewPersonForm | None = None,
) -> HttpResponse:
    """The participants block for htmx (with the refreshed classification on the initiative page), or
    the full page when JavaScript is off."""
    ctx = participants_context(request, initiative, event, form, new_person_form)
    failed = any(f is not None and bool(f.errors) for f in (form, new_person_form))
    if event is None and (failed or request.headers.get("HX-Request")):
        full = Initiative.objects.for_classification().get(pk=initiative.pk)
        ctx = {**initiative_context(request, full), **ctx, "object": full, "initiative": full, "oob": True}
    if request.headers.get("HX-Request"):
        return render(request, "registry/_participants_swap.html", ctx, status=422 if failed else 200)
    if failed:
        template = "registry/event_detail.html" if event else "registry/initiative_detail.html"
        return render(request, template, {**ctx, "object": event or ctx["object"], "oob": False}, status=400)
    return redirect(event or initiative)


@require_POST
def add_participation(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    """Add an actor with a role to an event (or to the initiative as a whole)."""
    initiative, event = _scope(request, initiative_pk)
    form = ParticipationForm(request.POST, initiative=initiative, event=event, user=request.user)
    if not form.is_valid():
        return _participants_response(request, initiative, event, form)
    form.save()
    messages.success(request, f"Added {form.instance}.")
    warn_if_screened(request, form.instance.actor)
    return _participants_response(request, initiative, event)


@require_POST
def add_new_person(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    """Record a person met at this event (or initiative) and add them with their role; a name resembling
    one the user may see by name is pointed out first, as on the actor form."""
    initiative, event = _scope(request, initiative_pk)
    form = NewPersonForm(request.POST, prefix="new")
    if form.is_valid() and not form.cleaned_data["create_anyway"]:
        resembles = resembling(request.user, form.cleaned_data["name"], "person")
        if resembles:
            form.fields["create_anyway"].widget = forms.CheckboxInput()
            codes = ", ".join(a.code for a in resembles)
            form.add_error(
                "name",
                f"This name resembles {codes}: add them instead, or tick “Create a new person anyway”.",
            )
    if form.is_valid():
        try:
            participation = people.add_new_person(initiative, event, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Recorded {participation.actor} and added them.")
            people.screen_new_person(participation, request.user)
            warn_if_screened(request, participation.actor)
            return _participants_response(request, initiative, event)
    return _participants_response(request, initiative, event, new_person_form=form)


def warn_if_screened(request: HttpRequest, actor: Actor) -> None:
    """At the moment a person is added somewhere: say so if they have an open hit or a true match."""
    heed = screen.hits_to_heed([actor.pk]).get(actor.pk)
    if heed == "listed":
        messages.warning(request, f"{actor.code} is a decided true match on a sanctions list.")
    elif heed == "open":
        messages.warning(
            request,
            f"{actor.code} may be a listed person: a screening hit is not yet decided. Decide it on the "
            "screening page before they take part.",
        )


@require_POST
def add_to_event(request: HttpRequest, pk: int) -> HttpResponse:
    """From an actor's page: add them to an event, with a role. The user writes both where the actor is
    kept and where the event's initiative is."""
    actor = get_object_or_404(Actor.objects.for_user(request.user, "write"), pk=pk)
    event_id = request.POST.get("event", "")
    event = get_object_or_404(
        Event.objects.for_user(request.user, "write").select_related("initiative"),
        pk=int(event_id) if event_id.isdigit() else 0,
    )
    data = {**request.POST.dict(), "actor": str(actor.pk)}
    form = ParticipationForm(data, initiative=event.initiative, event=event, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{actor.code} was not added to “{event.title}”: {error}")
        return redirect(actor)
    form.save()
    messages.success(request, f"Added {form.instance} to “{event.title}”.")
    warn_if_screened(request, actor)
    return redirect(event)


@require_POST
def remove_participation(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(
        Participation.objects.for_user(request.user, "write").select_related("initiative", "event"), pk=pk
    )
    initiative, event = participation.initiative, participation.event
    participation.delete()
    messages.success(request, "Participation removed.")
    return _participants_response(request, initiative, event)


class ParticipationUpdate(Scoped, RecordFormMixin, generic.UpdateView[Participation, ParticipationForm]):
    """Change a participant's role, capacity, attendance or notes."""

    model = Participation
    form_class = ParticipationForm
    capability = "write"

    def get_queryset(self) -> QuerySet[Participation]:
        return super().get_queryset().select_related("initiative", "event", "actor")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        return {
            **kwargs,
            "initiative": self.object.initiative,
            "event": self.object.event,
            "user": self.request.user,
        }


@require_POST
def add_note(request: AuthenticatedRequest, event_pk: int) -> HttpResponse:
    """Record a meeting note; a Chatham House note is stored with no speaker."""
    event = get_object_or_404(Event.objects.for_user(request.user, "write"), pk=event_pk)
    form = MeetingNoteForm(request.POST, user=request.user, event=event)
    if form.is_valid():
        note: MeetingNote = form.save(commit=False)
        note.event, note.recorded_by = event, request.user
        note.save()
        messages.success(request, "Note recorded" + (" without attribution." if note.chatham_house else "."))
        return redirect(event)
    ctx = {
        **participants_context(request, event.initiative, event),
        "object": event,
        "meeting_notes": event.notes.select_related("speaker"),
        "note_form": form,
    }
    return render(request, "registry/event_detail.html", ctx, status=400)


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance grid: actors × the initiative's events, each cell a role (attended or absent)."""
    initiative = get_object_or_404(Initiative.objects.for_user(request.user, "write"), pk=pk)
    visible = Actor.objects.for_user(request.user)
    problems: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in request.POST if k.startswith("cell-")}
        roles = {code for code, _label in choices.participant_roles()}
        try:
            changes = attendance_service.save(initiative, visible, posted, roles)
        except attendance_service.GridErrors as error:
            problems = error.problems
        else:
            messages.success(request, f"Attendance saved: {changes} change(s).")
            return redirect("registry:attendance", pk=initiative.pk)
    added = list(visible.filter(pk__in=_ids(request.GET.getlist("add"))))
    grid = attendance_service.grid(initiative, visible, added)
    if posted:  # refused: the cells as they were filled in, to correct
        grid = attendance_service.Grid(
            grid.events,
            [(a, [replace(c, value=posted.get(c.name, c.value)) for c in cells]) for a, cells in grid.rows],
        )
    return render(
        request,
        "registry/attendance.html",
        {
            "initiative": initiative,
            "grid": grid,
            "problems": problems,
            "roles": choices.participant_roles(),
            "absent": attendance_service.ABSENT,
            "addable": visible.exclude(pk__in=[a.pk for a, _cells in grid.rows]).order_by("kind", "code"),
            "added": [a.pk for a in added],
        },
        status=400 if problems else 200,
    )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]
