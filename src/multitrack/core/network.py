"""Actor networks: ties over time, centrality, communities, single points of failure, Track 3–Track 1 linkage.

A `Network` is a plain value: nodes (actors, by code, never by name) and ties (the conflict-mapping
relationships of DOMAIN.md §6, or co-participation in events). Filters (`at`, `during`, `of_types`)
keep every node and drop ties, so results for different days line up node by node.

Every tie counts as a connection, discord and broken ties included: pass `network.of_types(LINKING_TYPES)`
to analyse only ties that connect. Metrics are unweighted; repeated ties between two actors count once
and self-ties are ignored. Searches run in igraph and scipy; Python loops are linear in the graph (one pass
over the block-cut tree) or walk only the paths returned.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

import igraph as ig
import numpy as np
from scipy import sparse

from .brokerage import Brokerage, IntArray, adjacency, brokerage_counts
from .vocab import ACTOR_KINDS, LEVELS, NINE_TRACKS, RELATIONSHIP_TYPES, TRACKS, UnknownCode

CO_PARTICIPATION = "co_participation"
TIE_TYPES = (*RELATIONSHIP_TYPES.codes(), CO_PARTICIPATION)
LINKING_TYPES = ("close", "alliance", "informal", "influence", CO_PARTICIPATION)  # not discord, broken
BROKER_TRACKS = ("2", "1.5")
PATHS_PER_START = 5


class NetworkError(ValueError):
    """Nodes, ties or events that do not make a network (the message says which)."""


def _check_type(code: str) -> None:
    if code not in TIE_TYPES:
        raise UnknownCode("tie_types", code, TIE_TYPES)


@dataclass(frozen=True)
class Node:
    """An actor. `id` is its code; `track` is its own track, worked out by the caller (None if unknown)."""

    id: str
    label: str
    kind: str
    track: str | None
    level: str | None
    nine_tracks: tuple[str, ...] = ()
    party: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise NetworkError("a node has an empty id")
        ACTOR_KINDS.get(self.kind)
        for code, vocab in ((self.track, TRACKS), (self.level, LEVELS)):
            if code is not None:
                vocab.get(code)
        for code in self.nine_tracks:
            NINE_TRACKS.get(code)


def own_track(serving_official: bool, level: str | None) -> str | None:
    """An actor's own track: "1" for a serving official, else by Lederach level (top and middle "2",
    grassroots "3"); None when neither says."""
    if serving_official:
        return "1"
    return None if level is None else {"top": "2", "middle": "2", "grassroots": "3"}[LEVELS.get(level).code]


@dataclass(frozen=True)
class Tie:
    """A relationship, valid from `start` to `end` inclusive (None = open); directed: source → target."""

    source: str
    target: str
    type: str
    directed: bool
    start: date | None = None
    end: date | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        _check_type(self.type)
        if self.start is not None and self.end is not None and self.end < self.start:
            raise NetworkError(f"tie {self.source}–{self.target} ends ({self.end}) before it starts")
        if not self.weight > 0:
            raise NetworkError(f"tie {self.source}–{self.target} has weight {self.weight!r}; must be > 0")


@dataclass(frozen=True)
class Network:
    """Nodes with unique ids and ties between them (NetworkError otherwise). Filters keep every node."""

    nodes: tuple[Node, ...]
    ties: tuple[Tie, ...]

    def __post_init__(self) -> None:
        ids = {node.id for node in self.nodes}
        if len(ids) != len(self.nodes):
            raise NetworkError("a node id is listed twice")
        unknown = sorted({x for t in self.ties for x in (t.source, t.target) if x not in ids})
        if unknown:
            raise NetworkError(f"ties name {len(unknown)} unknown node(s): {', '.join(unknown[:5])}")

    def _keep(self, ties: Iterable[Tie]) -> Network:
        return Network(self.nodes, tuple(ties))

    def at(self, day: date) -> Network:
        """Ties valid on `day`: start <= day <= end, a missing start or end being open."""
        return self._keep(
            t for t in self.ties if (t.start is None or t.start <= day) and (t.end is None or day <= t.end)
        )

    def during(self, start: date, end: date) -> Network:
        """Ties valid on at least one day of the period start..end (inclusive)."""
        if end < start:
            raise NetworkError(f"period ends ({end}) before it starts ({start})")
        return self._keep(
            t for t in self.ties if (t.start is None or t.start <= end) and (t.end is None or start <= t.end)
        )

    def of_types(self, types: Collection[str]) -> Network:
        """Ties of the given types (unknown codes raise UnknownCode)."""
        for code in types:
            _check_type(code)
        return self._keep(t for t in self.ties if t.type in types)

    def node_ids(self) -> tuple[str, ...]:
        return tuple(node.id for node in self.nodes)


def co_participation_ties(events: Iterable[tuple[str, date | None, Collection[str]]]) -> tuple[Tie, ...]:
    """Undirected ties between every two participants of an event, sorted, with source < target.

    The weight is the number of events the two shared; start and end are the first and last dated shared
    event (undated events count in the weight only). An event id given twice raises NetworkError.
    """
    seen: set[str] = set()
    weight: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], date] = {}
    last: dict[tuple[str, str], date] = {}
    for event, day, participants in events:
        if event in seen:
            raise NetworkError(f"event {event!r} is given twice")
        seen.add(event)
        people = sorted(set(participants))
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                pair = (a, b)
                weight[pair] = weight.get(pair, 0) + 1
                if day is not None:
                    first[pair] = min(first.get(pair, day), day)
                    last[pair] = max(last.get(pair, day), day)
    return tuple(
        Tie(a, b, CO_PARTICIPATION, False, first.get((a, b)), last.get((a, b)), float(w))
        for (a, b), w in sorted(weight.items())
    )


def _track_key(track: str) -> tuple[int, str]:
    codes = TRACKS.codes()
    return (codes.index(track) if track in codes else len(codes), track)


def arcs(network: Network, *, directed: bool = True) -> sparse.csr_matrix:
    """The binary adjacency matrix in node order (undirected ties as two arcs), for core.brokerage."""
    return _arcs(network, directed=directed)


def _arcs(network: Network, *, directed: bool = True) -> sparse.csr_matrix:
    """Binary adjacency in node order: directed ties one arc (unless directed=False), undirected ties two."""
    index = {node.id: i for i, node in enumerate(network.nodes)}
    count = len(network.ties)
    src = np.fromiter((index[t.source] for t in network.ties), np.int64, count)
    dst = np.fromiter((index[t.target] for t in network.ties), np.int64, count)
    both = np.fromiter((not (directed and t.directed) for t in network.ties), bool, count)
    return adjacency(len(index), np.concatenate([src, dst[both]]), np.concatenate([dst, src[both]]))


def _graph(arcs: sparse.csr_matrix, *, directed: bool) -> ig.Graph:
    """The arcs as a simple igraph graph, directed or as its undirected view; vertex i is node i."""
    pairs = arcs.tocoo() if directed else sparse.triu(arcs + arcs.T, k=1).tocoo()
    edges = list(zip(pairs.row.tolist(), pairs.col.tolist(), strict=True))
    return ig.Graph(n=arcs.shape[0], edges=edges, directed=directed)


def brokerage_roles(network: Network, *, by: str = "track") -> Brokerage:
    """Gould–Fernandez roles (core.brokerage) on the directed view, grouping nodes by "track", "level",
    "party" or "nine_track" (an actor's first Diamond–McDonald track); nodes without one form the group
    "unknown"."""
    if by not in ("track", "level", "party", "nine_track"):
        raise NetworkError(f"cannot group by {by!r}; use track, level, party or nine_track")
    if by == "nine_track":
        groups = tuple(node.nine_tracks[0] if node.nine_tracks else "unknown" for node in network.nodes)
    else:
        groups = tuple(getattr(node, by) or "unknown" for node in network.nodes)
    code = {g: i for i, g in enumerate(sorted(set(groups)))}
    group_of: IntArray = np.array([code[g] for g in groups], dtype=np.int64)
    return Brokerage(network.node_ids(), groups, brokerage_counts(_arcs(network), group_of))
