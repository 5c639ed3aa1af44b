"""Shared pieces of the registry's class-based views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views import generic

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.scoped import CompartmentQuerySet

_M = TypeVar("_M", bound=Model)
_M_co = TypeVar("_M_co", bound=Model, covariant=True)

if TYPE_CHECKING:
    from django.views.generic.edit import ModelFormMixin, ProcessFormView

    class _ModelFormView(ModelFormMixin[Any, Any], ProcessFormView):
        """The create or update view the mixins below are mixed into."""

        object: Any  # the record: None on a create page until it is saved

else:
    _ModelFormView = object


class _ModelView(Protocol[_M_co]):
    """The generic view (list, detail or update) that Scoped is mixed into."""

    @property
    def model(self) -> type[_M_co] | None: ...
    @property
    def capability(self) -> str: ...
    @property
    def request(self) -> HttpRequest: ...


@runtime_checkable
class Searchable(Protocol[_M_co]):
    """A query set with a search box: the registry's query sets."""

    def search(self, query: str) -> QuerySet[_M_co]: ...


class Scoped:
    """Views whose rows come through `Model.objects.for_user(user, capability)`.

    An object outside what the user may reach with `capability` is simply not in the query set, so a
    detail or edit view answers 404 for it: the user cannot tell "forbidden" from "does not exist".
    """

    capability = "rows"

    def get_queryset(self: _ModelView[_M]) -> QuerySet[_M]:
        assert self.model is not None
        rows = self.model._default_manager.get_queryset()
        assert isinstance(rows, CompartmentQuerySet), self.model
        return rows.for_user(self.request.user, self.capability)


class NeedsWriteAccess(_ModelFormView):
    """Create views: the user must be able to write in at least one compartment, else 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not compartment_ids(request.user, "write"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


class SearchListView(Scoped, generic.ListView[_M]):
    """A paginated list with a search box (`?q=`) and optional exact filters from the query string."""

    model: type[_M]  # every list names its model
    filters: tuple[str, ...] = ()

    def get_paginate_by(self, queryset: QuerySet[_M]) -> int:
        return int(settings.PAGE_SIZE)

    def search(self, qs: QuerySet[_M], query: str) -> QuerySet[_M]:
        assert isinstance(qs, Searchable), self.model
        return qs.search(query)

    def get_queryset(self) -> QuerySet[_M]:
        qs = self.search(super().get_queryset(), self.request.GET.get("q", "").strip())
        for name in self.filters:
            value = self.request.GET.get(name, "")
            if value:
                qs = qs.filter(**{name: value})
        return qs

    def get_template_names(self) -> list[str]:
        # htmx asks for the table alone when the search box changes.
        if self.request.headers.get("HX-Request") and self.request.headers.get("HX-Target") == "results":
            return [f"registry/{self.model._meta.model_name}_results.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["q"] = self.request.GET.get("q", "")
        ctx["active_filters"] = {name: self.request.GET.get(name, "") for name in self.filters}
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx["query_string"] = params.urlencode()
        return ctx


class RecordFormMixin(_ModelFormView):
    """Create/update pages: name the kind of record, and say what was saved by its display name
    (never a person's name: see Actor.__str__)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = super().get_context_data(**kwargs)
        ctx["noun"] = self.model._meta.verbose_name
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:  # the view's model form
        response: HttpResponse = super().form_valid(form)
        obj: Model = self.object
        messages.success(self.request, f"Saved {obj._meta.verbose_name} “{obj}”.")
        return response
