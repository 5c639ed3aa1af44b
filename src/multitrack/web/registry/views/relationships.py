from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.views import generic

from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest

from ..forms import RelationshipForm
from ..models import Relationship
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class RelationshipList(SearchListView[Relationship]):
    model = Relationship
    filters = ("type", "context")

    def get_queryset(self) -> QuerySet[Relationship]:
        return super().get_queryset().select_related("source", "target", "context")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "types": vocab.RELATIONSHIP_TYPES.choices(),
            "writable": compartment_ids(self.request.user, "write"),  # whose ties get an Edit link
        }


class RelationshipCreate(
    NeedsWriteAccess, RecordFormMixin, generic.CreateView[Relationship, RelationshipForm]
):
    model = Relationship
    form_class = RelationshipForm
    request: AuthenticatedRequest

    # A tie proposed from a conflict map arrives with its ends, type, context, date and source filled in.
    PREFILLED = ("source", "target", "type", "context", "compartment", "valid_from", "evidence")

    def get_initial(self) -> dict[str, Any]:
        return {name: self.request.GET[name] for name in self.PREFILLED if self.request.GET.get(name)}

    def form_valid(self, form: RelationshipForm) -> HttpResponse:
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self) -> str:
        return reverse("registry:relationship_list")


class RelationshipUpdate(Scoped, RecordFormMixin, generic.UpdateView[Relationship, RelationshipForm]):
    model = Relationship
    form_class = RelationshipForm
    capability = "write"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self) -> str:
        return reverse("registry:relationship_list")
