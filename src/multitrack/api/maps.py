"""Conflict maps in the REST API: versions, one version as data, and the difference between two.

Maps hold person-level detail: they need the `rows` capability (funders and outsiders get 404), and
persons appear by pseudonym only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from multitrack.core import conflictmap as core
from multitrack.web.conflictmaps.models import ConflictMap

router = Router(tags=["conflict maps"])


class MapFields(Schema):
    id: int
    context_id: int
    context: str
    date: str
    perspective: str
    saved: str | None
    based_on: int | None


class MapOut(MapFields):
    @staticmethod
    def resolve_context(obj: ConflictMap) -> str:
        return obj.context.name

    @staticmethod
    def resolve_date(obj: ConflictMap) -> str:
        return obj.as_of.isoformat()

    @staticmethod
    def resolve_saved(obj: ConflictMap) -> str | None:
        return obj.saved_at.isoformat() if obj.saved_at else None

    @staticmethod
    def resolve_based_on(obj: ConflictMap) -> int | None:
        return obj.based_on_id


class NodeOut(Schema):
    key: str = Field(description="the same across copied versions")
    kind: str = Field(description="party, external party or issue (vocabulary `map_elements`)")
    label: str
    power: int | None = Field(description="the party's relative power, 1 to 5")
    actor: str | None = Field(description="the linked registry actor's code (persons by pseudonym)")


class TieOut(Schema):
    source: str
    target: str
    type: str = Field(description="vocabulary `relationship_types`")


class FactorOut(Schema):
    kind: str
    category: str
    description: str
    initiatives: list[str]


class MapDetailOut(MapFields):
    nodes: list[NodeOut]
    ties: list[TieOut]
    dividers_connectors: list[FactorOut]
    contributors: int


class PowerChangeOut(NodeOut):
    """The node as in the newer version, with its power in each version."""

    before: int | None
    after: int | None


class NodeChangeOut(NodeOut):
    """The node as in the newer version; `before` and `after` are its kind (kind_changes) or its label
    (renamed) in each version."""

    before: str
    after: str


class TieChangeOut(TieOut):
    """A tie, its ends by label; `before` and `after` are its type in each version (null: no tie)."""

    before: str | None
    after: str | None


class MapUnchangedOut(Schema):
    nodes: int
    ties: int


class MapDiffOut(Schema):
    """Nodes as in the newer version (the older for those gone); ties' ends by label."""

    parties_added: list[NodeOut]
    parties_gone: list[NodeOut]
    power_changes: list[PowerChangeOut]
    kind_changes: list[NodeChangeOut]
    renamed: list[NodeChangeOut]
    ties_formed: list[TieChangeOut]
    ties_changed: list[TieChangeOut]
    ties_broken: list[TieChangeOut]
    ties_removed: list[TieChangeOut]
    unchanged: MapUnchangedOut


def _map(request: HttpRequest, map_id: int) -> ConflictMap:
    return get_object_or_404(ConflictMap.objects.for_user(request.user).select_related("context"), pk=map_id)


@router.get("", response=list[MapOut])
@paginate(PageNumberPagination, page_size=int(settings.PAGE_SIZE))
def list_maps(request: HttpRequest, context: int | None = None) -> Any:
    """Map versions you may see, by context and date."""
    maps = ConflictMap.objects.for_user(request.user).select_related("context")
    return maps.filter(context_id=context) if context else maps


@router.get("/{map_id}", response=MapDetailOut)
def get_map(request: HttpRequest, map_id: int) -> dict[str, Any]:
    """One version: parties, external parties and issues (keys stay the same across copied versions),
    ties after the mapping legend, dividers and connectors; persons by pseudonym."""
    m = _map(request, map_id)
    snap = m.snapshot()
    return {
        "id": m.pk,
        "context_id": m.context_id,
        "context": m.context.name,
        "date": m.as_of.isoformat(),
        "perspective": m.perspective,
        "saved": MapOut.resolve_saved(m),
        "based_on": m.based_on_id,
        "nodes": [vars(n) for n in snap.nodes],
        "ties": [vars(t) for t in snap.ties],
        "dividers_connectors": [
            {
                "kind": x.kind,
                "category": x.category,
                "description": x.description,
                "initiatives": [i.code for i in x.initiatives.all()],
            }
            for x in m.factors.prefetch_related("initiatives")
        ],
        "contributors": m.contributors.count(),
    }


@router.get("/{first}/diff/{second}", response=MapDiffOut)
def diff_maps(request: HttpRequest, first: int, second: int) -> dict[str, Any]:
    """What changed from one version to another (the same as `multitrack map diff --json`)."""
    a, b = _map(request, first), _map(request, second)
    return core.diff(a.snapshot(), b.snapshot()).as_dict()
