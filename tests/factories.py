"""Small factories for registry rows: each makes a valid row with the fewest required choices."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from multitrack.core.screening.entries import BirthDate, ListedName, ListEntry, ParsedList
from multitrack.web.accounts.models import Compartment
from multitrack.web.conflictmaps.models import ConflictMap, MapNode, MapTie
from multitrack.web.evaluation.models import Indicator, TheoryOfChange, TocElement
from multitrack.web.registry.models import Actor, Context, Event, Initiative, Participation, Relationship

_seq = itertools.count(1)


def default_compartment() -> Compartment:
    return Compartment.objects.get_or_create(name="Default compartment")[0]


def compartment(**kw: Any) -> Compartment:
    kw.setdefault("name", f"Compartment {next(_seq)}")
    return Compartment.objects.create(**kw)


def context(**kw: Any) -> Context:
    kw.setdefault("name", f"Context {next(_seq)}")
    return Context.objects.create(**kw)


def actor(kind: str = "person", **kw: Any) -> Actor:
    kw.setdefault("name", f"Actor {next(_seq)}")
    kw.setdefault("level", "middle")
    kw.setdefault("compartment", kw.get("compartment") or default_compartment())
    return Actor.objects.create(kind=kind, **kw)


def initiative(**kw: Any) -> Initiative:
    kw.setdefault("context", kw.get("context") or context())
    kw.setdefault("title", f"Initiative {next(_seq)}")
    kw.setdefault("format", "dialogue_series")
    kw.setdefault("third_party_type", "ngo_mediator")
    kw.setdefault("objectives", ["relationship_building"])
    kw.setdefault("compartment", kw.get("compartment") or default_compartment())
    return Initiative.objects.create(**kw)


def event(initiative_: Initiative | None = None, **kw: Any) -> Event:
    kw.setdefault("title", f"Meeting {next(_seq)}")
    kw.setdefault("start_date", date(2024, 3, 1))
    return Event.objects.create(initiative=initiative_ or initiative(), **kw)


def participate(
    initiative_: Initiative, actor_: Actor, role: str = "participant", **kw: Any
) -> Participation:
    return Participation.objects.create(initiative=initiative_, actor=actor_, role=role, **kw)


def relationship(source: Actor, target: Actor, type: str = "close", **kw: Any) -> Relationship:
    kw.setdefault("compartment", source.compartment)
    return Relationship.objects.create(source=source, target=target, type=type, **kw)


def conflict_map(context_: Context | None = None, **kw: Any) -> ConflictMap:
    kw.setdefault("compartment", default_compartment())
    kw.setdefault("as_of", date(2024, 3, 1))
    kw.setdefault("perspective", "facilitation team")
    return ConflictMap.objects.create(context=context_ or context(), **kw)


def map_node(map_: ConflictMap, label: str, kind: str = "party", **kw: Any) -> MapNode:
    if kind != "issue":
        kw.setdefault("power", 3)
    return MapNode.objects.create(map=map_, label=label, kind=kind, **kw)


def map_tie(source: MapNode, target: MapNode, type: str = "close", **kw: Any) -> MapTie:
    return MapTie.objects.create(map=source.map, source=source, target=target, type=type, **kw)


# A listed person as the UN list gives it (the screening tests' standard subject).
LISTED_GADDAFI = ListEntry(
    "un-sc",
    "LYi.001",
    "Person",
    (ListedName("Muammar Mohammed Abu Minyar Qadhafi"), ListedName("Moammar Gaddafi", "alias", "good")),
    birth_dates=(BirthDate("year", "1942"),),
    nationalities=("LY",),
)


def watchlist(*entries: ListEntry, version: str = "2024-01-01") -> Any:
    """Store one version of the UN list holding `entries` (LISTED_GADDAFI when none)."""
    from multitrack.web.screening.services.lists import store

    return store(ParsedList("un-sc", version, version, entries or (LISTED_GADDAFI,)), "un.xml")


def toc(initiative_: Initiative | None = None, **kw: Any) -> TheoryOfChange:
    if initiative_ is not None:
        kw.setdefault("compartment", initiative_.compartment)
    kw.setdefault("compartment", default_compartment())
    kw.setdefault("title", "Water dialogue")
    kw.setdefault("as_of", date(2024, 3, 1))
    return TheoryOfChange.objects.create(initiative=initiative_, **kw)


def toc_element(toc_: TheoryOfChange, label: str, level: str = "activity") -> TocElement:
    return TocElement.objects.create(toc=toc_, label=label, level=level)


def indicator(initiative_: Initiative | None = None, **kw: Any) -> Indicator:
    kw.setdefault("code", "OC1")
    kw.setdefault("name", "Meetings between the negotiating teams")
    kw.setdefault("unit", "meetings")
    return Indicator.objects.create(initiative=initiative_ or initiative(), **kw)
