from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.views import generic

from multitrack.core import vocab

from ..forms import ActorForm
from ..models import Actor, Relationship
from .base import RecordFormMixin, SearchListView


class ActorList(SearchListView):
    model = Actor
    filters = ("kind", "level", "contexts")

    def get_queryset(self) -> QuerySet[Actor]:
        return super().get_queryset().select_related("affiliation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = vocab.ACTOR_KINDS.choices()
        ctx["levels"] = vocab.LEVELS.choices()
        return ctx


class ActorDetail(generic.DetailView):  # type: ignore[type-arg]
    model = Actor

    def get_queryset(self) -> QuerySet[Actor]:
        return Actor.objects.select_related("affiliation").prefetch_related("contexts")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        actor = self.object
        ctx["participations"] = actor.participations.select_related("initiative", "event").order_by(
            "-initiative__start_date"
        )
        ctx["relationships"] = (
            Relationship.objects.filter(source=actor) | Relationship.objects.filter(target=actor)
        ).select_related("source", "target")
        ctx["nine_track_labels"] = [vocab.NINE_TRACKS.label(c) for c in actor.nine_tracks]
        ctx["members"] = actor.members.all()
        return ctx


class ActorCreate(RecordFormMixin, generic.CreateView):  # type: ignore[type-arg]
    model = Actor
    form_class = ActorForm

    def get_initial(self) -> dict[str, Any]:
        return {"kind": self.request.GET.get("kind", "person")}


class ActorUpdate(RecordFormMixin, generic.UpdateView):  # type: ignore[type-arg]
    model = Actor
    form_class = ActorForm
