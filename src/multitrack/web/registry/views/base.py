"""Shared pieces of the registry's class-based views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.views import generic

from multitrack.web.accounts.access import compartment_ids


class Scoped:
    """Views whose rows come through `Model.objects.for_user(user, capability)`.

    An object outside what the user may reach with `capability` is simply not in the query set, so a
    detail or edit view answers 404 for it: the user cannot tell "forbidden" from "does not exist".
    """

    capability = "rows"
    model: type[Model]
    request: HttpRequest

    def get_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.for_user(self.request.user, self.capability)  # type: ignore[attr-defined]


class NeedsWriteAccess:
    """Create views: the user must be able to write in at least one compartment, else 403."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not compartment_ids(request.user, "write"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]


class SearchListView(Scoped, generic.ListView):  # type: ignore[type-arg]
    """A paginated list with a search box (`?q=`) and optional exact filters from the query string."""

    filters: tuple[str, ...] = ()

    def get_paginate_by(self, queryset: QuerySet[Any]) -> int:
        return int(settings.PAGE_SIZE)

    def search(self, qs: QuerySet[Any], query: str) -> QuerySet[Any]:
        return qs.search(query)  # type: ignore[attr-defined,no-any-return]

    def get_queryset(self) -> QuerySet[Any]:
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


class RecordFormMixin:
    """Create/update pages: name the kind of record, and say what was saved by its display name
    (never a person's name: see Actor.__str__)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["noun"] = self.model._meta.verbose_name  # type: ignore[attr-defined]
        return ctx

    def form_valid(self, form: BaseForm) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        obj: Model = self.object  # type: ignore[attr-defined]
        messages.success(self.request, f"Saved {obj._meta.verbose_name} “{obj}”.")  # type: ignore[attr-defined]
        return response
