"""Tables published together: joint suppression over one cube, checked by attackers that see every table.

The attackers know what the module promises a reader knows: every shown number of every table, that each
published number is the sum of some cells of one cube of whole numbers >= 0 (the labels say which cells),
and that a hidden number is at least 1 (zeros are always shown). They work on the raw cube, every
combination of every dimension, and share no code with the module beyond reading its published tables.
`milp_ranges` asks an integer programme for the smallest and largest value of each hidden number, and
`small_and_determined` whether a small hidden number could take another value;
`exhaustive_values` lists every cube that matches what is shown (tiny cubes only) and cross-checks it.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize

from multitrack.core.suppression import Cube, SuppressedTable, Table, suppress, suppress_together
from tests.core.attacker import takes_another_value

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

Layout = tuple[tuple[str, ...], tuple[str, ...]]
Spot = tuple[int, int, int]  # (table, row, column) in the grid extended by totals
DOCS = Path(__file__).resolve().parents[2] / "docs" / "suppression.md"


@dataclass(frozen=True)
class Number:
    """One published number: where it is, the cube cells it adds up, what is shown and what is true."""

    spot: Spot
    cells: frozenset[int]
    shown: int | None
    true: int


def published(cube: Cube, layouts: Sequence[Layout], results: Sequence[SuppressedTable]) -> list[Number]:
    """Every number of every published table, with the cube cells (indices into `combos`) behind it."""
    combos = list(itertools.product(*cube.values))
    numbers = []
    for t, ((rows, cols), result) in enumerate(zip(layouts, results, strict=True)):
        r, c = len(result.row_labels), len(result.col_labels)
        row_at = {label: a for a, label in enumerate(result.row_labels)}
        col_at = {label: b for b, label in enumerate(result.col_labels)}
        members: dict[tuple[int, int], set[int]] = defaultdict(set)
        for x, combo in enumerate(combos):
            value = dict(zip(cube.dims, combo, strict=True))
            a = row_at[" × ".join(value[d] for d in rows)]
            b = col_at[" × ".join(value[d] for d in cols)]
            for spot in ((a, b), (a, c), (r, b), (r, c)):
                members[spot].add(x)
        grid = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
        grid.append([*result.col_totals, result.total])
        for a in range(r + 1):
            for b in range(c + 1):
                cells = frozenset(members[a, b])
                true = sum(cube.counts.get(combos[x], 0) for x in cells)
                numbers.append(Number((t, a, b), cells, grid[a][b], true))
    return numbers


def _integer_system(
    cube: Cube, numbers: Sequence[Number]
) -> tuple[np.ndarray, list[optimize.LinearConstraint]]:
    """The attacker's knowledge as an integer programme over the cube's cells: one row per published number
    (1 on its cells), equal to it where it is shown and at least 1 where it is hidden."""
    size = len(list(itertools.product(*cube.values)))
    rows = np.zeros((len(numbers), size))
    for k, number in enumerate(numbers):
        rows[k, sorted(number.cells)] = 1
    low = [1 if n.shown is None else n.shown for n in numbers]
    high = [np.inf if n.shown is None else n.shown for n in numbers]
    return rows, [optimize.LinearConstraint(rows, low, high)] if numbers else []


def milp_ranges(
    cube: Cube, layouts: Sequence[Layout], results: Sequence[SuppressedTable]
) -> dict[Spot, range]:
    """For each hidden number, the values from its smallest to its largest over every matching cube."""
    numbers = published(cube, layouts, results)
    rows, constraints = _integer_system(cube, numbers)
    ranges = {}
    for k, number in enumerate(numbers):
        if number.shown is not None:
            continue
        ends = []
        for sign in (1, -1):
            result = optimize.milp(
                sign * rows[k],
                integrality=np.ones(rows.shape[1]),
                bounds=optimize.Bounds(0, 10**6),  # stands for "no bound": far above any count here
                constraints=constraints,
                options={"mip_rel_gap": 0},
            )
            assert result.status == 0, result.message
            ends.append(round(sign * result.fun))
        ranges[number.spot] = range(ends[0], ends[1] + 1)
    return ranges


def exhaustive_values(
    cube: Cube, layouts: Sequence[Layout], results: Sequence[SuppressedTable]
) -> dict[Spot, set[int]]:
    """Every value of each hidden number over all cubes of whole numbers matching what is shown.

    Depth-first over the cube cells; a cell that completes a shown number is forced. Needs every cell
    inside some shown number (which bounds it): tiny cubes with a shown grand total.
    """
    numbers = published(cube, layouts, results)
    size = len(list(itertools.product(*cube.values)))
    inside = [[k for k, n in enumerate(numbers) if x in n.cells] for x in range(size)]
    last = {k: max(n.cells) for k, n in enumerate(numbers) if n.cells}
    closing = [[k for k in inside[x] if last[k] == x] for x in range(size)]
    partial = [0] * len(numbers)
    values: dict[Spot, set[int]] = defaultdict(set)

    def search(x: int) -> None:
        if x == size:
            for n, total in zip(numbers, partial, strict=True):
                if n.shown is None:
                    values[n.spot].add(total)
            return
        room = [n.shown - partial[k] for k in inside[x] if (n := numbers[k]).shown is not None]
        assert room, "every cube cell must lie inside a shown number"
        forced = {n.shown - partial[k] for k in closing[x] if (n := numbers[k]).shown is not None}
        options: Sequence[int] = range(min(room) + 1)
        if forced:  # this cell completes a shown number, so it is what that number still lacks
            options = [v for v in forced if v in options] if len(forced) == 1 else []
        for v in options:
            for k in inside[x]:
                partial[k] += v
            if all(numbers[k].shown is not None or partial[k] >= 1 for k in closing[x]):
                search(x + 1)
            for k in inside[x]:
                partial[k] -= v

    search(0)
    return values


def assert_sound(cube: Cube, layouts: Sequence[Layout], results: Sequence[SuppressedTable], t: int) -> None:
    """What the module promises, on every table and across tables."""
    numbers = published(cube, layouts, results)
    for number in numbers:
        if number.shown is None:
            assert number.true > 0  # zeros are shown
        else:
            assert number.shown == number.true  # a shown number is exact
        if 0 < number.true < t:
            assert number.shown is None  # small numbers are hidden in every table where they appear
    # The same cells are hidden everywhere or shown everywhere.
    by_cells: dict[frozenset[int], set[bool]] = defaultdict(set)
    for number in numbers:
        by_cells[number.cells].add(number.shown is None)
    assert all(len(states) == 1 for states in by_cells.values())
    for (rows, cols), result in zip(layouts, results, strict=True):
        table = cube.table(rows, cols)
        r, c = len(table.row_labels), len(table.col_labels)
        assert result.threshold == t
        assert result.primary == {(i, j) for i in range(r) for j in range(c) if 0 < table.counts[i][j] < t}
        hidden_cells = {(i, j) for i in range(r) for j in range(c) if result.cells[i][j] is None}
        assert hidden_cells == result.primary | result.complementary
        assert not result.primary & result.complementary
        # No line of any table has exactly one hidden number.
        grid = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
        grid.append([*result.col_totals, result.total])
        for line in [*grid, *zip(*grid, strict=True)]:
            assert sum(v is None for v in line) != 1


def small_and_determined(
    cube: Cube, layouts: Sequence[Layout], results: Sequence[SuppressedTable], t: int
) -> set[Spot]:
    """Hidden numbers below the threshold whose value the integer programme pins down: for each, it looks
    for a matching cube where the number is larger, then for one where it is smaller, and finds neither.
    (Two searches for a feasible cube, rather than `milp_ranges`' two optimisations for every hidden
    number: the same answer, several times faster.)"""
    numbers = published(cube, layouts, results)
    rows, constraints = _integer_system(cube, numbers)
    return {
        number.spot
        for k, number in enumerate(numbers)
        if number.shown is None
        and 0 < number.true < t
        and not takes_another_value(rows[k], constraints, number.true, 10**6)
    }


# -- examples ----------------------------------------------------------------------------------------------

SHARED = Cube(
    ("gender", "track", "role"),
    (("woman", "man", "other"), ("Track 1.5", "Track 2"), ("presence", "influence")),
    {
        ("woman", "Track 1.5", "presence"): 10,
        ("woman", "Track 2", "presence"): 10,
        ("man", "Track 1.5", "presence"): 5,
        ("man", "Track 1.5", "influence"): 5,
        ("man", "Track 2", "influence"): 10,
        ("other", "Track 1.5", "presence"): 2,
    },
)
SHARED_LAYOUTS: list[Layout] = [(("gender",), ("track",)), (("gender",), ("role",))]


def test_two_tables_sharing_the_gender_margin_leak_when_suppressed_alone() -> None:
    alone = [suppress(SHARED.table(rows, cols)) for rows, cols in SHARED_LAYOUTS]
    assert alone[0].to_rows() == [
        ["", "Track 1.5", "Track 2", "Total"],
        ["woman", "suppressed", "suppressed", "suppressed"],
        ["man", "suppressed", "suppressed", "20"],
        ["other", "suppressed", "0", "suppressed"],
        ["Total", "22", "20", "42"],
    ]
    assert alone[1].to_rows() == [
        ["", "presence", "influence", "Total"],
        ["woman", "20", "0", "20"],
        ["man", "suppressed", "suppressed", "suppressed"],
        ["other", "suppressed", "0", "suppressed"],
        ["Total", "suppressed", "suppressed", "42"],
    ]
    # Each table alone protects the 2 "other" participants, but the first shows the men's total and the
    # second the women's: other = 42 - 20 - 20 = 2, and the "other" cells follow (their only non-zero).
    assert not small_and_determined(SHARED, SHARED_LAYOUTS[:1], alone[:1], 5)
    assert not small_and_determined(SHARED, SHARED_LAYOUTS[1:], alone[1:], 5)
    assert small_and_determined(SHARED, SHARED_LAYOUTS, alone, 5) == {
        (0, 2, 0),
        (0, 2, 2),
        (1, 2, 0),
        (1, 2, 2),
    }


def test_suppressed_together_the_shared_margin_is_hidden_in_both() -> None:
    together = suppress_together(SHARED, SHARED_LAYOUTS)
    assert together[0] == suppress(SHARED.table(*SHARED_LAYOUTS[0]))  # the first table needed nothing more
    assert together[1].to_rows() == [
        ["", "presence", "influence", "Total"],
        ["woman", "suppressed", "0", "suppressed"],
        ["man", "5", "15", "20"],
        ["other", "suppressed", "0", "suppressed"],
        ["Total", "27", "15", "42"],
    ]
    assert_sound(SHARED, SHARED_LAYOUTS, together, 5)
    assert not small_and_determined(SHARED, SHARED_LAYOUTS, together, 5)
    values = exhaustive_values(SHARED, SHARED_LAYOUTS, together)
    assert values[1, 2, 2] == set(range(1, 21))  # "other" could be anything from 1 to 20


def test_shared_margin_example_matches_docs() -> None:
    def markdown(rows: list[list[str]]) -> str:
        lines = [f"| {' | '.join(row)} |" for row in rows]
        return "\n".join([lines[0], "|" + " --- |" * len(rows[0]), *lines[1:]])

    docs = DOCS.read_text(encoding="utf-8")
    for rows, cols in SHARED_LAYOUTS:
        table = SHARED.table(rows, cols)
        before = [["", *table.col_labels, "Total"]]
        for label, counts in zip(table.row_labels, table.counts, strict=True):
            before.append([label, *map(str, counts), str(sum(counts))])
        before.append(["Total", *(str(sum(col)) for col in zip(*table.counts, strict=True)), "42"])
        assert markdown(before) in docs
        assert markdown(suppress(table).to_rows()) in docs
    for result in suppress_together(SHARED, SHARED_LAYOUTS):
        assert markdown(result.to_rows()) in docs


HIERARCHY = Cube(
    ("gender", "age", "track"),
    (("woman", "man"), ("18-29", "30+"), ("Track 1.5", "Track 2")),
    {
        ("woman", "18-29", "Track 2"): 1,
        ("woman", "30+", "Track 1.5"): 4,
        ("woman", "30+", "Track 2"): 1,
        ("man", "18-29", "Track 1.5"): 6,
        ("man", "18-29", "Track 2"): 2,
        ("man", "30+", "Track 1.5"): 2,
    },
)
HIERARCHY_LAYOUTS: list[Layout] = [(("gender", "age"), ("track",)), (("gender",), ("track",))]


def test_rows_that_add_up_to_rows_of_another_table_leak_when_suppressed_alone() -> None:
    alone = [suppress(HIERARCHY.table(rows, cols)) for rows, cols in HIERARCHY_LAYOUTS]
    assert alone[0].to_rows() == [
        ["", "Track 1.5", "Track 2", "Total"],
        ["woman × 18-29", "0", "suppressed", "suppressed"],
        ["woman × 30+", "suppressed", "suppressed", "5"],
        ["man × 18-29", "suppressed", "suppressed", "8"],
        ["man × 30+", "suppressed", "0", "suppressed"],
        ["Total", "suppressed", "suppressed", "16"],
    ]
    assert alone[1].to_rows() == [
        ["", "Track 1.5", "Track 2", "Total"],
        ["woman", "suppressed", "suppressed", "6"],
        ["man", "suppressed", "suppressed", "10"],
        ["Total", "suppressed", "suppressed", "16"],
    ]
    # "woman" = "woman × 18-29" + "woman × 30+": 6 - 5 = 1 young woman, on Track 2 (Track 1.5 shows 0);
    # likewise 10 - 8 = 2 older men.
    assert not small_and_determined(HIERARCHY, HIERARCHY_LAYOUTS[:1], alone[:1], 5)
    assert small_and_determined(HIERARCHY, HIERARCHY_LAYOUTS, alone, 5) == {
        (0, 0, 1),
        (0, 0, 2),
        (0, 3, 0),
        (0, 3, 2),
    }


def test_suppressed_together_the_finer_rows_are_protected() -> None:
    together = suppress_together(HIERARCHY, HIERARCHY_LAYOUTS)
    assert together[0].row_totals == (None, None, None, None)
    assert together[1] == suppress(HIERARCHY.table(*HIERARCHY_LAYOUTS[1]))
    assert_sound(HIERARCHY, HIERARCHY_LAYOUTS, together, 5)
    assert not small_and_determined(HIERARCHY, HIERARCHY_LAYOUTS, together, 5)
    values = exhaustive_values(HIERARCHY, HIERARCHY_LAYOUTS, together)
    assert all(len(values[spot]) > 1 for spot in values)


def test_the_same_table_twice_or_a_table_and_its_transpose() -> None:
    layouts: list[Layout] = [(("gender",), ("track",)), (("track",), ("gender",)), (("gender",), ("track",))]
    first, transposed, again = suppress_together(SHARED, layouts)
    assert first == again
    assert transposed.cells == tuple(zip(*first.cells, strict=True))
    assert (transposed.row_totals, transposed.col_totals) == (first.col_totals, first.row_totals)
    assert transposed.total == first.total
    assert_sound(SHARED, layouts, [first, transposed, again], 5)


def test_a_realistic_family_is_protected() -> None:
    # Four dimensions, five overlapping tables, 400 people; the attacker solves integer programmes over
    # all 3 x 4 x 3 x 2 cells.
    rng = random.Random(7)
    values = {
        "gender": ["woman", "man", "other"],
        "age": ["18-29", "30-44", "45-59", "60+"],
        "track": ["1.5", "2", "3"],
        "role": ["presence", "influence"],
    }
    weights = {"gender": [45, 52, 3], "age": [20, 40, 30, 10], "track": [25, 55, 20], "role": [80, 20]}
    records = [{d: rng.choices(vs, weights[d])[0] for d, vs in values.items()} for _ in range(400)]
    cube = Cube.from_records(records, list(values), values)
    layouts: list[Layout] = [
        (("gender",), ("track",)),
        (("gender", "age"), ("track",)),
        (("gender",), ("role",)),
        (("age",), ("role", "track")),
        (("track",), ("role",)),
    ]
    started = time.perf_counter()
    together = suppress_together(cube, layouts)
    assert time.perf_counter() - started < 20
    assert_sound(cube, layouts, together, 5)
    assert not small_and_determined(cube, layouts, together, 5)
    alone = [suppress(cube.table(rows, cols)) for rows, cols in layouts]
    assert small_and_determined(cube, layouts, alone, 5)  # the family does need joint protection


# -- degenerate cases --------------------------------------------------------------------------------------


def test_threshold_one_hides_nothing_and_threshold_is_checked() -> None:
    together = suppress_together(SHARED, SHARED_LAYOUTS, threshold=1)
    assert all(None not in (*r.row_totals, *r.col_totals, r.total) for r in together)
    assert all(None not in row for r in together for row in r.cells)
    for bad in (0, -3, True, 2.5):
        with pytest.raises(ValueError, match="threshold"):
            suppress_together(SHARED, SHARED_LAYOUTS, threshold=bad)  # type: ignore[arg-type]


def test_empty_cube_and_no_layouts() -> None:
    empty = Cube.from_records([], ["gender", "track"], {"gender": ["woman", "man"], "track": ["2"]})
    (result,) = suppress_together(empty, [(("gender",), ("track",))])
    assert result.to_rows() == [
        ["", "2", "Total"],
        ["woman", "0", "0"],
        ["man", "0", "0"],
        ["Total", "0", "0"],
    ]
    nothing = Cube.from_records([], ["gender", "track"])
    assert nothing.values == ((), ())
    (result,) = suppress_together(nothing, [(("gender",), ("track",))])
    assert result.to_rows() == [["", "Total"], ["Total", "0"]]
    assert suppress_together(SHARED, []) == []


def test_a_lone_small_count_hides_its_line_totals_and_the_grand_total_when_small() -> None:
    cube = Cube(("gender", "track"), (("woman", "man"), ("1.5", "2")), {("woman", "2"): 3})
    layouts: list[Layout] = [(("gender",), ("track",)), (("track",), ("gender",))]
    for result in suppress_together(cube, layouts):
        assert result.total is None and result.primary and not result.complementary
    assert_sound(cube, layouts, suppress_together(cube, layouts), 5)


# -- Cube --------------------------------------------------------------------------------------------------


def test_from_records_counts_in_the_given_order() -> None:
    records = [
        {"gender": "woman", "track": "2", "name": "ignored"},
        {"gender": "man", "track": "2"},
        {"gender": "woman", "track": "2"},
    ]
    cube = Cube.from_records(iter(records), ["gender", "track"], {"gender": ["woman", "man", "other"]})
    assert cube.dims == ("gender", "track")
    assert cube.values == (("woman", "man", "other"), ("2",))
    assert cube.counts == {("woman", "2"): 2, ("man", "2"): 1}
    assert cube == Cube(
        ("gender", "track"),
        (("woman", "man", "other"), ("2",)),
        {("woman", "2"): 2, ("man", "2"): 1, ("other", "2"): 0},
    )


def test_table_joins_values_and_sums_the_other_dimensions() -> None:
    table = HIERARCHY.table(["track"], ["gender", "age"])
    assert table == Table(
        ("Track 1.5", "Track 2"),
        ("woman × 18-29", "woman × 30+", "man × 18-29", "man × 30+"),
        ((0, 4, 6, 2), (1, 1, 2, 0)),
    )
    assert SHARED.table(["gender"], ["role"]).counts == ((20, 0), (5, 15), (2, 0))


@pytest.mark.parametrize(
    ("records", "dims", "values", "message"),
    [
        ([{"gender": "woman"}], ["gender", "track"], None, "no value for 'track'"),
        ([{"gender": "x"}], ["gender"], {"gender": ["woman"]}, "'x' is not one of the values of 'gender'"),
        ([], ["gender"], {"track": ["2"]}, "not among the dimensions"),
        ([], ["gender", "gender"], None, "dimensions must be unique"),
        ([], ["gender"], {"gender": ["a", "a"]}, "values of 'gender' must be unique"),
    ],
)
def test_from_records_is_validated(
    records: list[dict[str, str]], dims: list[str], values: dict[str, list[str]] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Cube.from_records(records, dims, values)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({("woman",): 1}, "tuple of 2 values"),
        ({("woman", "3"): 1}, "'3' is not one of the values of 'track'"),
        ({("woman", "2"): -1}, "integers >= 0"),
        ({("woman", "2"): True}, "integers >= 0"),
    ],
)
def test_cube_is_validated(counts: dict[tuple[str, ...], int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Cube(("gender", "track"), (("woman", "man"), ("2",)), counts)


@pytest.mark.parametrize(
    ("rows", "cols", "message"),
    [
        (["gender"], ["region"], "'region' is not one of the dimensions"),
        (["gender"], [], "at least one dimension"),
        (["gender"], ["gender"], "appears twice"),
        ("gender", ["track"], "sequences of dimension names"),
    ],
)
def test_layouts_are_validated(rows: list[str], cols: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SHARED.table(rows, cols)
    with pytest.raises(ValueError, match=message):
        suppress_together(SHARED, [(("gender",), ("track",)), (rows, cols)])


# -- properties --------------------------------------------------------------------------------------------


@st.composite
def cubes(
    draw: st.DrawFn, min_dims: int = 2, max_dims: int = 3, max_values: int = 3, max_count: int = 12
) -> Cube:
    n_dims = draw(st.integers(min_dims, max_dims))
    dims = tuple("abcd"[:n_dims])
    values = tuple(tuple(f"{d}{i}" for i in range(draw(st.integers(2, max_values)))) for d in dims)
    combos = list(itertools.product(*values))
    counts = draw(st.lists(st.integers(0, max_count), min_size=len(combos), max_size=len(combos)))
    return Cube(dims, values, dict(zip(combos, counts, strict=True)))


@st.composite
def layout_lists(draw: st.DrawFn, dims: tuple[str, ...], max_layouts: int = 3) -> list[Layout]:
    layouts = []
    for _ in range(draw(st.integers(2, max_layouts))):
        order = draw(st.permutations(dims))
        k = draw(st.integers(1, len(dims) - 1))
        m = draw(st.integers(k + 1, len(dims)))
        layouts.append((tuple(order[:k]), tuple(order[k:m])))
    return layouts


thresholds = st.integers(2, 6)


@settings(max_examples=150, deadline=None)
@given(cubes(), thresholds, st.data())
def test_no_small_hidden_number_is_determined_by_all_tables_together(
    cube: Cube, threshold: int, data: st.DataObject
) -> None:
    layouts = data.draw(layout_lists(cube.dims))
    together = suppress_together(cube, layouts, threshold)
    assert_sound(cube, layouts, together, threshold)
    assert not small_and_determined(cube, layouts, together, threshold)


@settings(max_examples=60, deadline=None)
@given(cubes(min_dims=4, max_dims=4, max_count=1), thresholds, st.data())
def test_tables_of_two_of_four_dimensions_are_protected(
    cube: Cube, threshold: int, data: st.DataObject
) -> None:
    # Two-dimension tables over four dimensions link up in chains, stars and cycles: the cube the module
    # reasons about is then glued from overlapping margins, which the attacker (on the whole cube) checks.
    # Cells of 0 or 1 people keep the table cells small, so that there is something to protect.
    layouts = []
    for _ in range(data.draw(st.integers(2, 4))):
        row, col = data.draw(st.permutations(cube.dims))[:2]
        layouts.append(((row,), (col,)))
    together = suppress_together(cube, layouts, threshold)
    assert_sound(cube, layouts, together, threshold)
    assert not small_and_determined(cube, layouts, together, threshold)


@settings(max_examples=60, deadline=None)
@given(cubes(max_dims=3, max_values=2, max_count=4), st.integers(2, 4), st.data())
def test_exhaustive_attacker_learns_no_small_number(cube: Cube, threshold: int, data: st.DataObject) -> None:
    layouts = data.draw(layout_lists(cube.dims))
    together = suppress_together(cube, layouts, threshold)
    assume(any(r.total is not None for r in together))
    values = exhaustive_values(cube, layouts, together)
    ranges = milp_ranges(cube, layouts, together)
    for number in published(cube, layouts, together):
        if number.shown is None:
            assert number.true in values[number.spot]  # the true cube is among those found
            if number.true < threshold:
                assert len(values[number.spot]) > 1
            # The two attackers agree on the smallest and largest value.
            assert (min(values[number.spot]), max(values[number.spot])) == (
                ranges[number.spot].start,
                ranges[number.spot].stop - 1,
            )


@settings(max_examples=60, deadline=None)
@given(cubes(), thresholds, st.data())
def test_one_layout_gives_exactly_suppress(cube: Cube, threshold: int, data: st.DataObject) -> None:
    (layout,) = data.draw(layout_lists(cube.dims, max_layouts=2))[:1]
    assert suppress_together(cube, [layout], threshold) == [suppress(cube.table(*layout), threshold)]


@settings(max_examples=40, deadline=None)
@given(cubes(), thresholds, st.data())
def test_deterministic(cube: Cube, threshold: int, data: st.DataObject) -> None:
    layouts = data.draw(layout_lists(cube.dims))
    shuffled = list(cube.counts.items())
    random.Random(1).shuffle(shuffled)
    again = Cube(cube.dims, cube.values, dict(shuffled))
    assert suppress_together(cube, layouts, threshold) == suppress_together(again, layouts, threshold)
