"""Sanctions screening in the REST API: the list imports, the hits in the caller's compartments, and
screening one actor.

Lists are public reference data (any logged-in user). Hits concern registry actors: they need the `rows`
capability of the actor's compartment (funders and outsiders see none, or get 404), show the actor by
pseudonym code only and leave out the explanation (it quotes the actor's name; owners and editors read it
in the web app). Screening an actor needs the `write` capability; it is audited like the web action.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from multitrack.api.common import Pages
from multitrack.api.schemas import ErrorOut
from multitrack.web.registry.models import Actor
from multitrack.web.screening.models import ScreeningDecision, ScreeningHit, WatchlistImport
from multitrack.web.screening.services import screen

router = Router(tags=["screening"])


class ListImportOut(Schema):
    id: int
    source: str
    version: str
    file_name: str
    file_hash: str
    total: int
    added: int
    removed: int
    changed: int
    imported_at: str

    @staticmethod
    def resolve_imported_at(obj: WatchlistImport) -> str:
        return obj.imported_at.isoformat()


class HitOut(Schema):
    id: int
    actor: str
    list: str
    entry_id: str
    entity_schema: str
    matched_name: str
    score: float
    open: bool
    reopened_because: str
    screened_at: str
    verdict: str | None
    decided_at: str | None
    list_version: str | None

    @staticmethod
    def resolve_actor(obj: ScreeningHit) -> str:
        return str(obj.actor.code)

    @staticmethod
    def resolve_list(obj: ScreeningHit) -> str:
        return str(obj.entity.source)

    @staticmethod
    def resolve_entry_id(obj: ScreeningHit) -> str:
        return str(obj.entity.entry_id)

    @staticmethod
    def resolve_entity_schema(obj: ScreeningHit) -> str:
        return str(obj.entity.schema)

    @staticmethod
    def resolve_screened_at(obj: ScreeningHit) -> str:
        return obj.screened_at.isoformat()

    @staticmethod
    def resolve_verdict(obj: ScreeningHit) -> str | None:
        decision = _latest(obj)
        return decision.verdict if decision else None

    @staticmethod
    def resolve_decided_at(obj: ScreeningHit) -> str | None:
        decision = _latest(obj)
        return decision.decided_at.isoformat() if decision else None

    @staticmethod
    def resolve_list_version(obj: ScreeningHit) -> str | None:
        decision = _latest(obj)
        return decision.list_version if decision else None


def _latest(hit: ScreeningHit) -> ScreeningDecision | None:
    """The latest decision, from the prefetched decisions (no query per hit)."""
    decisions = list(hit.decisions.all())
    return max(decisions, key=lambda d: (d.decided_at, d.pk)) if decisions else None


class ScreenOut(Schema):
    actor: str
    new_hits: int
    reopened: int
    still_decided: int
    hits: list[HitOut]


@router.get("/lists", response=list[ListImportOut])
def list_imports(request: HttpRequest) -> Any:
    """Every import of a list version, newest first, with its file hash and what it changed."""
    return WatchlistImport.objects.all()


@router.get("/hits", response=list[HitOut])
@paginate(Pages)
def list_hits(request: HttpRequest, open: bool | None = None, actor: str = "") -> Any:
    """Hits in the caller's compartments, open ones first; filter by `open` or by actor code."""
    hits = (
        ScreeningHit.objects.for_user(request.user)
        .select_related("actor", "entity")
        .prefetch_related("decisions")
    )
    if open is not None:
        hits = hits.filter(open=open)
    if actor:
        hits = hits.filter(actor__code=actor)
    return hits


@router.get("/hits/{hit_id}", response=HitOut)
def get_hit(request: HttpRequest, hit_id: int) -> ScreeningHit:
    return get_object_or_404(
        ScreeningHit.objects.for_user(request.user)
        .select_related("actor", "entity")
        .prefetch_related("decisions"),
        pk=hit_id,
    )


@router.post("/actors/{actor_id}", response={200: ScreenOut, 409: ErrorOut})
def screen_actor(request: HttpRequest, actor_id: int) -> Any:
    """Screen one actor (name, aliases, date of birth, country) against every imported list now."""
    actor = get_object_or_404(Actor.objects.for_user(request.user, "write"), pk=actor_id)
    if not WatchlistImport.objects.exists():
        return Status(409, {"detail": "no sanctions list is imported yet: run multitrack watchlist import"})
    report = screen.screen_actors([actor], screen.current_index(), request.user, scope="the API")
    hits = ScreeningHit.objects.filter(actor=actor).select_related("actor", "entity")
    return Status(
        200,
        {
            "actor": actor.code,
            "new_hits": report.new_hits,
            "reopened": report.reopened,
            "still_decided": report.still_decided,
            "hits": list(hits.prefetch_related("decisions")),
        },
    )
