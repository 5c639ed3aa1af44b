"""Small-cell suppression of several tables published together, all aggregations of one cube of counts.

Protecting each table alone is not enough when one output shows several aggregations of the same
records: the gender totals of a gender x track table are the gender totals of a gender x role table, and
the "woman" row of one table is the sum of the "woman x 18-29", "woman x 30-44", ... rows of another. A
number hidden in one table may be shown in the other, or follow from it.

`suppress_together(cube, layouts, t)` takes the finest cross-classification (`Cube`, never published)
and the (rows, columns) layouts of the tables to publish, and keeps the promises of `suppress` (module
`table`) for the tables as a whole. The reader is then assumed to know every shown number of every
table, that each is the sum of some cells of one cube of whole numbers >= 0 (the labels say which), and
that hidden numbers are never 0; no hidden count with ``0 < count < t`` may be pinned down. A number
that adds up the same cells in two tables is hidden in both or shown in both. The guarantee covers the
tables of one call only: tables suppressed by separate calls (another page, an earlier export) are not
protected against each other.

The method is `suppress_together`'s; whether a hidden number can be worked out from all the tables at
once is decided by `reader`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from multitrack.core.suppression.cube import Cube, Key
from multitrack.core.suppression.reader import _Reader
from multitrack.core.suppression.table import (
    DEFAULT_THRESHOLD,
    Entry,
    SuppressedTable,
    _at,
    _check_threshold,
    _extend,
    _protect_table,
    _published,
)

# Candidates tried, cheapest first, before hiding the cheapest one untried and going round again.
_TRIES = 6


def suppress_together(
    cube: Cube, layouts: Sequence[tuple[Sequence[str], Sequence[str]]], threshold: int = DEFAULT_THRESHOLD
) -> list[SuppressedTable]:
    """Each (rows, cols) layout as a suppressed table, protected jointly: an attacker who knows every
    shown number of every table, that each is a sum of cube cells (whole numbers >= 0), and that hidden
    numbers are not 0 (zeros are shown) cannot pin down any hidden number that is below the threshold
    (it keeps at least two possible values).

    Every table on its own keeps the promises of `suppress` (small counts hidden, shown numbers exact,
    zeros shown, no line with a single hidden number). Across tables: a published number that adds up
    the same cube cells as another (the gender totals of two tables by gender) is hidden in both or
    shown in both, and the check that no small count can be derived is made on all tables at once.
    Hidden numbers that are not small are not protected (a complementary number may be derivable).
    The tables come back in the order of `layouts`, each with `primary` and `complementary` as from
    `suppress`. The result depends only on the cube, the layouts (their order breaks ties) and the
    threshold: the solvers are deterministic. (Which extra number is hidden uses the dual values of
    linear programmes, which another SciPy/HiGHS version may choose differently among equals; an
    integer search that gives up at `_NODE_LIMIT` counts as "derivable", which can only hide more.
    Neither weakens the guarantee.)

    Method, repeated until nothing changes: (1) hide every published number with 0 < count < t, in
    every table; (2) apply the per-table steps of `suppress` to each table in turn, a number hidden in
    one table being hidden in every table where it appears, until no table adds one; (3) check each
    small hidden number against the joint linear system of all tables (`_Reader`); if one can be
    derived, hide the cheapest shown number that protects it (`_joint_protector`) and go back to (2).
    A single layout gives exactly the result of `suppress` (step 3 finds nothing more on one table).
    """
    _check_threshold(threshold)
    tables = [cube.table(rows, cols) for rows, cols in layouts]
    grids = [_extend(t.counts, len(t.col_labels)) for t in tables]
    # Number every distinct published number by first appearance (table, then position in the grid).
    index: dict[Key, int] = {}
    key_of: list[dict[Entry, int]] = []  # per table: grid entry -> key number
    cells: set[int] = set()  # numbers that are a cell (not a total) in some table
    generators: list[tuple[int, ...]] = []  # the dimensions of each table
    for rows, cols in layouts:
        row_dims, col_dims = cube._layout(rows, cols)
        generators.append(row_dims + col_dims)
        entry_keys: dict[Entry, int] = {}
        row_parts = _assignments(cube, row_dims)
        col_parts = _assignments(cube, col_dims)
        for a, row_part in enumerate([*row_parts, ()]):
            for b, col_part in enumerate([*col_parts, ()]):
                key = tuple(sorted(row_part + col_part))
                entry_keys[a, b] = index.setdefault(key, len(index))
                if a < len(row_parts) and b < len(col_parts):
                    cells.add(entry_keys[a, b])
        key_of.append(entry_keys)
    value = [0] * len(index)
    for grid, entry_keys in zip(grids, key_of, strict=True):
        for e, k in entry_keys.items():
            value[k] = _at(grid, e)
    primary = sorted(k for k, n in enumerate(value) if 0 < n < threshold)
    small = set(primary)
    sensitive = [[e for e, k in entry_keys.items() if k in small] for entry_keys in key_of]
    memo: dict[tuple[int, frozenset[Entry]], frozenset[Entry]] = {}

    def spread(hidden: set[int]) -> set[int]:
        """Step (2): the per-table steps of `suppress`, with hidden numbers shared by key."""
        hidden = set(hidden)
        changed = True
        while changed:
            changed = False
            for t, (grid, entry_keys) in enumerate(zip(grids, key_of, strict=True)):
                local = frozenset(e for e, k in entry_keys.items() if k in hidden)
                if (t, local) not in memo:
                    grown = set(local)
                    _protect_table(grid, grown, sensitive[t])
                    memo[t, local] = frozenset(grown)
                new = {entry_keys[e] for e in memo[t, local]} - hidden
                if new:
                    hidden |= new
                    changed = True
        return hidden

    hidden = spread(set(primary))
    if primary and len(layouts) > 1:  # one table: the per-table steps are already exact
        reader = _Reader(cube, generators, list(index), np.array(value, dtype=np.int64), threshold)
        while (exposed := reader.first_exposed(primary, hidden)) is not None:
            hidden = _joint_protector(exposed, hidden, reader, spread, key_of, cells)
    return [
        _published(t, grid, {e for e, k in entry_keys.items() if k in hidden}, threshold)
        for t, grid, entry_keys in zip(tables, grids, key_of, strict=True)
    ]


def _assignments(cube: Cube, dims: tuple[int, ...]) -> list[Key]:
    """The partial assignment of each line over `dims`, in the order of `Cube.table`'s labels."""
    ranges = [range(len(cube.values[d])) for d in dims]
    return [
        tuple((d, i) for d, i in zip(dims, combo, strict=True) if len(cube.values[d]) > 1)
        for combo in itertools.product(*ranges)
    ]


def _joint_protector(
    exposed: tuple[int, set[int]],
    hidden: set[int],
    reader: _Reader,
    spread: Callable[[set[int]], set[int]],
    key_of: Sequence[Mapping[Entry, int]],
    cells: set[int],
) -> set[int]:
    """Step (3) of `suppress_together`: the hidden set after hiding one more number to protect h.

    Candidates are the shown non-zero numbers the reader's derivation rests on (non-zero dual values),
    then those sharing a line with h in some table or adding up some of h's cells; only if there are
    none, every shown non-zero number. Each candidate is hidden together with what the per-table steps
    then hide (`spread`), and they are tried cheapest first: the derivation's own numbers first, then
    fewest numbers newly hidden, smallest sum of them, cells before totals, smallest, first by position.
    The first of the `_TRIES` cheapest that leaves h with another value wins; if none does, the cheapest
    is hidden and the loop in `suppress_together` goes round again. That ends: each round hides at least
    one more non-zero number, and once all are hidden every hidden number can grow by 1 through one of
    its non-zero cells, which the reader finds (so some shown non-zero number is left while h is exposed).
    """
    h, support = exposed
    value = reader.value
    options = [k for k in range(len(value)) if k not in hidden and value[k] > 0]
    if not options:  # pragma: no cover - see above
        raise AssertionError("a small number is derivable although every non-zero number is hidden")
    near: set[int] = set()
    for entry_keys in key_of:
        spots = [e for e, k in entry_keys.items() if k == h]
        near.update(k for e, k in entry_keys.items() if any(e[0] == s[0] or e[1] == s[1] for s in spots))
    overlap = reader.member @ reader.member[h].T
    near.update(int(k) for k in overlap.nonzero()[0])
    tier = {k: 0 if k in support else 1 if k in near else 2 for k in options}
    candidates = [k for k in options if tier[k] < 2] or options
    ranked = []
    for k in candidates:
        after = spread(hidden | {k})
        new = after - hidden
        ranked.append(
            ((tier[k], len(new), sum(int(value[j]) for j in new), k not in cells, int(value[k]), k), after)
        )
    ranked.sort(key=lambda item: item[0])
    for _, after in ranked[:_TRIES]:
        mask = reader._mask(after)
        found, loose = reader.other_value(h, mask, search=False)
        if found is None and loose:  # the relaxation lets h move: settle it with the integer search
            found, _ = reader.other_value(h, mask)
        if found is not None:
            reader._commit(found)
            return after
    return ranked[0][1]
