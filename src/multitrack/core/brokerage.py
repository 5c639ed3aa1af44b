"""Gould–Fernandez brokerage roles, counted with sparse matrix algebra.

A broker v sits on a directed two-path a → v → b with a ≠ b and no arc a → b (DOMAIN.md §11). With
g(·) the group of a node (a track, a Lederach level, a conflict party), the five roles are:

| role           | sna code | groups of a, v, b            |
| -------------- | -------- | ---------------------------- |
| coordinator    | w_I      | g(a) = g(v) = g(b)           |
| itinerant      | w_O      | g(a) = g(b) ≠ g(v)           |
| representative | b_IO     | g(a) = g(v) ≠ g(b)           |
| gatekeeper     | b_OI     | g(a) ≠ g(v) = g(b)           |
| liaison        | b_O      | g(a), g(v), g(b) all differ  |

Open two-paths are never enumerated. For each v, the pairs (in-neighbour a, out-neighbour b) are
counted by group from in- and out-degrees per group; pairs with a = b (reciprocated ties) and pairs
closed by an arc a → b (transitive triads) are then subtracted. `brokerage_counts` does this in a
compiled, parallel kernel (numba) that visits only the closing arcs; `brokerage_counts_sparse` does it
with one sparse product per group, `(A_h A_hᵀ) ⊙ A`, and serves as an independent cross-check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit, prange
from scipy import sparse

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

IntArray = npt.NDArray[np.int64]


class BrokerageInputError(ValueError):
    """Edges or groups that cannot be analysed (the message says which and where)."""


@dataclass(frozen=True)
class Brokerage:
    """Role counts per node (rows in node order, columns in ROLES order) and their group context."""

    nodes: tuple[str, ...]
    groups: tuple[str, ...]  # the group of each node
    counts: IntArray  # shape (n, 5)

    def as_dict(self) -> dict[str, dict[str, int]]:
        """{node: {role: count}}, every node present (zeros included)."""
        return {
            node: {role: int(n) for role, n in zip(ROLES, row, strict=True)}
            for node, row in zip(self.nodes, self.counts.tolist(), strict=True)
        }

    def totals_by_group(self) -> dict[str, dict[str, int]]:
        """Role counts summed over the brokers of each group."""
        out: dict[str, dict[str, int]] = {}
        for group in sorted(set(self.groups)):
            mask = np.array([g == group for g in self.groups], dtype=bool)
            sums = self.counts[mask].sum(axis=0)
            out[group] = {role: int(n) for role, n in zip(ROLES, sums.tolist(), strict=True)}
        return out


def adjacency(n: int, sources: IntArray, targets: IntArray, *, directed: bool = True) -> sparse.csr_matrix:
    """A binary n×n adjacency matrix; self-loops and repeated arcs are dropped (they broker nothing).

    Undirected ties become two arcs, as brokerage analysis treats them.
    """
    keep = sources != targets
    src, dst = sources[keep], targets[keep]
    if not directed:
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    data = np.ones(len(src), dtype=np.int64)
    matrix = sparse.csr_matrix((data, (src, dst)), shape=(n, n), dtype=np.int64)
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def brokerage_counts_sparse(adj: sparse.csr_matrix, group_of: IntArray) -> IntArray:
    """Counts (n × 5, ROLES order) by sparse algebra only; the cross-check for `brokerage_counts`."""
    n = adj.shape[0]
    k = int(group_of.max()) + 1 if n else 0
    a = sparse.csr_matrix(adj, dtype=np.int64)
    at = a.T.tocsr()
    member = sparse.csr_matrix(
        (np.ones(n, dtype=np.int64), (np.arange(n), group_of)), shape=(n, k), dtype=np.int64
    )
    into = np.asarray((at @ member).todense())  # into[v, g]: in-neighbours of v in group g
    outof = np.asarray((a @ member).todense())  # outof[v, h]: out-neighbours of v in group h
    mutual = a.multiply(at).tocsr()  # a ↔ v: the pair (a, a) is not a two-path
    rec = np.asarray((mutual @ member).todense())  # rec[v, g]: mutual neighbours of v in group g

    # Pairs closed by an arc a → b, by group: closed[h][a, v] = |{b in h : a→b, v→b}| on arcs a→v.
    trans_all = np.zeros(n, dtype=np.int64)  # all closed pairs at v
    trans_same = np.zeros(n, dtype=np.int64)  # closed pairs with g(a) = g(b)
    trans_a_own = np.zeros(n, dtype=np.int64)  # closed pairs with g(a) = g(v)
    trans_b_own = np.zeros(n, dtype=np.int64)  # closed pairs with g(b) = g(v)
    trans_ab_own = np.zeros(n, dtype=np.int64)  # closed pairs with g(a) = g(b) = g(v)
    for h in range(k):
        cols = group_of == h
        a_h = a[:, cols]
        closed = (a_h @ a_h.T).multiply(a).tocoo()
        rows, vs, counts = closed.row, closed.col, closed.data.astype(np.int64)
        np.add.at(trans_all, vs, counts)
        a_in_h = group_of[rows] == h
        np.add.at(trans_same, vs[a_in_h], counts[a_in_h])
        a_own = group_of[rows] == group_of[vs]
        np.add.at(trans_a_own, vs[a_own], counts[a_own])
        v_in_h = group_of[vs] == h
        np.add.at(trans_b_own, vs[v_in_h], counts[v_in_h])
        both = v_in_h & a_in_h
        np.add.at(trans_ab_own, vs[both], counts[both])

    indeg, outdeg = into.sum(axis=1), outof.sum(axis=1)
    own = (np.arange(n), group_of)
    rec_all, rec_own = rec.sum(axis=1), rec[own]
    total = indeg * outdeg - rec_all - trans_all
    same = (into * outof).sum(axis=1) - rec_all - trans_same  # g(a) = g(b)
    a_own_pairs = into[own] * outdeg - rec_own - trans_a_own  # g(a) = g(v)
    b_own_pairs = indeg * outof[own] - rec_own - trans_b_own  # g(b) = g(v)
    coordinator = into[own] * outof[own] - rec_own - trans_ab_own
    itinerant = same - coordinator
    representative = a_own_pairs - coordinator
    gatekeeper = b_own_pairs - coordinator
    liaison = total - coordinator - itinerant - representative - gatekeeper
    return np.stack([coordinator, itinerant, representative, gatekeeper, liaison], axis=1).astype(np.int64)


@njit(cache=True, inline="always")
def _role(ga: int, gv: int, gb: int) -> int:
    if ga == gv:
        return 0 if gb == gv else 2
    if gb == gv:
        return 3
    return 1 if ga == gb else 4


@njit(parallel=True, cache=True)
def _kernel(
    n: int, k: int, out_ptr: IntArray, out_idx: IntArray, in_ptr: IntArray, in_idx: IntArray, g: IntArray
) -> IntArray:  # pragma: no cover  (compiled; its results are checked against two references)
    counts = np.zeros((n, 5), dtype=np.int64)
    chunks = 64
    step = (n + chunks - 1) // chunks
    for c in prange(chunks):
        stamp = np.full(n, -1, dtype=np.int64)  # stamp[b] == v: b is an out-neighbour of v
        ins = np.zeros(k, dtype=np.int64)
        outs = np.zeros(k, dtype=np.int64)
        sub = np.zeros(5, dtype=np.int64)
        for v in range(c * step, min(n, (c + 1) * step)):
            gv = g[v]
            ins[:] = 0
            outs[:] = 0
            sub[:] = 0
            for j in range(in_ptr[v], in_ptr[v + 1]):
                ins[g[in_idx[j]]] += 1
            for j in range(out_ptr[v], out_ptr[v + 1]):
                outs[g[out_idx[j]]] += 1
                stamp[out_idx[j]] = v
            indeg = in_ptr[v + 1] - in_ptr[v]
            outdeg = out_ptr[v + 1] - out_ptr[v]
            same = 0
            for h in range(k):
                same += ins[h] * outs[h]
            # All (in-neighbour, out-neighbour) pairs by role, from the group counts alone...
            c0 = ins[gv] * outs[gv]
            c1 = same - c0
            c2 = ins[gv] * outdeg - c0
            c3 = indeg * outs[gv] - c0
            c4 = indeg * outdeg - c0 - c1 - c2 - c3
            # ...less the pairs that are not two-paths: a = b (reciprocated) and a → b (closed).
            for j in range(in_ptr[v], in_ptr[v + 1]):
                a = in_idx[j]
                ga = g[a]
                if stamp[a] == v:
                    sub[_role(ga, gv, ga)] += 1
                for p in range(out_ptr[a], out_ptr[a + 1]):
                    b = out_idx[p]
                    if stamp[b] == v:
                        sub[_role(ga, gv, g[b])] += 1
            counts[v, 0] = c0 - sub[0]
            counts[v, 1] = c1 - sub[1]
            counts[v, 2] = c2 - sub[2]
            counts[v, 3] = c3 - sub[3]
            counts[v, 4] = c4 - sub[4]
    return counts


def brokerage_counts(adj: sparse.csr_matrix, group_of: IntArray) -> IntArray:
    """Counts (n × 5, ROLES order) for a binary adjacency matrix and an integer group per node.

    A compiled, parallel per-broker count: the pairs of (in-neighbour, out-neighbour) by role come
    from per-group degree counts, and only the pairs that are not two-paths (reciprocated or closed by
    an arc) are visited, through the out-lists of v's in-neighbours. Results equal
    `brokerage_counts_sparse` and a brute-force enumeration (tests).
    """
    n = adj.shape[0]
    if n == 0:
        return np.zeros((0, 5), dtype=np.int64)
    a = adj if sparse.isspmatrix_csr(adj) else sparse.csr_matrix(adj)
    at = a.T.tocsr()  # in-lists; the kernel takes the index arrays as they are (int32 or int64)
    groups = np.ascontiguousarray(group_of, dtype=np.int64)
    result: IntArray = _kernel(n, int(groups.max()) + 1, a.indptr, a.indices, at.indptr, at.indices, groups)
    return result


def brokerage(
    nodes: Sequence[str],
    groups: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    directed: bool = True,
) -> Brokerage:
    """Role counts for named nodes. Every node of an edge must have a group (BrokerageInputError)."""
    index = {node: i for i, node in enumerate(nodes)}
    if len(index) != len(nodes):
        raise BrokerageInputError("a node is listed twice in the groups")
    missing = sorted({x for edge in edges for x in edge if x not in index})
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise BrokerageInputError(f"{len(missing)} node(s) in the edges have no group: {shown}")
    labels = sorted(set(groups))
    code = {g: i for i, g in enumerate(labels)}
    group_of = np.array([code[g] for g in groups], dtype=np.int64)
    src = np.array([index[s] for s, _ in edges], dtype=np.int64)
    dst = np.array([index[t] for _, t in edges], dtype=np.int64)
    adj = adjacency(len(nodes), src, dst, directed=directed)
    return Brokerage(tuple(nodes), tuple(groups), brokerage_counts(adj, group_of))


def expected_under_random_groups(
    adj: sparse.csr_matrix, group_of: IntArray, draws: int = 100, seed: int = 0
) -> npt.NDArray[np.float64]:
    """Mean role counts per node (n × 5) when the same group sizes are shuffled over the nodes.

    A permutation baseline: a count far above its expectation marks a broker whose position matters,
    not one that merely sits among many groups. Deterministic for a given seed.
    """
    rng = np.random.default_rng(seed)
    total = np.zeros((adj.shape[0], len(ROLES)), dtype=np.float64)
    for _ in range(draws):
        total += brokerage_counts(adj, rng.permutation(group_of))
    return total / max(draws, 1)
