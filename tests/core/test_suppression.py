"""Small-cell suppression: exact examples, and property tests proving that no small count can be derived.

Two independent attackers check the published tables. `attacker_values` is a plain exhaustive search
over every table of whole numbers that matches what is shown (tiny tables only). `has_second_solution`
looks for a second such table by +/-1 changes of the hidden numbers, which scales to 5 x 5; it rests on
the fact that two tables agreeing on the shown numbers differ by a sum of +/-1 cycles, one of which can
be applied alone (conformal decomposition of a circulation), and the first attacker cross-checks it.
Both assume what the module promises a reader knows: shown numbers, that lines add up, that counts are
whole numbers, and that a hidden number is at least 1 (zeros are always shown).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from multitrack.core.suppression import SuppressedTable, Table, suppress
from multitrack.core.suppression.table import _derivable

Entry = tuple[int, int]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "suppression.md"


def table(*rows: tuple[int, ...]) -> Table:
    return Table(
        tuple(f"r{i}" for i in range(len(rows))),
        tuple(f"c{j}" for j in range(len(rows[0]) if rows else 0)),
        tuple(rows),
    )


def extended(t: Table) -> list[list[int]]:
    """The counts with row totals as a last column and column totals (and grand total) as a last row."""
    rows = [[*row, sum(row)] for row in t.counts]
    return [*rows, [sum(row[j] for row in rows) for j in range(len(t.col_labels) + 1)]]


def hidden_entries(result: SuppressedTable) -> set[Entry]:
    """Hidden positions in the extended grid of `extended`."""
    r, c = len(result.row_labels), len(result.col_labels)
    grid = [[*row, rt] for row, rt in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.col_totals, result.total])
    return {(a, b) for a in range(r + 1) for b in range(c + 1) if grid[a][b] is None}


def has_second_solution(grid: list[list[int]], hidden: set[Entry], target: Entry) -> bool:
    """Whether another table agrees with everything shown but differs at `target` (a hidden entry)."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    order = [target, *sorted(hidden - {target})]

    def equations(e: Entry) -> list[tuple[str, int, int]]:
        # Extended row a: cells - total = 0; extended column b likewise.
        return [("row", e[0], -1 if e[1] == last_col else 1), ("col", e[1], -1 if e[0] == last_row else 1)]

    remaining: dict[tuple[str, int], int] = defaultdict(int)
    for e in order:
        for kind, k, _ in equations(e):
            remaining[kind, k] += 1
    partial: dict[tuple[str, int], int] = defaultdict(int)

    def search(n: int) -> bool:
        if n == len(order):
            return True
        e = order[n]
        for step in (1, -1) if n == 0 else (0, 1, -1):
            if grid[e[0]][e[1]] + step < 1:
                continue
            touched = equations(e)
            for kind, k, sign in touched:
                partial[kind, k] += sign * step
                remaining[kind, k] -= 1
            # Each unassigned entry can still move its equation by at most 1.
            if all(abs(partial[kind, k]) <= remaining[kind, k] for kind, k, _ in touched) and search(n + 1):
                return True
            for kind, k, sign in touched:
                partial[kind, k] -= sign * step
                remaining[kind, k] += 1
        return False

    return search(0)


def recoverable(t: Table, result: SuppressedTable) -> set[Entry]:
    """Hidden entries (extended grid) whose value the shown numbers determine."""
    grid, hidden = extended(t), hidden_entries(result)
    return {e for e in hidden if not has_second_solution(grid, hidden, e)}


def attacker_values(result: SuppressedTable) -> dict[Entry, set[int]]:
    """Every value each hidden entry takes over all tables of whole numbers matching what is shown.

    Exhaustive over the hidden cells (>= 1 each); needs the grand total shown, which bounds every cell.
    """
    total = result.total
    assert total is not None
    r, c = len(result.row_labels), len(result.col_labels)
    free = [(i, j) for i in range(r) for j in range(c) if result.cells[i][j] is None]
    row_sum = [sum(v or 0 for v in row) for row in result.cells]
    col_sum = [sum(row[j] or 0 for row in result.cells) for j in range(c)]
    left_in_row = [sum(1 for f in free if f[0] == i) for i in range(r)]
    left_in_col = [sum(1 for f in free if f[1] == j) for j in range(c)]
    values: dict[Entry, set[int]] = defaultdict(set)
    chosen: dict[Entry, int] = {}

    def record() -> None:
        for i in range(r):
            if result.row_totals[i] is None:
                if row_sum[i] < 1:
                    return
            elif row_sum[i] != result.row_totals[i]:
                return
        for j in range(c):
            if result.col_totals[j] is None:
                if col_sum[j] < 1:
                    return
            elif col_sum[j] != result.col_totals[j]:
                return
        if sum(row_sum) != total:
            return
        for e, v in chosen.items():
            values[e].add(v)
        for i in range(r):
            if result.row_totals[i] is None:
                values[i, c].add(row_sum[i])
        for j in range(c):
            if result.col_totals[j] is None:
                values[r, j].add(col_sum[j])

    def search(n: int) -> None:
        if n == len(free):
            record()
            return
        i, j = free[n]
        left_in_row[i] -= 1
        left_in_col[j] -= 1
        hi = total - sum(row_sum) - (len(free) - n - 1)
        row_total, col_total = result.row_totals[i], result.col_totals[j]
        if row_total is not None:
            hi = min(hi, row_total - row_sum[i] - left_in_row[i])
        if col_total is not None:
            hi = min(hi, col_total - col_sum[j] - left_in_col[j])
        for v in range(1, hi + 1):
            chosen[i, j] = v
            row_sum[i] += v
            col_sum[j] += v
            search(n + 1)
            row_sum[i] -= v
            col_sum[j] -= v
        chosen.pop((i, j), None)
        left_in_row[i] += 1
        left_in_col[j] += 1

    search(0)
    return values


def lines(grid: list[list[int]]) -> list[list[Entry]]:
    rows = [[(a, b) for b in range(len(grid[0]))] for a in range(len(grid))]
    return rows + [[(a, b) for a in range(len(grid))] for b in range(len(grid[0]))]


# -- examples with exact outputs ------------------------------------------------------------------------


def test_nothing_small_nothing_hidden() -> None:
    result = suppress(table((5, 6), (7, 0)))
    assert result.cells == ((5, 6), (7, 0))
    assert result.row_totals == (11, 7) and result.col_totals == (12, 6) and result.total == 18
    assert result.primary == result.complementary == frozenset()


def test_three_small_cells_need_one_complementary_cell() -> None:
    result = suppress(table((2, 3, 20), (4, 10, 30), (12, 15, 6)))
    assert result.cells == ((None, None, 20), (None, None, 30), (12, 15, 6))
    assert result.row_totals == (25, 44, 33) and result.col_totals == (18, 28, 56) and result.total == 102
    assert result.primary == {(0, 0), (0, 1), (1, 0)}
    assert result.complementary == {(1, 1)}


def test_one_small_cell_needs_a_rectangle_of_smallest_cells() -> None:
    result = suppress(table((2, 10, 20), (8, 9, 30), (12, 15, 6)))
    assert result.cells == ((None, None, 20), (None, None, 30), (12, 15, 6))
    assert result.primary == {(0, 0)}
    assert result.complementary == {(0, 1), (1, 0), (1, 1)}
    assert None not in (*result.row_totals, *result.col_totals, result.total)


def test_ties_prefer_a_cell_whose_crossing_line_already_has_a_hidden_cell() -> None:
    # Column 2 needs a partner for (0, 2): rows 1 and 2 both hold 10, row 1 already has a hidden cell.
    result = suppress(table((1, 1, 10), (20, 20, 10), (20, 20, 10)))
    assert (1, 2) in result.complementary and (2, 2) not in result.complementary


def test_row_with_a_single_small_cell_hides_its_total() -> None:
    result = suppress(table((3, 0, 0), (10, 11, 12), (13, 14, 15)))
    assert result.cells == ((None, 0, 0), (None, None, 12), (None, None, 15))
    assert result.row_totals == (None, None, 42)
    assert result.col_totals == (26, 25, 27) and result.total == 78
    assert result.primary == {(0, 0)}
    assert result.complementary == {(1, 0), (1, 1), (2, 0), (2, 1)}


def test_a_lone_hidden_cell_in_a_line_of_zeros_hides_the_line_total() -> None:
    result = suppress(table((3, 0, 0), (10, 10, 10)))
    # Column 1 holds only the complementary 10 (row 0 is 0 there), so its total goes instead.
    assert result.cells == ((None, 0, 0), (None, None, None))
    assert result.row_totals == (None, None)
    assert result.col_totals == (13, None, None) and result.total == 33


def test_two_per_line_is_not_enough_when_hidden_cells_could_only_be_one() -> None:
    # Row 0 reads "?, ?, 10 | 12": both hidden cells are 1, since hidden counts are never 0.
    result = suppress(table((1, 1, 10), (20, 20, 20), (20, 20, 20)))
    assert result.cells == ((None, None, None), (None, None, None), (20, 20, 20))
    assert result.row_totals == (12, 60, 60) and result.total == 132
    assert result.primary == {(0, 0), (0, 1)}
    assert result.complementary == {(0, 2), (1, 0), (1, 1), (1, 2)}
    assert not recoverable(table((1, 1, 10), (20, 20, 20), (20, 20, 20)), result)


def test_two_per_line_is_not_enough_even_if_hidden_cells_could_be_zero() -> None:
    # After step 2 every line has 0 or >= 2 hidden numbers, yet the 3 at (3, 2) is the only link between
    # the hidden rectangle rows 1/3 x columns 0/1 and the hidden cycle rows 0/4 x columns 2/3, so it lies
    # on no cycle: columns 0 and 1 give x10 + x30 = 7 and x11 + x31 = 15, row 1 gives x10 + x11 = 6, so
    # x30 + x31 = 16 and row 3 gives x32 = 25 - 6 - 16 = 3, zeros allowed or not. Step 3 hides (3, 3).
    t = table((11, 12, 3, 9), (1, 5, 0, 0), (0, 10, 8, 0), (6, 10, 3, 6), (11, 0, 8, 3))
    result = suppress(t)
    assert result.cells == (
        (11, 12, None, None),
        (None, None, 0, 0),
        (0, 10, 8, 0),
        (None, None, None, None),
        (11, 0, None, None),
    )
    assert result.row_totals == (35, 6, 18, 25, 22) and result.col_totals == (29, 37, 22, 18)
    assert result.primary == {(0, 2), (1, 0), (3, 2), (4, 3)}
    assert result.complementary == {(0, 3), (1, 1), (3, 0), (3, 1), (3, 3), (4, 2)}
    assert not recoverable(t, result)
    without_step_3 = hidden_entries(result) - {(3, 3)}
    assert not has_second_solution(extended(t), without_step_3, (3, 2))


def test_grand_total_below_threshold_hides_every_non_zero_number() -> None:
    result = suppress(table((1, 2), (0, 1)))
    assert result.cells == ((None, None), (0, None))
    assert result.row_totals == (None, None) and result.col_totals == (None, None) and result.total is None
    assert result.primary == {(0, 0), (0, 1), (1, 1)}


def test_zeros_are_shown() -> None:
    result = suppress(table((0, 0, 9), (0, 7, 6)))
    assert result.cells == ((0, 0, 9), (0, 7, 6)) and result.col_totals == (0, 7, 15)


def test_threshold_one_hides_nothing_and_threshold_is_checked() -> None:
    assert suppress(table((1, 2)), threshold=1).cells == ((1, 2),)
    for bad in (0, -3, True, 2.5):
        with pytest.raises(ValueError, match="threshold"):
            suppress(table((1, 2)), threshold=bad)  # type: ignore[arg-type]


def test_larger_threshold_example_matches_docs() -> None:
    counts = ((14, 3, 2, 6), (17, 6, 8, 9), (1, 0, 0, 0))
    t = Table(("Women", "Men", "Other"), ("Participant", "Facilitator", "Convener", "Observer"), counts)
    result = suppress(t)
    assert result.cells == ((None, None, None, 6), (17, None, None, 9), (None, 0, 0, 0))
    assert result.row_totals == (None, 40, None)
    assert result.col_totals == (32, 9, 10, 15) and result.total == 66
    assert result.primary == {(0, 1), (0, 2), (2, 0)}
    assert result.complementary == {(0, 0), (1, 1), (1, 2)}

    def markdown(rows: list[list[str]]) -> str:
        lines = [f"| {' | '.join(row)} |" for row in rows]
        return "\n".join([lines[0], "|" + " --- |" * len(rows[0]), *lines[1:]])

    docs = DOCS.read_text(encoding="utf-8")
    before = [["", *t.col_labels, "Total"]]
    for label, row in zip(t.row_labels, counts, strict=True):
        before.append([label, *map(str, row), str(sum(row))])
    before.append(["Total", *(str(sum(col)) for col in zip(*counts, strict=True)), "66"])
    assert markdown(before) in docs
    assert markdown(result.to_rows()) in docs


def test_empty_table() -> None:
    result = suppress(Table((), (), ()))
    assert result.total == 0 and result.to_rows() == [["", "Total"], ["Total", "0"]]


def test_to_rows_uses_one_mark_for_every_hidden_number() -> None:
    result = suppress(Table(("a", "b"), ("x", "y", "z"), ((3, 0, 0), (10, 10, 10))))
    assert result.to_rows() == [
        ["", "x", "y", "z", "Total"],
        ["a", "suppressed", "0", "0", "suppressed"],
        ["b", "suppressed", "suppressed", "suppressed", "suppressed"],
        ["Total", "13", "suppressed", "suppressed", "33"],
    ]
    assert result.to_rows("–", total_label="All")[3] == ["All", "13", "–", "–", "33"]


# -- Table ----------------------------------------------------------------------------------------------


def test_from_pairs_counts_in_the_given_order_with_zero_lines() -> None:
    pairs = [("woman", "participant"), ("man", "participant"), ("woman", "participant"), ("man", "observer")]
    t = Table.from_pairs(pairs, rows=["woman", "man", "other"], cols=["participant", "observer", "convener"])
    assert t.row_labels == ("woman", "man", "other")
    assert t.col_labels == ("participant", "observer", "convener")
    assert t.counts == ((2, 0, 0), (1, 1, 0), (0, 0, 0))


def test_from_pairs_without_labels_sorts_those_seen() -> None:
    t = Table.from_pairs(iter([("b", "y"), ("a", "x"), ("b", "x")]))
    assert t == Table(("a", "b"), ("x", "y"), ((1, 0), (1, 1)))
    assert Table.from_pairs([]) == Table((), (), ())


@pytest.mark.parametrize(
    ("pairs", "rows", "cols", "message"),
    [
        ([("z", "x")], ["a"], ["x"], "row label 'z'"),
        ([("a", "z")], ["a"], ["x"], "column label 'z'"),
        ([], ["a", "a"], ["x"], "row labels must be unique"),
    ],
)
def test_from_pairs_rejects_labels_outside_the_given_ones(
    pairs: list[tuple[str, str]], rows: list[str], cols: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Table.from_pairs(pairs, rows=rows, cols=cols)


@pytest.mark.parametrize(
    ("rows", "cols", "counts", "message"),
    [
        (("a",), ("x",), (), "1 row labels but 0 rows"),
        (("a",), ("x",), ((1, 2),), "row 'a' has 2 counts for 1 columns"),
        (("a",), ("x",), ((-1,),), "integers >= 0"),
        (("a",), ("x",), ((True,),), "integers >= 0"),
        (("a",), ("x", "x"), ((1, 1),), "column labels must be unique"),
    ],
)
def test_table_is_validated(
    rows: tuple[str, ...], cols: tuple[str, ...], counts: tuple[tuple[int, ...], ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Table(rows, cols, counts)


# -- properties -----------------------------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn, max_side: int = 5, max_count: int = 12) -> Table:
    r = draw(st.integers(1, max_side))
    c = draw(st.integers(1, max_side))
    row = st.lists(st.integers(0, max_count), min_size=c, max_size=c)
    counts = draw(st.lists(row, min_size=r, max_size=r))
    return table(*(tuple(row) for row in counts))


thresholds = st.integers(2, 6)


@settings(max_examples=400, deadline=None)
@given(tables(), thresholds)
def test_no_small_hidden_number_is_recoverable(t: Table, threshold: int) -> None:
    result = suppress(t, threshold)
    grid = extended(t)
    small = {e for e in hidden_entries(result) if 0 < grid[e[0]][e[1]] < threshold}
    assert not small & recoverable(t, result)


@settings(max_examples=150, deadline=None)
@given(tables(max_side=3, max_count=5), thresholds)
def test_exhaustive_attacker_learns_no_small_number(t: Table, threshold: int) -> None:
    result = suppress(t, threshold)
    assume(result.total is not None)
    grid, hidden = extended(t), hidden_entries(result)
    values = attacker_values(result)
    for a, b in hidden:
        assert grid[a][b] in values[a, b]  # the true table is among those the attacker finds
        if 0 < grid[a][b] < threshold:
            assert len(values[a, b]) > 1
        # The cycle-based attacker agrees with the exhaustive one on every hidden entry.
        assert has_second_solution(grid, hidden, (a, b)) == (len(values[a, b]) > 1)


@settings(max_examples=300, deadline=None)
@given(tables(), thresholds)
def test_shown_numbers_are_true_and_never_small(t: Table, threshold: int) -> None:
    result = suppress(t, threshold)
    grid = extended(t)
    r, c = len(t.row_labels), len(t.col_labels)
    shown = [[*row, rt] for row, rt in zip(result.cells, result.row_totals, strict=True)]
    shown.append([*result.col_totals, result.total])
    for a in range(r + 1):
        for b in range(c + 1):
            v = shown[a][b]
            if v is None:
                assert grid[a][b] > 0  # a zero is never hidden
            else:
                assert v == grid[a][b] and (v == 0 or v >= threshold)
    assert result.primary == {(i, j) for i in range(r) for j in range(c) if 0 < t.counts[i][j] < threshold}
    assert not result.primary & result.complementary
    assert {(i, j) for i in range(r) for j in range(c) if result.cells[i][j] is None} == (
        result.primary | result.complementary
    )
    # Every line (totals included) has no hidden number or at least two.
    for line in lines(grid):
        assert sum(e in hidden_entries(result) for e in line) != 1


@settings(max_examples=100, deadline=None)
@given(tables(), thresholds)
def test_deterministic(t: Table, threshold: int) -> None:
    assert suppress(t, threshold) == suppress(Table(t.row_labels, t.col_labels, t.counts), threshold)


@settings(max_examples=300, deadline=None)
@given(tables(max_side=4, max_count=4), st.data())
def test_internal_audit_is_exact(t: Table, data: st.DataObject) -> None:
    # suppress() relies on _derivable to decide when to stop; it must agree with the independent attacker
    # on arbitrary hidden patterns, not only on the ones suppress() produces.
    grid = extended(t)
    non_zero = sorted((a, b) for a, row in enumerate(grid) for b, v in enumerate(row) if v > 0)
    assume(non_zero)
    hidden = set(data.draw(st.lists(st.sampled_from(non_zero), unique=True)))
    for e in hidden:
        assert _derivable(grid, hidden, e) == (not has_second_solution(grid, hidden, e))
