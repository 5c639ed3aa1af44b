"""What a reader of several tables published together can work out: whether a hidden number keeps
another possible value, decided exactly on the joint linear system of all the tables (`_Reader`).

The unknowns are margins of the cube over the cliques of a junction tree of the dimensions the tables
show (`_junction_tree`). Linear programmes (`scipy.optimize.linprog`) settle nearly every question and an
integer search (`scipy.optimize.milp`) the rest. `scipy.sparse` and `scipy.optimize` are imported when a
reader is first built or a programme first solved, not with this module: importing them takes about 0.6 s,
and every start of the app and of every command imports the suppression package.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from multitrack.core.suppression.cube import Cube, Key

# Branch-and-bound nodes allowed when an integer search has to settle what the linear relaxation cannot.
# Reaching the limit without an answer counts as "cannot find another value", which hides more, never less.
_NODE_LIMIT = 2000


def _junction_tree(
    sizes: Mapping[int, int], generators: Sequence[tuple[int, ...]]
) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
    """Cliques (sorted dimension tuples) and tree edges of a junction tree covering every generator.

    The graph joins two dimensions shown together in some table; it is made chordal by eliminating its
    dimensions one by one (joining the neighbours of each), and the cliques this creates, the maximal
    ones, hold every table's dimensions. The order of elimination is the one with the fewest clique cells
    in all, tried exhaustively up to 7 dimensions (first such order in lexicographic order), greedily
    above. A maximum spanning tree of the cliques, weighted by the number of shared dimensions, is a
    junction tree (Kruskal, ties by position); cliques sharing nothing are joined by an empty separator,
    which makes their grand totals agree.
    """
    dims = sorted(sizes)
    neighbours: dict[int, set[int]] = {d: set() for d in dims}
    for generator in generators:
        for d in generator:
            neighbours[d].update(x for x in generator if x != d)

    def eliminate(order: Sequence[int]) -> list[frozenset[int]]:
        adjacent = {d: set(ns) for d, ns in neighbours.items()}
        created: list[frozenset[int]] = []
        for v in order:
            created.append(frozenset({v} | adjacent[v]))
            for a in adjacent[v]:
                adjacent[a] |= adjacent[v] - {a}
                adjacent[a].discard(v)
            del adjacent[v]
        return [c for c in created if not any(c < o for o in created)]  # the maximal ones

    def cells(cliques: Iterable[frozenset[int]]) -> int:
        return sum(math.prod(sizes[d] for d in c) for c in set(cliques))

    if len(dims) <= 7:
        order: Sequence[int] = min(itertools.permutations(dims), key=lambda o: cells(eliminate(o)))
    else:
        order, adjacent = [], {d: set(ns) for d, ns in neighbours.items()}
        while adjacent:
            v = min(adjacent, key=lambda d: (math.prod(sizes[x] for x in adjacent[d] | {d}), d))
            order.append(v)
            for a in adjacent[v]:
                adjacent[a] |= adjacent[v] - {a}
                adjacent[a].discard(v)
            del adjacent[v]
    cliques = sorted({tuple(sorted(c)) for c in eliminate(order)})
    pairs = sorted(
        ((i, j) for i in range(len(cliques)) for j in range(i + 1, len(cliques))),
        key=lambda p: (-len(set(cliques[p[0]]) & set(cliques[p[1]])), p),
    )
    component = list(range(len(cliques)))

    def root(i: int) -> int:
        while component[i] != i:
            i = component[i]
        return i

    edges = []
    for i, j in pairs:
        if root(i) != root(j):
            component[root(j)] = root(i)
            edges.append((i, j))
    return cliques, edges


def _cat(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _grouped(
    ids: npt.NDArray[np.int64], dims: tuple[int, ...], by: Sequence[int]
) -> list[npt.NDArray[np.int64]]:
    """The cells of a clique margin (`ids`, indexed by `dims`) grouped by their values of `by`, in the
    order of the value combinations of `by`."""
    axes = [dims.index(d) for d in by] + [k for k, d in enumerate(dims) if d not in by]
    groups = math.prod(ids.shape[dims.index(d)] for d in by)
    return list(ids.transpose(axes).reshape(groups, -1)) if ids.size else [np.zeros(0, np.int64)] * groups


class _Reader:
    """What a reader of all the tables can work out: the joint linear system, solved exactly.

    The reader may take the cube to be any table of whole numbers >= 0 that matches what is shown. Only
    the dimensions some layout uses matter, and not even their full cross-classification: the unknowns
    are the margins of the cube over the cliques of a junction tree (`_junction_tree`), tied together by
    agreeing on the separators. That is exact: margins that agree on the separators of a junction tree
    always come from some table of whole numbers (glue them one clique at a time; each gluing is a
    transport problem per separator cell, which has whole-number solutions), and every published number
    is a sum of cells of one clique margin. Cells inside a shown zero are 0 and are left out.

    A hidden small number h with true value n is protected iff some vector of whole numbers >= 0
    satisfies the separator equations, matches every shown number, gives every hidden number at least 1
    and gives h a value other than n (`other_value`). For h + 1 and h - 1, a linear programme looks for
    the nearest such vector (least total change from the true one): if it has no solution, no whole-
    number vector exists either; its optimum is in practice a few +1/-1 steps, a whole-number vector.
    Only when it is not does an integer search (`scipy.optimize.milp`) settle the question, first near
    the true vector, then anywhere (unknowns up to the largest published number plus the threshold,
    which only narrows the search, so it can only make the method hide more). Every vector is verified
    in integer arithmetic before it counts.

    Hiding more only widens what a reader can believe (a newly hidden number keeps its old value in
    every earlier vector), so a vector once found keeps proving its keys protected: `moved` records them.
    """

    def __init__(
        self,
        cube: Cube,
        generators: Sequence[tuple[int, ...]],
        keys: Sequence[Key],
        value: npt.NDArray[np.int64],
        t: int,
    ):
        from scipy import sparse  # here, not at the top: see the module docstring

        cliques, edges = _junction_tree({d: len(cube.values[d]) for g in generators for d in g}, generators)
        ids: list[npt.NDArray[np.int64]] = []
        start = 0
        for clique in cliques:
            shape = tuple(len(cube.values[d]) for d in clique)
            ids.append(np.arange(start, start + math.prod(shape), dtype=np.int64).reshape(shape))
            start += math.prod(shape)
        truth = np.concatenate([cube._margin(c).ravel() for c in cliques])

        def rows_of(blocks: list[list[npt.NDArray[np.int64]]], signs: list[int], n_rows: int) -> Any:
            r: list[npt.NDArray[np.int64]] = []
            c: list[npt.NDArray[np.int64]] = []
            v: list[npt.NDArray[np.int64]] = []
            for row, parts in enumerate(blocks):
                for part, sign in zip(parts, signs, strict=True):
                    r.append(np.full(part.size, row, dtype=np.int64))
                    c.append(part.ravel())
                    v.append(np.full(part.size, sign, dtype=np.int64))
            return sparse.csr_matrix((_cat(v), (_cat(r), _cat(c))), shape=(n_rows, start), dtype=np.int64)

        key_blocks = []
        for key in keys:  # a published number adds up cells of the first clique holding its dimensions
            fixed = {d for d, _ in key}
            at = next(k for k, c in enumerate(cliques) if fixed <= set(c))
            key_blocks.append([ids[at][tuple(dict(key).get(d, slice(None)) for d in cliques[at])]])
        member = rows_of(key_blocks, [1], len(keys))
        glue_blocks = []
        for a, b in edges:
            sep = [d for d in cliques[a] if d in cliques[b]]
            grouped = [_grouped(ids[x], cliques[x], sep) for x in (a, b)]
            glue_blocks += [[ga, gb] for ga, gb in zip(*grouped, strict=True)]
        glue = rows_of(glue_blocks, [1, -1], len(glue_blocks))
        if not np.array_equal(member @ truth, value) or (glue @ truth).any():
            raise AssertionError("published numbers do not add up from the cube")  # pragma: no cover
        live = np.asarray(member[np.flatnonzero(value == 0)].sum(axis=0)).ravel() == 0
        self.member = member[:, live].tocsr()
        self.member_float = self.member.astype(np.float64)
        self.glue = glue[:, live].tocsr()
        self.glue = self.glue[np.flatnonzero(np.diff(self.glue.indptr))]  # drop rows left empty
        self.truth = truth[live]
        self.value = value
        self.upper = float(int(value.max(initial=0)) + t)
        self.moved = np.zeros(len(keys), dtype=bool)

    def first_exposed(self, primary: Sequence[int], hidden: set[int]) -> tuple[int, set[int]] | None:
        """The first small hidden number (by key number) a reader can derive, with the shown numbers
        its derivation rests on (`support`); None when all are protected. Numbers already shown to
        move (`moved`) are not checked again."""
        mask = self._mask(hidden)
        for h in primary:
            if self.moved[h]:
                continue
            found, _ = self.other_value(h, mask)
            if found is None:
                return h, self.support(h, mask)
            self._commit(found)
        return None

    def other_value(
        self, h: int, mask: npt.NDArray[np.bool_], search: bool = True
    ) -> tuple[npt.NDArray[np.int64] | None, bool]:
        """Whether h can take another value while the numbers in `mask` are hidden.

        For h + 1 and then h - 1 (h >= 2: hidden numbers are at least 1) in turn: the linear programme
        for the solution nearest to the true table (least total change) in which h has moved that far.
        If it is infeasible, so is every whole-number solution; its optimum is in practice a whole-number
        move (a few +1 and -1 steps), verified exactly. Otherwise, with `search`, the integer search.
        Returns the published numbers of a verified solution in which h differs from its true value,
        or None, and whether the linear relaxation lets h move at all (None and False: h is derivable;
        None and True after an integer search: h is derivable, or the search gave up).
        """
        a = self.member_float[h].toarray().ravel()
        n = int(self.value[h])
        loose = False
        for side in (1, -1):
            if side == -1 and n <= 1:
                continue
            res = self._nearest(a, side, mask)
            if res.status == 2:  # infeasible
                continue
            loose = True
            moving = None
            if res.status == 0:
                step = res.x[: self.truth.size] - res.x[self.truth.size :]
                for times in (1, 2, 3, 4):  # a half-step move doubled is often a whole one
                    whole = np.rint(times * step)
                    if np.abs(times * step - whole).max(initial=0) < 1e-6:
                        found = self._verified(self.truth + whole, mask)
                        if found is not None and found[h] != n:
                            return found, loose
                moving = np.abs(step) > 1e-9
            if search and (found := self._search(a, n + side, side, mask, moving)) is not None:
                return found, loose
        return None, loose

    def support(self, h: int, mask: npt.NDArray[np.bool_]) -> set[int]:
        """Shown numbers with a non-zero dual value in the linear programmes for h's largest and
        smallest value: the numbers a derivation of h rests on."""
        a = self.member_float[h].toarray().ravel()
        shown = np.flatnonzero(~mask & (self.value > 0))
        found: set[int] = set()
        for side in (1, -1):
            res = self._optimise(-side * a, mask)
            if res.status == 0:
                marginals = np.asarray(res.eqlin.marginals)[: shown.size]
                found.update(int(k) for k in shown[np.abs(marginals) > 1e-9])
        return found

    def _mask(self, hidden: set[int]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.value), dtype=bool)
        mask[sorted(hidden)] = True
        return mask

    def _commit(self, found: npt.NDArray[np.int64] | None) -> None:
        if found is not None:
            self.moved |= found != self.value

    def _system(self, mask: npt.NDArray[np.bool_]) -> tuple[Any, Any, Any, Any]:
        from scipy import sparse  # here, not at the top: see the module docstring

        shown = np.flatnonzero(~mask & (self.value > 0))
        hid = np.flatnonzero(mask)
        a_eq = sparse.vstack([self.member[shown], self.glue], format="csr").astype(np.float64)
        b_eq = np.concatenate([self.value[shown], np.zeros(self.glue.shape[0], np.int64)]).astype(np.float64)
        a_ub = -self.member_float[hid] if hid.size else None
        b_ub = -np.ones(hid.size) if hid.size else None
        return (a_eq, b_eq, a_ub, b_ub) if a_eq.shape[0] else (None, None, a_ub, b_ub)

    def _optimise(self, objective: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]) -> Any:
        from scipy import optimize  # here, not at the top: see the module docstring

        a_eq, b_eq, a_ub, b_ub = self._system(mask)
        return optimize.linprog(
            objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, self.upper), method="highs-ds"
        )

    def _nearest(self, a: npt.NDArray[np.float64], side: int, mask: npt.NDArray[np.bool_]) -> Any:
        """The linear programme: x = truth + up - down with up >= 0, 0 <= down <= truth, what is shown
        (and the separator equations) unchanged, hidden numbers >= 1, side * a @ (up - down) >= 1;
        minimise the total change sum(up) + sum(down)."""
        from scipy import optimize, sparse  # here, not at the top: see the module docstring

        a_eq, _, a_ub, _ = self._system(mask)
        size = self.truth.size
        truth = self.truth.astype(np.float64)
        target = sparse.csr_matrix(np.concatenate([-side * a, side * a])[np.newaxis, :])
        if a_ub is not None:  # -(hidden @ x) <= -1 becomes a_ub @ (up - down) <= -1 - a_ub @ truth
            bounds_ub = sparse.vstack([sparse.hstack([a_ub, -a_ub]), target], format="csr")
            b_ub = np.concatenate([-1 - a_ub @ truth, [-1.0]])
        else:
            bounds_ub, b_ub = target, np.array([-1.0])
        a_eq2 = sparse.hstack([a_eq, -a_eq], format="csr") if a_eq is not None else None
        b_eq2 = np.zeros(a_eq.shape[0]) if a_eq is not None else None
        bounds = np.concatenate(
            [
                np.column_stack([np.zeros(size), np.full(size, np.inf)]),
                np.column_stack([np.zeros(size), truth]),
            ]
        )
        return optimize.linprog(
            np.ones(2 * size),
            A_ub=bounds_ub,
            b_ub=b_ub,
            A_eq=a_eq2,
            b_eq=b_eq2,
            bounds=bounds,
            method="highs-ds",
        )

    def _search(
        self,
        a: npt.NDArray[np.float64],
        bound: int,
        side: int,
        mask: npt.NDArray[np.bool_],
        moving: npt.NDArray[np.bool_] | None = None,
    ) -> npt.NDArray[np.int64] | None:
        """Integer search for a solution with a @ x >= bound (side 1) or <= bound (side -1).

        Narrow searches first, as they are fast and usually succeed: only the unknowns that the
        fractional nearest solution moves (`moving`) or that share a short equation (at most 64
        unknowns) with them, each within 2 of its true value, the others fixed; then every unknown
        within 1 of its true value; then everywhere. A narrow search finding nothing proves nothing;
        the last one does (unless it reaches `_NODE_LIMIT`).
        """
        from scipy import optimize, sparse  # here, not at the top: see the module docstring

        a_eq, b_eq, a_ub, _ = self._system(mask)
        constraints = [
            optimize.LinearConstraint(a[np.newaxis, :], *((bound, np.inf) if side > 0 else (-np.inf, bound)))
        ]
        if a_eq is not None:
            constraints.append(optimize.LinearConstraint(a_eq, b_eq, b_eq))
        if a_ub is not None:
            constraints.append(optimize.LinearConstraint(-a_ub, 1, np.inf))
        truth = self.truth
        boxes: list[tuple[Any, Any]] = []
        if moving is not None:
            both = sparse.vstack([self.member, self.glue], format="csr")
            touching = both[:, np.flatnonzero(moving)].getnnz(axis=1) > 0
            small_rows = np.diff(both.indptr) <= 64
            moving = moving | (np.asarray(both[touching & small_rows].sum(axis=0)).ravel() != 0)
            boxes.append(
                (np.where(moving, np.maximum(truth - 2, 0), truth), np.where(moving, truth + 2, truth))
            )
        boxes += [(np.maximum(truth - 1, 0), truth + 1), (0, self.upper)]
        for lower, upper in boxes:
            res = optimize.milp(
                np.zeros(self.truth.size),
                integrality=np.ones(self.truth.size),
                bounds=optimize.Bounds(lower, upper),
                constraints=constraints,
                options={"node_limit": _NODE_LIMIT},
            )
            if res.x is not None and (found := self._verified(res.x, mask)) is not None:
                return found
        return None

    def _verified(self, x: Any, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64] | None:
        """The published numbers of `x` rounded to whole numbers, if they match the reader's knowledge."""
        if x is None:
            return None
        whole = np.rint(np.asarray(x)).astype(np.int64)
        if (whole < 0).any():
            return None
        numbers = np.asarray(self.member @ whole, dtype=np.int64)
        if (
            (numbers[~mask] != self.value[~mask]).any()
            or (numbers[mask] < 1).any()
            or (self.glue @ whole).any()
        ):
            return None
        return numbers
