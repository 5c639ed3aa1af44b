"""Theories of change in the REST API: versions, one version with its warnings, the difference between two.

A theory of change is part of an initiative's confidential record: it needs the `rows` capability of its
compartment (funders and outsiders see none, or get 404).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from multitrack.core import toc as core
from multitrack.web.evaluation.models import TheoryOfChange

router = Router(tags=["theories of change"])


class Pages(PageNumberPagination):
    page_size = int(settings.PAGE_SIZE)


class TocOut(Schema):
    id: int
    title: str
    initiative: str | None
    date: str
    saved: str | None
    based_on: int | None

    @staticmethod
    def resolve_initiative(obj: TheoryOfChange) -> str | None:
        return obj.initiative.code if obj.initiative else None

    @staticmethod
    def resolve_date(obj: TheoryOfChange) -> str:
        return obj.as_of.isoformat()

    @staticmethod
    def resolve_saved(obj: TheoryOfChange) -> str | None:
        return obj.saved_at.isoformat() if obj.saved_at else None

    @staticmethod
    def resolve_based_on(obj: TheoryOfChange) -> int | None:
        return obj.based_on_id


def _visible(request: HttpRequest) -> Any:
    return TheoryOfChange.objects.for_user(request.user).select_related("initiative")


@router.get("", response=list[TocOut])
@paginate(Pages)
def list_tocs(request: HttpRequest, initiative: str = "") -> Any:
    """Versions in your compartments; filter by initiative code."""
    tocs = _visible(request)
    return tocs.filter(initiative__code=initiative) if initiative else tocs


@router.get("/{toc_id}", response=dict[str, Any])
def get_toc(request: HttpRequest, toc_id: int) -> dict[str, Any]:
    """One version as data (`multitrack toc check` reads the same shape) with its problems and warnings."""
    toc = get_object_or_404(_visible(request), pk=toc_id)
    return {**TocOut.from_orm(toc).dict(), **core.to_data(toc.snapshot())}


@router.get("/{a_id}/diff/{b_id}", response=dict[str, Any])
def diff_tocs(request: HttpRequest, a_id: int, b_id: int) -> dict[str, Any]:
    a = get_object_or_404(_visible(request), pk=a_id)
    b = get_object_or_404(_visible(request), pk=b_id)
    return core.diff(a.snapshot(), b.snapshot()).as_dict()
