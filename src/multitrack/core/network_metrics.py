"""Network metrics: centralities, communities, bridges and the articulation points that cut tracks apart.

Split from `network.py`; see that module for the Network, Node and Tie types."""

from __future__ import annotations

import random
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from .network import Network, NetworkError, Node, _arcs, _graph, _track_key


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
