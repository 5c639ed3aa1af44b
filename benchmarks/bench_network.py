"""Network analysis at scale: brokerage roles and sampled betweenness on 100,000 actors, 1,000,000 ties.

The graph is synthetic and reproducible (numpy `default_rng(SEED)`): sources drawn with log-normal
activity, most targets near their source on a ring (local clustering), ~12 % of arcs reciprocated and
~10 % added by closing random two-paths a → v → b with a → b, so that both subtraction terms of the
sparse brokerage count (reciprocated pairs, transitive triads) are exercised. Groups are drawn uniformly,
once with 3 and once with 9 groups.

Brokerage. Workload: `brokerage_counts` (compiled kernel) on the graph's sparse adjacency matrix.
Baseline: the code an analyst would write with networkx, looping for each node over in-neighbours ×
out-neighbours and checking `G.has_edge(a, b)`. Neither side's graph building is in the timed part
(both are printed: the sparse matrix and the networkx DiGraph). Both run
on the same graph and the counts must be identical (AssertionError otherwise). The straightforward
version finishes on the whole graph in seconds, so by default it runs there and the ratio is measured,
not estimated; with BROKERAGE_BASELINE_NODES below N_NODES both sides run on the subgraph induced by the
first nodes and the baseline is also scaled to the full graph by the number of two-paths Σ indeg·outdeg.

Betweenness, sampled. Workload: igraph `Graph.betweenness(sources=…)`. Baseline: networkx
`betweenness_centrality(k=…, normalized=False)`. networkx needs ~1 s per source on this graph, so it runs
with BETWEENNESS_BASELINE_K sources on the full graph and igraph runs with the very same sources (its
values, rescaled as networkx does, must agree); igraph is then also timed with k=256, and the networkx
time for k=256 is estimated as its measured time × 256 / BETWEENNESS_BASELINE_K (cost is linear in the
number of sources on a fixed graph).

Memory: the process's peak RSS (`ru_maxrss`) after the fast path alone and after the whole run.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from benchmarks.harness import Result

N_NODES = 100_000
N_ARCS = 1_000_000
SEED = 20240611
GROUP_COUNTS = (3, 9)
BROKERAGE_BASELINE_NODES = N_NODES  # the straightforward version finishes on the whole graph
BROKERAGE_REPEAT = 3  # alternate runs of each side; the medians are kept
BETWEENNESS_K = 256
BETWEENNESS_BASELINE_K = 16
TARGET_SPEEDUP = 30.0
MEMORY_LIMIT_GB = 2.0


@dataclass(frozen=True)
class Note:
    """A line of context under the comparisons (sizes, checks, estimates, memory)."""

    text: str
    indent: bool = True

    def line(self) -> str:
        return ("    " if self.indent else "") + self.text


def synthetic_graph(n: int = N_NODES, m: int = N_ARCS, seed: int = SEED) -> tuple[Any, Any]:
    """Exactly m distinct arcs (sources, targets), no self-loops, sorted by (source, target)."""
    rng = np.random.default_rng(seed)
    activity = rng.lognormal(0.0, 0.8, n)
    activity /= activity.sum()

    def local_arcs(count: int) -> tuple[Any, Any]:
        src = rng.choice(n, size=count, p=activity)
        near = rng.random(count) < 0.85
        step = rng.geometric(1 / 25, count) * rng.choice(np.array([-1, 1]), count)
        offset = np.where(near, step, rng.integers(1, n, count))
        return src, (src + offset) % n

    src, dst = local_arcs(int(m * 0.75))
    back = rng.random(len(src)) < 0.12  # reciprocated ties
    src, dst = np.concatenate([src, dst[back]]), np.concatenate([dst, src[back]])

    # Triadic closure: for random arcs a → v, add a → b for a random out-neighbour b of v.
    order = np.argsort(src, kind="stable")
    by_src_dst = dst[order]
    start = np.searchsorted(src[order], np.arange(n))
    outdeg = np.bincount(src, minlength=n)
    pick = rng.integers(0, len(src), m // 4)
    a, v = src[pick], dst[pick]
    has_out = outdeg[v] > 0
    a, v = a[has_out], v[has_out]
    b = by_src_dst[start[v] + (rng.random(len(v)) * outdeg[v]).astype(np.int64)]
    src, dst = np.concatenate([src, a]), np.concatenate([dst, b])

    codes = np.unique(src[src != dst] * n + dst[src != dst])
    while len(codes) < m:  # top up after removing repeats (not reached with the defaults)
        more_src, more_dst = local_arcs(m - len(codes) + 1000)
        keep = more_src != more_dst
        codes = np.unique(np.concatenate([codes, more_src[keep] * n + more_dst[keep]]))
    codes = np.sort(rng.choice(codes, size=m, replace=False))
    return codes // n, codes % n


def two_paths(n: int, src: Any, dst: Any) -> int:
    """Σ_v indeg(v)·outdeg(v): the two-paths a → v → b (a = b included) the baseline walks through."""
    return int((np.bincount(dst, minlength=n) * np.bincount(src, minlength=n)).sum())


def mutual_dyad_share(n: int, src: Any, dst: Any) -> float:
    codes = src * n + dst
    mutual_arcs = int(np.isin(codes, dst * n + src).sum())
    return (mutual_arcs / 2) / (len(codes) - mutual_arcs / 2)


def brokerage_fast(adj: Any, group_of: Any) -> Any:
    from multitrack.core.brokerage import brokerage_counts

    return brokerage_counts(adj, group_of)


def brokerage_networkx(graph: Any, group: list[int]) -> Any:
    """The straightforward version: walk every two-path a → v → b, classify the open ones."""
    counts = {v: [0, 0, 0, 0, 0] for v in graph}
    for v in graph:
        gv = group[v]
        for a in graph.predecessors(v):
            ga = group[a]
            for b in graph.successors(v):
                if a == b or graph.has_edge(a, b):
                    continue
                gb = group[b]
                if ga == gv:
                    role = 0 if gb == gv else 2  # coordinator / representative
                elif gb == gv:
                    role = 3  # gatekeeper
                elif ga == gb:
                    role = 1  # itinerant
                else:
                    role = 4  # liaison
                counts[v][role] += 1
    return np.array([counts[v] for v in sorted(counts)], dtype=np.int64)


def digraph(n: int, src: Any, dst: Any) -> Any:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    return graph


def alternate(
    workload: Callable[[], Any], baseline: Callable[[], Any], repeat: int
) -> tuple[float, float, Any, Any]:
    """Run both alternately `repeat` times; the median times and the last outputs of each."""
    ours: list[float] = []
    theirs: list[float] = []
    out_ours: Any = None
    out_theirs: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        out_ours = workload()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        out_theirs = baseline()
        theirs.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs), out_ours, out_theirs


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def networkx_scale(raw: Any, n: int, sources: list[int]) -> Any:
    """networkx's unnormalised rescaling of a k-source directed betweenness (endpoints excluded)."""
    k = len(sources)
    scaled = raw * ((n - 1) / k)
    scaled[sources] = raw[sources] * ((n - 1) / (k - 1))
    return scaled


def run() -> list[Result | Note]:
    import igraph
    import networkx as nx

    lines: list[Result | Note] = []
    n = N_NODES
    seconds, (src, dst) = timed(synthetic_graph)
    paths = two_paths(n, src, dst)
    lines.append(
        Note(
            f"graph: {n:,} actors, {len(src):,} ties, {mutual_dyad_share(n, src, dst):.1%} of linked "
            f"dyads mutual, {paths / 1e6:.1f} M two-paths; generated in {seconds:.1f} s (seed {SEED})",
            indent=False,
        )
    )
    groups = {k: np.random.default_rng(SEED + k).integers(0, k, n) for k in GROUP_COUNTS}

    # Fast path first, so that the peak RSS measured here is its own (no networkx graph yet).
    from multitrack.core.brokerage import adjacency

    build_adj, full_adj = timed(lambda: adjacency(n, src, dst))
    brokerage_fast(full_adj, groups[GROUP_COUNTS[0]])  # compile the kernel (cached on disk afterwards)
    fast_full: dict[int, float] = {}
    for k in GROUP_COUNTS:
        times = []
        for _ in range(BROKERAGE_REPEAT):
            seconds, _counts = timed(lambda k=k: brokerage_fast(full_adj, groups[k]))
            times.append(seconds)
        fast_full[k] = statistics.median(times)
    build_ig, ig = timed(
        lambda: igraph.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)), directed=True)
    )
    sources = np.random.default_rng(SEED).choice(n, BETWEENNESS_K, replace=False).tolist()
    ig_full_k, _ = timed(lambda: ig.betweenness(sources=sources))
    rss_fast = peak_rss_gb()

    # Brokerage against the straightforward version, same graph, same run.
    sub = BROKERAGE_BASELINE_NODES
    inside = (src < sub) & (dst < sub)
    sub_src, sub_dst = src[inside], dst[inside]
    sub_paths = two_paths(sub, sub_src, sub_dst)
    build_nx, graph = timed(lambda: digraph(n, src, dst))
    sub_graph = graph if sub == n else digraph(sub, sub_src, sub_dst)
    sub_adj = full_adj if sub == n else adjacency(sub, sub_src, sub_dst)
    where = "full graph" if sub == n else f"first {sub:,} actors"
    for k in GROUP_COUNTS:
        group = groups[k][:sub]
        group_list = group.tolist()
        fast_s, base_s, fast_counts, base_counts = alternate(
            lambda group=group: brokerage_fast(sub_adj, group),
            lambda group_list=group_list: brokerage_networkx(sub_graph, group_list),
            BROKERAGE_REPEAT,
        )
        if not np.array_equal(fast_counts, base_counts):
            bad = np.flatnonzero((fast_counts != base_counts).any(axis=1))
            raise AssertionError(
                f"brokerage counts differ for {len(bad)} actors ({k} groups), e.g. actor {bad[0]}: "
                f"fast {fast_counts[bad[0]].tolist()} vs networkx {base_counts[bad[0]].tolist()}"
            )
        result = Result(f"brokerage, {k} groups, {where}", "networkx two-path loop", fast_s, base_s)
        lines.append(result)
        verdict = "met" if result.ratio >= TARGET_SPEEDUP else "MISSED"
        detail = (
            f"identical counts for all {sub:,} actors ({int(fast_counts.sum()):,} brokered two-paths); "
            f"target ×{TARGET_SPEEDUP:.0f}: {verdict}"
        )
        if sub < n:
            estimate = base_s * paths / sub_paths
            detail += (
                f"; full graph: fast {fast_full[k]:.2f} s measured, networkx ≈ {estimate:.1f} s "
                f"(× {paths:,} / {sub_paths:,} two-paths) → ×{estimate / fast_full[k]:.1f} estimated"
            )
        lines.append(Note(detail))
    lines.append(
        Note(
            f"untimed set-up: networkx DiGraph built in {build_nx:.1f} s, "
            f"sparse adjacency matrix built in {build_adj:.2f} s"
        )
    )

    # Betweenness: same sources on both sides, values checked, then igraph alone with k = 256.
    nx_sources = random.Random(SEED).sample(list(graph.nodes()), BETWEENNESS_BASELINE_K)
    ig_s, ig_raw = timed(lambda: ig.betweenness(sources=nx_sources))
    nx_s, nx_values = timed(
        lambda: nx.betweenness_centrality(graph, k=BETWEENNESS_BASELINE_K, normalized=False, seed=SEED)
    )
    ours = networkx_scale(np.asarray(ig_raw, dtype=np.float64), n, nx_sources)
    theirs = np.array([nx_values[v] for v in range(n)], dtype=np.float64)
    if not np.allclose(ours, theirs, rtol=1e-9, atol=1e-6):
        worst = int(np.argmax(np.abs(ours - theirs)))
        raise AssertionError(
            f"betweenness differs, e.g. actor {worst}: igraph {ours[worst]} vs networkx {theirs[worst]}"
        )
    lines.append(
        Result(
            f"betweenness, k={BETWEENNESS_BASELINE_K} sources, full graph",
            "networkx betweenness_centrality",
            ig_s,
            nx_s,
        )
    )
    estimate = nx_s * BETWEENNESS_K / BETWEENNESS_BASELINE_K
    lines.append(
        Note(
            f"same sources, same values (rtol 1e-9); k={BETWEENNESS_K}: igraph {ig_full_k:.1f} s measured, "
            f"networkx ≈ {estimate:.0f} s (× {BETWEENNESS_K}/{BETWEENNESS_BASELINE_K} sources) "
            f"→ ×{estimate / ig_full_k:.0f} estimated; igraph Graph built in {build_ig:.1f} s (untimed)"
        )
    )

    rss = peak_rss_gb()
    flag = "" if rss <= MEMORY_LIMIT_GB else "  OVER THE LIMIT"
    lines.append(
        Note(
            f"peak RSS {rss:.2f} GB (limit {MEMORY_LIMIT_GB:.0f} GB){flag}; "
            f"{rss_fast:.2f} GB before the networkx baselines ran",
            indent=False,
        )
    )
    return lines
