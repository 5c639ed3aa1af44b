"""Counting shared persons across organisations' initiatives from encodings, with small-cell suppression."""

from __future__ import annotations

import dataclasses
import itertools
import random

import numpy as np
import pytest

from multitrack.core.linkage import (
    Encoder,
    IncompatibleEncodings,
    LinkageKey,
    OverlapReport,
    ParticipantRecord,
    Submission,
    count_overlaps,
    dice_rows,
    persons,
)
from multitrack.core.linkage.overlap import _hidden_pairs

KEY = LinkageKey(b"overlap-test-secret-of-32-bytes!")
ROTATED = LinkageKey(b"the-next-secret-after-rotation!!")
LETTERS = "bcdfghklmnprstvz"


def people(n: int, seed: int = 3) -> list[ParticipantRecord]:
    """`n` distinct persons with unrelated names (nobody's name is close to another's)."""
    rng = random.Random(seed)

    def part() -> str:
        return "".join(rng.choice(LETTERS) + rng.choice("aeiou") for _ in range(4)).title()

    return [ParticipantRecord(f"{part()} {part()}", rng.randrange(1950, 2000)) for _ in range(n)]


def submission(org: str, rows: list[tuple[str, ParticipantRecord]], key: LinkageKey = KEY) -> Submission:
    return Submission(org, tuple(i for i, _ in rows), Encoder(key).encode(r for _, r in rows))


def scenario(key_b: LinkageKey = KEY) -> list[Submission]:
    """Persons 0-9 in A/a1 and A/a2; 0-5 also in B/b1, spelled differently there; 6-8 in B/b1 too;
    20-29 in B/b1 and C/c1; 30-32 in A/a1 and C/c1; 40-49 only in A/a2 (nobody else)."""
    p = people(50)
    variant = [dataclasses.replace(r, name=", ".join(reversed(r.name.upper().split()))) for r in p]
    a = [("a1", p[i]) for i in [*range(10), 30, 31, 32]] + [
        ("a2", p[i]) for i in [*range(10), *range(40, 50)]
    ]
    b = [("b1", variant[i]) for i in range(9)] + [("b1", p[i]) for i in range(20, 30)]
    c = [("c1", p[i]) for i in [*range(20, 30), 30, 31, 32]]
    return [submission("A", a), submission("B", b, key_b), submission("C", c)]


def test_counts_of_shared_persons_per_pair_of_initiatives_and_per_band():
    report = count_overlaps(scenario(), min_cell=1)
    assert report.pair_count(("A", "a1"), ("A", "a2")) == 10
    assert report.pair_count(("A", "a2"), ("A", "a1")) == 10
    assert report.pair_count(("A", "a1"), ("B", "b1")) == 9
    assert report.pair_count(("A", "a2"), ("B", "b1")) == 9
    assert report.pair_count(("B", "b1"), ("C", "c1")) == 10
    assert report.pair_count(("A", "a1"), ("C", "c1")) == 3
    assert report.pair_count(("A", "a2"), ("C", "c1")) == 0
    assert len(report.pairs) == 5  # pairs nobody shares are not listed
    # persons 0-8: 3 initiatives of 2 organisations; 9: 2 of 1; 20-29, 30-32: 2 of 2
    assert report.bands.cells == ((1, 13, 0), (0, 9, 0), (0, 0, 0))
    assert report.bands.total == 23
    assert report.key_id == KEY.key_id and report.min_cell == 1


def test_small_counts_are_suppressed_with_a_complementary_count_and_totals_cannot_reveal_them():
    report = count_overlaps(scenario())  # min_cell 5
    counts = {(p.first, p.second): p.persons for p in report.pairs}
    assert counts[(("A", "a1"), ("C", "c1"))] is None  # 3 persons
    # the only small pair across organisations: the smallest other one there (9, first) is hidden too
    assert {pair for pair, n in counts.items() if n is None} == {
        (("A", "a1"), ("C", "c1")),
        (("A", "a1"), ("B", "b1")),
    }
    assert counts[(("A", "a1"), ("A", "a2"))] == 10 and counts[(("B", "b1"), ("C", "c1"))] == 10
    # band table: the 1 (2 initiatives of 1 organisation) is hidden, and so are enough others that no
    # row or column with a hidden number has only one
    bands = report.bands
    assert bands.cells[0][0] is None and (0, 0) in bands.primary and bands.complementary
    grid = [[*row, total] for row, total in zip(bands.cells, bands.row_totals, strict=True)]
    grid.append([*bands.col_totals, bands.total])
    for line in [*grid, *zip(*grid, strict=True)]:
        assert sum(n is None for n in line) != 1


@pytest.mark.parametrize("seed", range(30))
def test_pair_suppression_never_leaves_a_hidden_count_pinned_by_its_group_sum(seed):
    rng = random.Random(seed)
    n_pairs = rng.randint(1, 8)
    counts = {(i, i + 1): rng.choice([0, 1, 1, 2, 3, 4, 5, 7, 12, 30]) for i in range(n_pairs)}
    counts = {p: n for p, n in counts.items() if n}
    same = {p: rng.random() < 0.5 for p in counts}
    hidden = _hidden_pairs(counts, same, 5)
    assert {p for p, n in counts.items() if n < 5} <= hidden
    for group in (True, False):
        mine = [p for p in hidden if same[p] == group]
        members = [p for p in counts if same[p] == group]
        if mine and len(mine) < len(members):  # something of the group is still shown
            assert len(mine) >= 2 and sum(counts[p] for p in mine) > len(mine)


def test_persons_chain_through_matches_and_a_repeated_record_is_one_person():
    names = [
        "Bartholomew Kowalczykowski",
        "Bartholomew Kowalczykowsky",
        "Bartolomew Kowalczykowsky",
        "Bartolomew Kovalczykowsky",
        "Zyx Wvu",
        "Zyx Wvu",
    ]
    batch = Encoder(KEY).encode_names(names)
    labels = persons(batch, 0.9).tolist()
    # neighbours match at 0.9, the ends do not: still one person (connected components)
    assert labels[0] == labels[1] == labels[2] == labels[3] != labels[4] == labels[5]
    assert float(dice_rows(batch.take([0]), batch.take([3]))[0]) < 0.85
    assert [float(dice_rows(batch.take([i]), batch.take([i + 1]))[0]) >= 0.9 for i in range(3)] == [True] * 3


def test_a_person_listed_twice_in_one_initiative_counts_once():
    p = people(6)
    subs = [
        submission("A", [("a1", r) for r in p] + [("a1", p[0])]),
        submission("B", [("b1", r) for r in p]),
    ]
    report = count_overlaps(subs, min_cell=1)
    assert report.pair_count(("A", "a1"), ("B", "b1")) == 6
    assert report.bands.total == 6


def test_the_report_holds_counts_only():
    report = count_overlaps(scenario())
    assert {f.name for f in dataclasses.fields(OverlapReport)} == {
        "pairs",
        "bands",
        "min_cell",
        "threshold",
        "key_id",
    }
    for pair in report.pairs:
        assert pair.persons is None or isinstance(pair.persons, int)
        assert {f.name for f in dataclasses.fields(pair)} == {"first", "second", "persons"}
    values = [n for row in report.bands.cells for n in row]
    assert all(n is None or isinstance(n, int) for n in values)
    assert not any(isinstance(v, np.ndarray) for v in vars(report).values())


def test_submissions_under_another_key_or_a_rotated_out_key_are_refused():
    with pytest.raises(IncompatibleEncodings, match="cannot be compared"):
        count_overlaps(scenario(key_b=ROTATED))
    with pytest.raises(
        IncompatibleEncodings, match=r"^A: encodings of key .* every organisation must encode again"
    ):
        count_overlaps(scenario(), key=ROTATED)
    assert count_overlaps(scenario(), key=KEY).key_id == KEY.key_id


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="min_cell"):
        count_overlaps(scenario(), min_cell=0)
    with pytest.raises(ValueError, match="no submission"):
        count_overlaps([])
    with pytest.raises(ValueError, match="A: 1 initiatives given for 2 encodings"):
        Submission("A", ("a1",), Encoder(KEY).encode(people(2)))


def test_every_pair_of_initiatives_is_counted_once_across_many_initiatives():
    p = people(40, seed=9)
    # person i takes part in initiatives i % 5 and (i + 1) % 5 of organisation "O", and in "P"/"p" if even
    rows = [(f"o{k}", r) for i, r in enumerate(p) for k in sorted({i % 5, (i + 1) % 5})]
    subs = [submission("O", rows), submission("P", [("p", r) for i, r in enumerate(p) if i % 2 == 0])]
    report = count_overlaps(subs, min_cell=1)
    expected: dict[tuple[tuple[str, str], tuple[str, str]], int] = {}
    for i in range(40):
        mine = sorted(
            {("O", f"o{i % 5}"), ("O", f"o{(i + 1) % 5}")} | ({("P", "p")} if i % 2 == 0 else set())
        )
        for pair in itertools.combinations(mine, 2):
            expected[pair] = expected.get(pair, 0) + 1
    assert {(p.first, p.second): p.persons for p in report.pairs} == expected
