from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.views import generic

from multitrack.core import vocab

from ..forms import RelationshipForm
from ..models import Relationship
from .base import RecordFormMixin


class RelationshipList(generic.ListView):  # type: ignore[type-arg]
    model = Relationship
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Relationship]:
        qs = Relationship.objects.select_related("source", "target", "context")
        if kind := self.request.GET.get("type"):
            qs = qs.filter(type=kind)
        if context := self.request.GET.get("context"):
            qs = qs.filter(context=context)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["types"] = vocab.RELATIONSHIP_TYPES.choices()
        ctx["current_type"] = self.request.GET.get("type", "")
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["query_string"] = params.urlencode()
        return ctx


class RelationshipCreate(RecordFormMixin, generic.CreateView):  # type: ignore[type-arg]
    model = Relationship
    form_class = RelationshipForm

    def get_initial(self) -> dict[str, Any]:
        return {"source": self.request.GET.get("source")}

    def form_valid(self, form: RelationshipForm) -> HttpResponse:
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("registry:relationship_list")


class RelationshipUpdate(RecordFormMixin, generic.UpdateView):  # type: ignore[type-arg]
    model = Relationship
    form_class = RelationshipForm

    def get_success_url(self) -> str:
        return reverse("registry:relationship_list")
