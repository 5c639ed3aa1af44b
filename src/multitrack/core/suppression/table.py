"""Small-cell suppression of one two-way count table published with row, column and grand totals.

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

Tables published together, over one cube of counts: `multitrack.core.suppression.linked`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
