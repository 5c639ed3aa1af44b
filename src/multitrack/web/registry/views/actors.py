from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views import generic
from django.views.decorators.http import require_POST

from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.audit.log import record
from multitrack.web.screening.services import screen

from .. import choices
from ..forms import ActorForm
from ..models import Actor, Event, Relationship
from ..models.actor import ActorQuerySet
from ..services.lookup import audit_lookup, find_actors
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class ActorList(SearchListView[Actor]):
    model = Actor
    filters = ("kind", "level", "contexts")

    def search(self, qs: QuerySet[Actor], query: str) -> QuerySet[Actor]:
        assert isinstance(qs, ActorQuerySet)
        found = qs.search(query)
        if query:
            # A person's real name finds them only where the user may see identities.
            may_reveal = Actor.objects.for_user(self.request.user, "reveal")
            by_name = may_reveal.filter(name_index=Actor.name_index_of(query)).values("pk")
            found = found | qs.filter(pk__in=by_name)
        return found

    def get_queryset(self) -> QuerySet[Actor]:
        return super().get_queryset().select_related("affiliation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = vocab.ACTOR_KINDS.choices()
        ctx["levels"] = vocab.LEVELS.choices()
        return ctx


def actor_context(request: HttpRequest, actor: Actor, revealed: bool = False) -> dict[str, Any]:
    """The actor page: only what happens in the user's own compartments is listed."""
    user = request.user
    rows = compartment_ids(user, "rows")
    may_reveal = actor.is_person and Actor.objects.for_user(user, "reveal").filter(pk=actor.pk).exists()
    return {
        "object": actor,
        "actor": actor,
        "participations": actor.participations.filter(initiative__compartment_id__in=rows)
        .select_related("initiative", "event")
        .order_by("-initiative__start_date"),
        "relationships": Relationship.objects.for_user(user)
        .filter(Q(source=actor) | Q(target=actor))
        .select_related("source", "target"),
        "nine_track_labels": [vocab.NINE_TRACKS.label(c) for c in actor.nine_tracks],
        "members": Actor.objects.for_user(user).filter(affiliation=actor),
        "show_identity": not actor.is_person or revealed,
        "may_reveal": may_reveal and not revealed,
        "may_edit": actor.compartment_id in compartment_ids(user, "write"),
        "events": _events_to_join(user, actor),
        "roles": choices.participant_roles(),
        "in_compartment": actor.compartment_id in rows,  # a member: the compartment's name may be shown
        "attributes": _attributes(actor),
    }


def _events_to_join(user: Any, actor: Actor) -> list[Event]:
    """The events an editor of the actor's compartment may add them to (newest first, at most 100)."""
    if actor.compartment_id not in compartment_ids(user, "write"):
        return []
    events = Event.objects.for_user(user, "write").select_related("initiative").order_by("-start_date", "-pk")
    return list(events[:100])


def _attributes(actor: Actor) -> list[tuple[str, str]]:
    """The organisation's attributes recorded for the actor, by their labels."""
    from multitrack.web.inclusion.models import PersonAttribute

    labels = dict(PersonAttribute.objects.values_list("code", "label"))
    return [(labels.get(code, code), value) for code, value in sorted((actor.attributes or {}).items())]


class ActorDetail(Scoped, generic.DetailView[Actor]):
    model = Actor

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **actor_context(self.request, self.object)}


def lookup(request: HttpRequest) -> HttpResponse:
    """Actors found as one types (?q=), as buttons that pick one in the participants' form."""
    if not compartment_ids(request.user, "rows"):
        raise Http404
    found = find_actors(request.user, request.GET.get("q", ""))
    audit_lookup(request.session, found)
    response = render(
        request, "registry/_actor_lookup.html", {"found": found, "query": request.GET.get("q", "")}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's identity once, to a role that may see it; every reveal is audited."""
    actor = get_object_or_404(Actor.objects.for_user(request.user, "reveal"), pk=pk, kind="person")
    record("reveal", obj=actor, summary=f"identity of {actor.code} revealed")
    response = render(request, "registry/actor_detail.html", actor_context(request, actor, revealed=True))
    response["Cache-Control"] = "no-store"
    return response


class ScreenOnSave(RecordFormMixin):
    """After saving a new actor, or a change to what screening reads (names, birth date, country, kind),
    screen it against the current lists and say at once what was found."""

    def form_valid(self, form: Any) -> HttpResponse:
        creating = form.instance.pk is None
        response = super().form_valid(form)
        actor: Actor = self.object
        if not (creating or set(form.changed_data) & screen.SCREENED_FIELDS):
            return response
        result = screen.screen_saved([actor], self.request.user, scope=f"actor {actor.code} as saved")
        if result.skipped:
            messages.info(self.request, f"{actor.code} was not screened: {result.skipped}.")
        elif screen.hits_to_heed([actor.pk]):
            messages.warning(
                self.request,
                f"{actor.code} may be a listed person: a screening hit is open. Decide it on the screening "
                "page before they take part in anything.",
            )
        return response


class ActorCreate(NeedsWriteAccess, ScreenOnSave, generic.CreateView[Actor, ActorForm]):
    model = Actor
    form_class = ActorForm

    def get_initial(self) -> dict[str, Any]:
        return {"kind": self.request.GET.get("kind", "person")}


class ActorUpdate(ScreenOnSave, generic.UpdateView[Actor, ActorForm]):
    """Edit an actor kept in a compartment where the user may write. The form shows a person's name,
    so opening it for a person counts as a reveal."""

    model = Actor
    form_class = ActorForm

    def get_queryset(self) -> QuerySet[Actor]:
        return Actor.objects.filter(compartment_id__in=compartment_ids(self.request.user, "write"))

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.object.is_person:
            record(
                "reveal", obj=self.object, summary=f"identity of {self.object.code} shown in the edit form"
            )
            response["Cache-Control"] = "no-store"
        return response
