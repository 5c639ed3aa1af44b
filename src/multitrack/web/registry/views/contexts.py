from __future__ import annotations

from typing import Any

from django.views import generic

from ..forms import ContextForm
from ..models import Context
from .base import RecordFormMixin, SearchListView


class ContextList(SearchListView):
    model = Context


class ContextDetail(generic.DetailView):  # type: ignore[type-arg]
    model = Context

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["initiatives"] = self.object.initiatives.for_classification()
        ctx["actor_count"] = self.object.actors.count()
        return ctx


class ContextCreate(RecordFormMixin, generic.CreateView):  # type: ignore[type-arg]
    model = Context
    form_class = ContextForm


class ContextUpdate(RecordFormMixin, generic.UpdateView):  # type: ignore[type-arg]
    model = Context
    form_class = ContextForm
