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

import random
import threading
import warnings
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import igraph as ig
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

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


@dataclass(frozen=True)
class NodeMetrics:
    """One node's scores; see `metrics` for what each means."""

    id: str
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    eigenvector: float
    community: int
    articulation: bool


@dataclass(frozen=True)
class TrackCut:
    """An articulation point and the pairs of tracks (track order) that only it joins."""

    node: str
    separates: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Metrics:
    """The result of `metrics`."""

    nodes: tuple[NodeMetrics, ...]  # in network.nodes order
    bridges: tuple[tuple[str, str], ...]
    cuts: tuple[TrackCut, ...]
    modularity: float

    def by_id(self) -> dict[str, NodeMetrics]:
        return {m.id: m for m in self.nodes}


def _betweenness(graph: ig.Graph, k: int | None, seed: int) -> list[float]:
    n = graph.vcount()
    if k is not None and k < 2:
        raise NetworkError(f"betweenness needs at least 2 sampled sources, got {k}")
    if n < 3:
        return [0.0] * n
    if k is None or k >= n:
        return [x / ((n - 1) * (n - 2)) for x in graph.betweenness(directed=True)]
    sources = random.Random(seed).sample(range(n), k)  # the nodes networkx would draw with this seed
    chosen = set(sources)
    raw = graph.betweenness(directed=True, sources=sources)
    return [x / ((k - 1 if v in chosen else k) * (n - 2)) for v, x in enumerate(raw)]


def sampled_betweenness(network: Network, k: int, seed: int = 0) -> dict[str, float]:
    """Betweenness estimated from k sampled sources (k >= 2; k >= n gives the exact values).

    Same estimator as networkx 3.6 `betweenness_centrality(G, k, seed=seed)`: the same k sources for the
    same node order and seed, and partial sums scaled by (n-1)/k, or (n-1)/(k-1) for a sampled node (which
    cannot lie on its own paths). Unbiased; normalised by (n-1)(n-2) on the directed view.
    """
    graph = _graph(_arcs(network), directed=True)
    return dict(zip(network.node_ids(), _betweenness(graph, k, seed), strict=True))


def _eigenvector(graph: ig.Graph) -> list[float]:
    """Perron vector of the undirected view, scaled to max 1.

    Only the component(s) with the largest leading eigenvalue score above 0 (the limit of the power
    method); components tied for it (within 1e-9) are each scaled to max 1. Isolated nodes score 0.
    """
    values = [0.0] * graph.vcount()
    comps = [sorted(c) for c in graph.connected_components() if len(c) > 1]
    degree = graph.degree()
    # bounds on each leading eigenvalue: max(sqrt(max degree), mean degree) <= lambda <= max degree
    tops = [max(degree[v] for v in c) for c in comps]
    floor = max(
        (max(t**0.5, sum(degree[v] for v in c) / len(c)) for c, t in zip(comps, tops, strict=True)), default=0
    )
    found = []
    for comp, top in zip(comps, tops, strict=True):
        if top >= floor * (1 - 1e-9):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                vec, lam = graph.induced_subgraph(comp).eigenvector_centrality(return_eigenvalue=True)
            found.append((float(lam), comp, vec))
    best = max((lam for lam, _, _ in found), default=0.0)
    for lam, comp, vec in found:
        if lam >= best * (1 - 1e-9):
            for v, x in zip(comp, vec, strict=True):
                values[v] = abs(float(x))
    return values


_RNG_LOCK = threading.Lock()


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws (ARPACK start vectors, Leiden) from one process-wide generator: seed it, then restore
    igraph's default (the `random` module). Serialised by a lock, so concurrent calls stay reproducible."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def _communities(graph: ig.Graph) -> tuple[list[int], float]:
    """Leiden (modularity) communities numbered by size, largest first (ties: earliest node), and Q."""
    if graph.ecount() == 0:
        return list(range(graph.vcount())), 0.0
    raw = graph.community_leiden(objective_function="modularity", n_iterations=-1).membership
    size: dict[int, int] = {}
    first: dict[int, int] = {}
    for v, c in enumerate(raw):
        size[c] = size.get(c, 0) + 1
        first.setdefault(c, v)
    rank = {c: i for i, c in enumerate(sorted(size, key=lambda c: (-size[c], first[c])))}
    membership = [rank[c] for c in raw]
    return membership, float(graph.modularity(membership))


def _pairs(counts: list[int]) -> set[tuple[int, int]]:
    present = [i for i, c in enumerate(counts) if c > 0]
    return {(a, b) for i, a in enumerate(present) for b in present[i + 1 :]}


def _track_cuts(graph: ig.Graph, nodes: tuple[Node, ...]) -> tuple[TrackCut, ...]:
    """Cuts from the block-cut tree: one traversal, no graph search per articulation point.

    Tracks are counted per tree node (an articulation point counts itself, a block its other members) and
    summed over subtrees; removing point v leaves one piece per child subtree plus the rest of its tree. A
    pair of tracks is separated if, among the other nodes, it was joined in v's component, is joined in no
    other component, and no piece holds both.
    """
    codes = sorted({n.track for n in nodes if n.track is not None}, key=_track_key)
    blocks, points = graph.biconnected_components(return_articulation_points=True)
    if len(codes) < 2 or not points:
        return ()
    col = {c: i for i, c in enumerate(codes)}
    m = len(blocks) + len(points)  # tree nodes: blocks, then points; m is a virtual root
    tree_of = {v: len(blocks) + j for j, v in enumerate(points)}
    own = [[0] * len(codes) for _ in range(m + 1)]
    rows: list[int] = []
    cols: list[int] = []
    for b, members in enumerate(blocks):
        for v in members:
            if v in tree_of:
                rows.append(b)
                cols.append(tree_of[v])
            elif (track := nodes[v].track) is not None:
                own[b][col[track]] += 1
    for v, t in tree_of.items():
        if (track := nodes[v].track) is not None:
            own[t][col[track]] += 1
    shape = (m + 1, m + 1)
    tree = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    _, label = csgraph.connected_components(tree[:m, :m], directed=False)
    roots = np.unique(label, return_index=True)[1]
    tree = tree + sparse.csr_matrix((np.ones(len(roots)), (np.full(len(roots), m), roots)), shape=shape)
    order, parent = csgraph.breadth_first_order(tree, m, directed=False, return_predecessors=True)
    sub = [row[:] for row in own]
    children: list[list[int]] = [[] for _ in range(m + 1)]
    for x in order.tolist()[:0:-1]:
        p = int(parent[x])
        sub[p] = [a + b for a, b in zip(sub[p], sub[x], strict=True)]
        children[p].append(x)
    comp_pairs = [_pairs(sub[r]) for r in roots.tolist()]
    tally: dict[tuple[int, int], int] = {}
    for pairs in comp_pairs:
        for pair in pairs:
            tally[pair] = tally.get(pair, 0) + 1
    cuts = []
    for v in sorted(points):
        t = tree_of[v]
        total = sub[int(roots[label[t]])]
        lost = {p for p in _pairs([a - b for a, b in zip(total, own[t], strict=True)]) if tally[p] == 1}
        pieces = [sub[c] for c in children[t]]
        if parent[t] != m:
            pieces.append([a - b for a, b in zip(total, sub[t], strict=True)])
        for piece in pieces:
            lost -= _pairs(piece)
        if lost:
            cuts.append(TrackCut(nodes[v].id, tuple((codes[a], codes[b]) for a, b in sorted(lost))))
    return tuple(cuts)


def metrics(network: Network, *, betweenness_samples: int | None = None, seed: int = 0) -> Metrics:
    """Centrality, communities and single points of failure, each on the view stated.

    - degree: distinct neighbours (undirected view); in/out_degree: on the directed view, where an
      undirected tie counts both ways.
    - betweenness: share of shortest paths through the node on the directed view, normalised like
      networkx (÷ (n-1)(n-2)); estimated from `betweenness_samples` sources (see `sampled_betweenness`).
    - eigenvector: see `_eigenvector` (undirected view, max 1, 0 outside the dominant component).
    - community: Leiden maximising modularity, undirected view; 0 is the largest community.
    - articulation, bridges (pairs sorted, then the list): single points of failure, undirected view.
    - cuts: articulation points whose removal leaves two tracks with no path between them.

    The same network and seed always give the same result (the seed drives sampling, ARPACK and Leiden).
    """
    arcs = _arcs(network)
    directed, undirected = _graph(arcs, directed=True), _graph(arcs, directed=False)
    ids = network.node_ids()
    between = _betweenness(directed, betweenness_samples, seed)
    with _seeded(seed):
        eigen = _eigenvector(undirected)
        membership, modularity = _communities(undirected)
    points = set(undirected.articulation_points())
    degrees = zip(undirected.degree(), directed.indegree(), directed.outdegree(), strict=True)
    nodes = tuple(
        NodeMetrics(ids[v], d, i, o, between[v], eigen[v], membership[v], v in points)
        for v, (d, i, o) in enumerate(degrees)
    )
    edges = undirected.get_edgelist()
    bridges = sorted(
        (min(ids[a], ids[b]), max(ids[a], ids[b])) for a, b in map(edges.__getitem__, undirected.bridges())
    )
    return Metrics(nodes, tuple(bridges), _track_cuts(undirected, network.nodes), modularity)


@dataclass(frozen=True)
class LinkPath:
    """A shortest path from a Track 3 node to its nearest Track 1 node; brokers are its Track 2/1.5 nodes."""

    start: str
    end: str
    path: tuple[str, ...]
    brokers: tuple[str, ...]


@dataclass(frozen=True)
class LinkageReport:
    """The result of `linkage`; its docstring says what each field holds."""

    paths: tuple[LinkPath, ...]
    unlinked: tuple[str, ...]
    track_pairs_without_path: tuple[tuple[str, str], ...]
    broker_counts: dict[str, int]


@dataclass(frozen=True)
class LinkageChange:
    """Track 3 nodes that gained or lost a path to Track 1, and brokers that appeared or disappeared."""

    newly_linked: tuple[str, ...]
    no_longer_linked: tuple[str, ...]
    brokers_gained: tuple[str, ...]
    brokers_lost: tuple[str, ...]


def _reach(arcs: sparse.csr_matrix, sources: list[int]) -> np.ndarray:
    """Hops from the nearest of `sources` to every node along arcs (inf when unreachable)."""
    if not sources:
        return np.full(arcs.shape[0], np.inf)
    hops: np.ndarray = csgraph.dijkstra(arcs, indices=sources, unweighted=True, min_only=True)
    return hops


def linkage(network: Network, *, directed: bool = False) -> LinkageReport:
    """Who links Track 3 to Track 1, and where no one does.

    Paths follow ties both ways by default; with directed=True a directed tie is followed only from
    source to target (paths run from Track 3 towards Track 1; undirected ties still count both ways).

    - paths: for each Track 3 node (node order), the shortest paths to its nearest Track 1 node(s), at
      most PATHS_PER_START, in node order of their steps.
    - unlinked: Track 3 nodes with no path to any Track 1 node (all of them if there is no Track 1 node).
    - track_pairs_without_path: pairs of tracks present in the network (track order) with no path between
      any of their nodes, in either direction.
    - broker_counts: for each Track 2/1.5 node on some such path, the number of all (uncapped) shortest
      Track 3 → nearest Track 1 paths through it, largest first; exact up to 2**53.
    """
    arcs = _arcs(network, directed=directed)
    tracks = [node.track for node in network.nodes]
    ids = network.node_ids()
    threes = [v for v, t in enumerate(tracks) if t == "3"]
    hops = _reach(arcs.T.tocsr(), [v for v, t in enumerate(tracks) if t == "1"])  # hops to nearest Track 1
    # The shortest paths to the nearest Track 1 node are the walks down the DAG of arcs that lose one hop.
    arc = arcs.tocoo()
    down = np.isfinite(hops[arc.row]) & (hops[arc.col] == hops[arc.row] - 1)
    src, dst = arc.row[down], arc.col[down]
    dag = sparse.csr_matrix((np.ones(len(src)), (src, dst)), shape=arcs.shape)
    dag.sort_indices()
    level = np.where(np.isfinite(hops), hops, -1).astype(np.int64)[src]
    by_level = np.argsort(level, kind="stable")
    src, dst, level = src[by_level], dst[by_level], level[by_level]
    top = int(level.max()) if len(level) else 0
    bounds = np.searchsorted(level, np.arange(1, top + 2))
    below = (hops == 0).astype(np.float64)  # paths from each node down to Track 1
    above = np.zeros(len(hops))  # paths from Track 3 starts down to each node
    above[[v for v in threes if np.isfinite(hops[v])]] = 1.0
    for lv in range(1, top + 1):
        s = slice(bounds[lv - 1], bounds[lv])
        np.add.at(below, src[s], below[dst[s]])
    for lv in range(top, 0, -1):
        s = slice(bounds[lv - 1], bounds[lv])
        np.add.at(above, dst[s], above[src[s]])
    through = above * below
    brokers = sorted(
        (v for v, t in enumerate(tracks) if t in BROKER_TRACKS and through[v] > 0),
        key=lambda v: (-through[v], v),
    )

    paths: list[LinkPath] = []
    indptr, indices = dag.indptr.tolist(), dag.indices.tolist()
    for start in threes:
        stack: list[tuple[int, ...]] = [(start,)] if np.isfinite(hops[start]) else []
        found = 0
        while stack and found < PATHS_PER_START:
            path = stack.pop()
            v = path[-1]
            if hops[v] == 0:
                inner = tuple(ids[x] for x in path[1:-1] if tracks[x] in BROKER_TRACKS)
                paths.append(LinkPath(ids[start], ids[v], tuple(ids[x] for x in path), inner))
                found += 1
            else:
                stack.extend((*path, w) for w in reversed(indices[indptr[v] : indptr[v + 1]]))

    present = sorted({t for t in tracks if t is not None}, key=_track_key)
    members = {t: [v for v, x in enumerate(tracks) if x == t] for t in present}
    reached = {t: np.isfinite(_reach(arcs, members[t])) for t in present}
    gaps = tuple(
        (a, b)
        for i, a in enumerate(present)
        for b in present[i + 1 :]
        if not (reached[a][members[b]].any() or reached[b][members[a]].any())
    )
    return LinkageReport(
        tuple(paths),
        tuple(ids[v] for v in threes if not np.isfinite(hops[v])),
        gaps,
        {ids[v]: round(float(through[v])) for v in brokers},
    )


def linkage_change(network: Network, before: date, after: date, *, directed: bool = False) -> LinkageChange:
    """What changed in Track 3–Track 1 linkage between the networks on two days (`Network.at`), node order."""
    old, new = linkage(network.at(before), directed=directed), linkage(network.at(after), directed=directed)
    threes = {node.id for node in network.nodes if node.track == "3"}
    was, now = threes - set(old.unlinked), threes - set(new.unlinked)
    gained, lost = (
        set(new.broker_counts) - set(old.broker_counts),
        set(old.broker_counts) - set(new.broker_counts),
    )
    order = network.node_ids()
    return LinkageChange(*(tuple(x for x in order if x in s) for s in (now - was, was - now, gained, lost)))
