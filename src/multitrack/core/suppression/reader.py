"""Small-cell suppression for two-way count tables published with row, column and grand totals.

`suppress` promises, for every table and threshold ``t``:

* every count with ``0 < count < t`` is hidden, whether it is a cell or a total (primary suppression);
* a shown number is the exact original count, and a shown total is the sum of its whole line;
* no hidden count with ``0 < count < t`` can be worked out from what is shown. The reader is assumed
  to know every shown cell and total, that lines add up to their totals, that counts are whole
  numbers, and that a hidden count is never 0 (zeros are always shown, so hiding implies "not zero").
  Protected means the shown numbers allow at least two values for it;
* the result depends only on the table and the threshold (ties are broken by position).

Zeros are shown: a zero says that nobody is in a category, which identifies no one, and hiding zeros
would hide far more of small tables. The trade-off: a zero can reveal something about a whole group
(if every participant of one role is a woman, knowing that someone had that role tells their gender).

Tables published together. Protecting each table alone is not enough when one output shows several
aggregations of the same records: the gender totals of a gender x track table are the gender totals of
a gender x role table, and the "woman" row of one table is the sum of the "woman x 18-29", "woman x
30-44", ... rows of another. A number hidden in one table may be shown in the other, or follow from it.
`suppress_together(cube, layouts, t)` takes the finest cross-classification (`Cube`, never published)
and the (rows, columns) layouts of the tables to publish, and keeps the promises above for the tables as
a whole. The reader is then assumed to know every shown number of every table, that each is the sum of
some cells of one cube of whole numbers >= 0 (the labels say which), and that hidden numbers are never
0; no hidden count with ``0 < count < t`` may be pinned down. A number that adds up the same cells in
two tables is hidden in both or shown in both. The guarantee covers the tables of one call only: tables
suppressed by separate calls (another page, an earlier export) are not protected against each other.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

DEFAULT_THRESHOLD = 5

# Internally the table is extended by its totals into an (r+1) x (c+1) grid: (i, c) holds row i's
# total, (r, j) column j's total and (r, c) the grand total. Every extended row and column is then a
# "line" whose entries before the last add up to the last, so cells and totals are handled alike.
Entry = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """Counts of (row, column) pairs, e.g. participants by gender x role. Counts are ints >= 0."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        for kind, labels in (("row", self.row_labels), ("column", self.col_labels)):
            if len(set(labels)) != len(labels):
                raise ValueError(f"{kind} labels must be unique, got {labels!r}")
        if len(self.counts) != len(self.row_labels):
            raise ValueError(f"{len(self.row_labels)} row labels but {len(self.counts)} rows of counts")
        for label, row in zip(self.row_labels, self.counts, strict=True):
            if len(row) != len(self.col_labels):
                raise ValueError(f"row {label!r} has {len(row)} counts for {len(self.col_labels)} columns")
            for n in row:
                if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                    raise ValueError(f"counts must be integers >= 0, got {n!r} in row {label!r}")

    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[tuple[str, str]],
        rows: Sequence[str] | None = None,
        cols: Sequence[str] | None = None,
    ) -> Table:
        """Count each (row, column) pair once per occurrence.

        `rows`/`cols` fix the order and may name lines with no pairs (shown as zeros); a pair outside
        them raises ValueError. Left out, the labels seen are used, sorted.
        """
        pairs = list(pairs)
        row_labels = tuple(rows) if rows is not None else tuple(sorted({r for r, _ in pairs}))
        col_labels = tuple(cols) if cols is not None else tuple(sorted({c for _, c in pairs}))
        row_at = {label: i for i, label in enumerate(row_labels)}
        col_at = {label: j for j, label in enumerate(col_labels)}
        grid = [[0] * len(col_labels) for _ in row_labels]
        for r, c in pairs:
            if r not in row_at:
                raise ValueError(f"row label {r!r} is not one of the rows {row_labels!r}")
            if c not in col_at:
                raise ValueError(f"column label {c!r} is not one of the columns {col_labels!r}")
            grid[row_at[r]][col_at[c]] += 1
        return cls(row_labels, col_labels, tuple(tuple(row) for row in grid))


@dataclass(frozen=True)
class SuppressedTable:
    """A table ready to publish: None marks a hidden cell or total."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None
    primary: frozenset[tuple[int, int]]  # cells hidden because 0 < count < threshold
    complementary: frozenset[tuple[int, int]]  # cells hidden so that the primary ones cannot be derived
    threshold: int

    def to_rows(self, suppressed_mark: str = "suppressed", total_label: str = "Total") -> list[list[str]]:
        """Header row, one row per table row, then the totals row: strings for CSV or HTML.

        Every hidden number gets the same mark. A mark such as "<5" would be false for complementary
        cells (often large), and marking only primary cells differently tells the reader which hidden
        cells are small, which can make them derivable again (with threshold 2, "<2" means exactly 1).
        """

        def show(n: int | None) -> str:
            return suppressed_mark if n is None else str(n)

        rows = [["", *self.col_labels, total_label]]
        for label, cells, row_total in zip(self.row_labels, self.cells, self.row_totals, strict=True):
            rows.append([label, *map(show, cells), show(row_total)])
        rows.append([total_label, *map(show, self.col_totals), show(self.total)])
        return rows


def suppress(table: Table, threshold: int = DEFAULT_THRESHOLD) -> SuppressedTable:
    """Hide small counts and enough others that none of them can be derived (see the module docstring).

    Steps, repeated until nothing changes: (1) hide every count, cell or total, with 0 < count < t;
    (2) while a row or column (totals included) has exactly one hidden number, hide its smallest shown
    non-zero cell (ties: one whose crossing line already has hidden numbers, then by position), or its
    total when no such cell is left; (3) if a small hidden number is still derivable, hide one more
    number (see `_protector`) and go back to (2). Step (3) exists because two per line is necessary but
    not sufficient: [1, 1, 10 | 12] gives 1 + 1 (neither may be 0), and lines combine across the table.
    """
    _check_threshold(threshold)
    grid = _extend(table.counts, len(table.col_labels))
    entries = [(a, b) for a in range(len(grid)) for b in range(len(grid[0]))]
    sensitive = [e for e in entries if 0 < _at(grid, e) < threshold]
    hidden = set(sensitive)
    _protect_table(grid, hidden, sensitive)

    return _published(table, grid, hidden, threshold)


def _published(table: Table, grid: list[list[int]], hidden: set[Entry], threshold: int) -> SuppressedTable:
    r, c = len(table.row_labels), len(table.col_labels)

    def shown(e: Entry) -> int | None:
        return None if e in hidden else _at(grid, e)

    inner = {(i, j) for (i, j) in hidden if i < r and j < c}
    primary = frozenset(e for e in inner if _at(grid, e) < threshold)
    return SuppressedTable(
        row_labels=table.row_labels,
        col_labels=table.col_labels,
        cells=tuple(tuple(shown((i, j)) for j in range(c)) for i in range(r)),
        row_totals=tuple(shown((i, c)) for i in range(r)),
        col_totals=tuple(shown((r, j)) for j in range(c)),
        total=shown((r, c)),
        primary=primary,
        complementary=frozenset(inner - primary),
        threshold=threshold,
    )


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be an integer >= 1, got {threshold!r}")


def _protect_table(grid: list[list[int]], hidden: set[Entry], sensitive: Sequence[Entry]) -> None:
    """Steps (2) and (3) of `suppress` on one extended grid, adding to `hidden` until no entry of
    `sensitive` can be derived from this table alone."""
    while True:
        _close_lines(grid, hidden)
        exposed = next((e for e in sensitive if _derivable(grid, hidden, e)), None)
        if exposed is None:
            return
        hidden.add(_protector(grid, hidden, exposed))


def _extend(counts: tuple[tuple[int, ...], ...], n_cols: int) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in counts]
    return [*rows, [sum(row[j] for row in rows) for j in range(n_cols + 1)]]


def _at(grid: list[list[int]], e: Entry) -> int:
    return grid[e[0]][e[1]]


def _close_lines(grid: list[list[int]], hidden: set[Entry]) -> None:
    """Step (2): a line with exactly one hidden number gives it away by subtraction."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    # Every extended row, then every extended column: (entries adding up, their total, is a row).
    lines = [([(a, b) for b in range(last_col)], (a, last_col), True) for a in range(last_row + 1)]
    lines += [([(a, b) for a in range(last_row)], (last_row, b), False) for b in range(last_col + 1)]

    def crossing_clear(f: Entry, is_row: bool) -> bool:
        # Prefer a cell whose crossing line already has a hidden number: it makes no new lone one.
        cross = [(a, f[1]) for a in range(len(grid))] if is_row else [(f[0], b) for b in range(len(grid[0]))]
        return not any(o in hidden for o in cross)

    changed = True
    while changed:
        changed = False
        for members, total, is_row in lines:
            if sum(e in hidden for e in (*members, total)) != 1:
                continue
            options = [e for e in members if e not in hidden and _at(grid, e) > 0]
            # No option means the lone hidden number is a cell (a lone hidden total > 0 has a shown
            # non-zero cell), so the total is shown and non-zero: hiding it never hides a zero.
            if options:
                hidden.add(min(options, key=lambda e: (_at(grid, e), crossing_clear(e, is_row), e)))
            else:
                hidden.add(total)
            changed = True
            break


def _derivable(grid: list[list[int]], hidden: set[Entry], e: Entry) -> bool:
    """Whether the shown numbers allow only one value for hidden entry `e`.

    Two tables agreeing on what is shown differ by +/-1 steps around a cycle of hidden entries that
    alternates between lines (a circulation on the bipartite row/column graph; by its conformal
    decomposition a single unit step along one cycle is already a second solution). So `e` has another
    value iff such a cycle through `e` exists whose decreasing entries stay >= 1. With totals written
    with a minus sign (grid row i: cells - total = 0), an entry (a, b) stepped by +1 is an arc from
    row a to column b, by -1 an arc from column b to row a; exact for integers, not a heuristic.
    """
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1

    def can_step(f: Entry, step: int) -> bool:
        # Row and column totals carry the minus sign; the grand total is negated twice.
        sign = -1 if (f[0] == last_row) != (f[1] == last_col) else 1
        return sign * step > 0 or _at(grid, f) >= 2

    n_rows = last_row + 1
    arcs: dict[int, list[int]] = {}
    for f in hidden:
        if f == e:
            continue
        row, col = f[0], n_rows + f[1]
        if can_step(f, 1):
            arcs.setdefault(row, []).append(col)
        if can_step(f, -1):
            arcs.setdefault(col, []).append(row)

    def reaches(start: int, goal: int) -> bool:
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                return True
            for nxt in arcs.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    row, col = e[0], n_rows + e[1]
    up = can_step(e, 1) and reaches(col, row)
    down = can_step(e, -1) and reaches(row, col)
    return not (up or down)


def _protector(grid: list[list[int]], hidden: set[Entry], e: Entry) -> Entry:
    """Step (3): the number to hide next so that `e` becomes protected.

    The first shown non-zero number that protects `e` on its own, trying cells before totals (totals are
    what readers use most) and small before large. Hiding more never makes a hidden number derivable
    again, so that choice survives step (2). If no single number suffices, hide the best-placed one and
    go round again: hiding everything non-zero, grand total included, protects every entry (all can grow
    together), so the loop in `suppress` always ends with a sound table.
    """
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1

    def is_total(f: Entry) -> bool:
        return f[0] == last_row or f[1] == last_col

    entries = [(a, b) for a in range(last_row + 1) for b in range(last_col + 1)]
    options = sorted(
        (f for f in entries if f not in hidden and _at(grid, f) > 0),
        key=lambda f: (is_total(f), _at(grid, f), f),
    )
    for f in options:
        if not _derivable(grid, hidden | {f}, e):
            return f

    def rank(f: Entry) -> tuple[int, int, Entry]:
        in_line = f[0] == e[0] or f[1] == e[1]
        if not is_total(f):
            order = 0 if in_line else 1
        else:  # the grand total before unrelated totals: it lets every line grow at once
            order = 2 if in_line else 3 if f == (last_row, last_col) else 4
        return (order, _at(grid, f), f)

    return min(options, key=rank)


# -- tables published together ----------------------------------------------------------------------

# A published number is the sum of the cube's cells that agree with a partial assignment of values to
# dimensions: a table cell fixes its row and column dimensions, a row total only its row dimensions, the
# grand total none. `Key` is that assignment as sorted (dimension index, value index) pairs, leaving out
# dimensions with a single value (fixing them selects nothing less), so two published numbers have the
# same key exactly when they add up the same cells.
Key = tuple[tuple[int, int], ...]

# Branch-and-bound nodes allowed when an integer search has to settle what the linear relaxation cannot.
# Reaching the limit without an answer counts as "cannot find another value", which hides more, never less.
_NODE_LIMIT = 2000

# Candidates tried, cheapest first, before hiding the cheapest one untried and going round again.
_TRIES = 6


@dataclass(frozen=True)
class Cube:
    """Counts over every combination of the values of some named dimensions: the finest table, never
    published.

    `counts` maps a combination (one value per dimension, in the order of `dims`) to its count; missing
    combinations are 0. Counts are ints >= 0; zero entries are dropped, so equal cubes compare equal.
    """

    dims: tuple[str, ...]  # e.g. ("gender", "age", "track")
    values: tuple[tuple[str, ...], ...]  # the values of each dimension, in display order
    counts: Mapping[tuple[str, ...], int]  # combination -> count (missing = 0)

    def __post_init__(self) -> None:
        dims = tuple(self.dims)
        values = tuple(tuple(vs) for vs in self.values)
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimensions must be unique, got {dims!r}")
        if len(values) != len(dims):
            raise ValueError(f"{len(dims)} dimensions but {len(values)} lists of values")
        for dim, vs in zip(dims, values, strict=True):
            if not isinstance(dim, str) or not all(isinstance(v, str) for v in vs):
                raise ValueError(f"dimensions and values must be strings, got {dim!r}: {vs!r}")
            if len(set(vs)) != len(vs):
                raise ValueError(f"values of {dim!r} must be unique, got {vs!r}")
        known = [set(vs) for vs in values]
        counts: dict[tuple[str, ...], int] = {}
        for combo, n in self.counts.items():
            if not isinstance(combo, tuple) or len(combo) != len(dims):
                raise ValueError(f"a combination must be a tuple of {len(dims)} values, got {combo!r}")
            for dim, v, allowed in zip(dims, combo, known, strict=True):
                if v not in allowed:
                    raise ValueError(f"{v!r} is not one of the values of {dim!r}")
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"counts must be integers >= 0, got {n!r} for {combo!r}")
            if n:
                counts[combo] = n
        object.__setattr__(self, "dims", dims)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "counts", counts)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, str]],
        dims: Sequence[str],
        values: Mapping[str, Sequence[str]] | None = None,
    ) -> Cube:
        """Count each record once, by its values of `dims` (other keys of a record are ignored).

        `values` fixes the order of a dimension's values and may name values no record has; a record
        with a value outside them, or with no value for a dimension, raises ValueError. A dimension left
        out of `values` takes the values seen, sorted.
        """
        dims = tuple(dims)
        given = dict(values or {})
        if unknown := sorted(set(given) - set(dims)):
            raise ValueError(f"values given for {unknown!r}, which are not among the dimensions {dims!r}")
        combos: list[tuple[str, ...]] = []
        for record in records:
            missing = [d for d in dims if d not in record]
            if missing:
                raise ValueError(f"a record has no value for {missing[0]!r}: {dict(record)!r}")
            combos.append(tuple(record[d] for d in dims))
        all_values = []
        for k, dim in enumerate(dims):
            seen = {combo[k] for combo in combos}
            if dim in given:
                order = tuple(given[dim])
                if outside := sorted(seen - set(order), key=repr):
                    raise ValueError(f"{outside[0]!r} is not one of the values of {dim!r}: {order!r}")
            else:
                order = tuple(sorted(seen))
            all_values.append(order)
        counts: dict[tuple[str, ...], int] = {}
        for combo in combos:
            counts[combo] = counts.get(combo, 0) + 1
        return cls(dims, tuple(all_values), counts)

    def table(self, rows: Sequence[str], cols: Sequence[str]) -> Table:
        """The two-way aggregation: row labels are the row dims' values joined with " × " (one dim: the
        value itself), same for columns.

        Lines follow the order of the values, the first dimension varying slowest; dimensions on
        neither side are summed over. Each side names at least one dimension, and no dimension twice.
        """
        row_dims, col_dims = self._layout(rows, cols)
        sizes = [len(self.values[d]) for d in (*row_dims, *col_dims)]
        n_rows = math.prod(sizes[: len(row_dims)])
        n_cols = math.prod(sizes[len(row_dims) :])
        grid = self._margin((*row_dims, *col_dims)).reshape(n_rows, n_cols)
        return Table(
            row_labels=self._labels(row_dims),
            col_labels=self._labels(col_dims),
            counts=tuple(tuple(int(n) for n in row) for row in grid),
        )

    def _layout(self, rows: Sequence[str], cols: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        at = {dim: k for k, dim in enumerate(self.dims)}
        if isinstance(rows, str) or isinstance(cols, str):
            raise ValueError(f"rows and columns are sequences of dimension names, got {rows!r}, {cols!r}")
        for name in (*rows, *cols):
            if name not in at:
                raise ValueError(f"{name!r} is not one of the dimensions {self.dims!r}")
        if not rows or not cols:
            raise ValueError(f"rows and columns each need at least one dimension, got {rows!r}, {cols!r}")
        if len({*rows, *cols}) != len(rows) + len(cols):
            raise ValueError(f"a dimension appears twice in rows {rows!r} and columns {cols!r}")
        return tuple(at[name] for name in rows), tuple(at[name] for name in cols)

    def _labels(self, dims: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(" × ".join(combo) for combo in itertools.product(*(self.values[d] for d in dims)))

    def _margin(self, dims: Sequence[int]) -> npt.NDArray[np.int64]:
        """Counts summed over every dimension not in `dims`, as an array indexed by value positions."""
        out = np.zeros(tuple(len(self.values[d]) for d in dims), dtype=np.int64)
        position = [{v: i for i, v in enumerate(vs)} for vs in self.values]
        for combo, n in self.counts.items():
            out[tuple(position[d][combo[d]] for d in dims)] += n
        return out


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
        shown = np.flatnonzero(~mask & (self.value > 0))
        hid = np.flatnonzero(mask)
        a_eq = sparse.vstack([self.member[shown], self.glue], format="csr").astype(np.float64)
        b_eq = np.concatenate([self.value[shown], np.zeros(self.glue.shape[0], np.int64)]).astype(np.float64)
        a_ub = -self.member_float[hid] if hid.size else None
        b_ub = -np.ones(hid.size) if hid.size else None
        return (a_eq, b_eq, a_ub, b_ub) if a_eq.shape[0] else (None, None, a_ub, b_ub)

    def _optimise(self, objective: npt.NDArray[np.float64], mask: npt.NDArray[np.bool_]) -> Any:
        a_eq, b_eq, a_ub, b_ub = self._system(mask)
        return optimize.linprog(
            objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, self.upper), method="highs-ds"
        )

    def _nearest(self, a: npt.NDArray[np.float64], side: int, mask: npt.NDArray[np.bool_]) -> Any:
        """The linear programme: x = truth + up - down with up >= 0, 0 <= down <= truth, what is shown
        (and the separator equations) unchanged, hidden numbers >= 1, side * a @ (up - down) >= 1;
        minimise the total change sum(up) + sum(down)."""
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
