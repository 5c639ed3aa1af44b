from __future__ import annotations

from typing import Any

from django.views import generic

from ..forms import ContextForm
from ..models import Actor, Context, Initiative
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class ContextList(SearchListView):
    model = Context
    capability = "aggregates"


class ContextDetail(Scoped, generic.DetailView):  # type: ignore[type-arg]
    model = Context
    capability = "aggregates"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["initiatives"] = (
            Initiative.objects.for_user(user).filter(context=self.object).for_classification()
        )
        ctx["actor_count"] = Actor.objects.for_user(user).filter(contexts=self.object).count()
        return ctx


class ContextCreate(NeedsWriteAccess, RecordFormMixin, generic.CreateView):  # type: ignore[type-arg]
    model = Context
    form_class = ContextForm


class ContextUpdate(NeedsWriteAccess, Scoped, RecordFormMixin, generic.UpdateView):  # type: ignore[type-arg]
    """Contexts are shared reference data: anyone who may write somewhere may correct them."""

    model = Context
    form_class = ContextForm
    capability = "aggregates"
