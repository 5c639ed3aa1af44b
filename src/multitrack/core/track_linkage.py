"""Who links Track Three to Track One: shortest paths, their brokers, gaps, and change over time.

Split from `network.py`; see that module for the Network, Node and Tie types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from .network import BROKER_TRACKS, PATHS_PER_START, Network, _arcs, _track_key


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
