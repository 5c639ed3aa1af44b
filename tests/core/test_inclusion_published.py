"""One question's published tables — persons, persons by role group (the shares), one table per reference
line — suppressed together: checked by an attacker who sees every table of the output at once.

The attacker knows what a reader of the output knows: every shown number of every table, which persons
each one counts (the labels say: a group, a column value, a role group, whether the roles of a line are
held), that lines add up to their totals, that counts are whole numbers >= 0, that a row or column left
out is empty, and that a hidden number is at least 1. It builds its own units (a person in a column, in
one role group there) from the records, independently of the module, and asks an integer programme for
the smallest and largest value of every hidden number.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pytest
from scipy import optimize

from multitrack.core import inclusion
from multitrack.core.inclusion import NOT_RECORDED, Output, Record, ReferenceLine
from multitrack.core.suppression import SuppressedTable, Table, suppress, suppress_together
from tests.core.attacker import takes_another_value

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

NEGOTIATORS = ReferenceLine(
    "neg", "Women negotiators", "gender", "woman", ("negotiator",), 0.13, "1992–2019", "CFR"
)
MEDIATORS = ReferenceLine(
    "med", "Women mediators", "gender", "woman", ("facilitator", "insider_mediator"), 0.06, "1992–2019", "CFR"
)
LINES = (NEGOTIATORS, MEDIATORS)
ROLES = ["participant"] * 6 + ["observer", "negotiator", "facilitator", "insider_mediator", "funder"]
GROUP = {"participant": "presence", "observer": "presence", "funder": "other"}


def population(seed: int, persons: int = 70) -> list[Record]:
    """Persons with a gender and an age band, each taking part a few times on one or two tracks."""
    rng = random.Random(seed)
    records = []
    for p in range(persons):
        gender = rng.choices(["woman", "man", "non-binary", ""], [40, 50, 3, 4])[0]
        age = rng.choice(["youth", "adult", "elder"])
        for _ in range(rng.randint(1, 3)):
            values = {"gender": gender, "age": age, "track": rng.choice(["1", "1.5", "2"])}
            records.append(Record(f"p{p}", rng.choice(ROLES), rng.random() < 0.1, values))
    return records


def truth(records: Sequence[Record], rows: Sequence[str], column: str) -> dict[tuple[str, ...], int]:
    """The attacker's cube, built without the module: a person on a column value, the highest role group
    they held there, and per line whether they held one of its roles; counts per combination."""
    held: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for r in records:
        unit = (r.person, *((r.values.get(d) or NOT_RECORDED) for d in [*rows, column]))
        held[unit].add(r.role if not r.spoke or GROUP.get(r.role) != "presence" else "spoke")
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    for unit, roles in held.items():
        groups = {GROUP.get(role, "influence") for role in roles}
        group = next(g for g in ("influence", "presence", "other") if g in groups)
        lines = tuple("yes" if roles & set(line.roles) else "no" for line in LINES)
        counts[(*unit[1:], group, *lines)] += 1
    return counts


def layouts(output: Output) -> list[tuple[SuppressedTable, list[int], list[int]]]:
    """Each published table with the positions of its row and column dimensions in the attacker's cube
    (rows…, column, role group, line 1, line 2)."""
    n = len(output.rows)
    found = [(output.persons, list(range(n)), [n])]
    assert output.share_table is not None
    found.append((output.share_table, list(range(n)), [n, n + 1]))
    gender = output.rows.index("gender")
    for k, ref in enumerate(output.references):
        found.append((ref.table, [gender], [n, n + 2 + k]))
    return found


def pinned(output: Output, counts: dict[tuple[str, ...], int], threshold: int) -> list[str]:
    """Hidden numbers below the threshold whose value the attacker can work out, as readable spots; also
    asserts that every shown number is exact and no shown number is below the threshold."""
    values = [sorted({c[d] for c in counts}) for d in range(len(next(iter(counts))))]
    combos = list(itertools.product(*values))
    true = np.array([counts.get(c, 0) for c in combos])
    rows_a, low, high, names = [], [], [], []
    for t, (table, row_dims, col_dims) in enumerate(layouts(output)):
        row_keys = [" × ".join(k) for k in itertools.product(*(values[d] for d in row_dims))]
        col_keys = [" × ".join(k) for k in itertools.product(*(values[d] for d in col_dims))]
        for r_key, c_key in itertools.product([*row_keys, None], [*col_keys, None]):
            member = np.array(
                [
                    (r_key is None or " × ".join(c[d] for d in row_dims) == r_key)
                    and (c_key is None or " × ".join(c[d] for d in col_dims) == c_key)
                    for c in combos
                ],
                dtype=float,
            )
            shown = _shown(table, r_key, c_key)
            actual = int(member @ true)
            if shown is not None:
                assert shown == actual, (t, r_key, c_key)
            if 0 < actual < threshold:
                assert shown is None, (t, r_key, c_key, actual)
            rows_a.append(member)
            low.append(1 if shown is None else shown)
            high.append(np.inf if shown is None else shown)
            names.append((t, r_key or "Total", c_key or "Total", shown, actual))
    a = np.array(rows_a)
    constraint = optimize.LinearConstraint(a, low, high)
    leaks = []
    for k, (t, r_key, c_key, shown, actual) in enumerate(names):
        if shown is not None or actual >= threshold:
            continue
        if not takes_another_value(a[k], [constraint], actual, 10**4):  # pinned down
            leaks.append(f"table {t}, {r_key} / {c_key} = {actual}")
    return leaks


def _shown(table: SuppressedTable, r_key: str | None, c_key: str | None) -> int | None:
    """The published number at (row, column) — totals for None — or 0 where the line is left out."""
    if (r_key is not None and r_key not in table.row_labels) or (
        c_key is not None and c_key not in table.col_labels
    ):
        return 0
    i = table.row_labels.index(r_key) if r_key is not None else None
    j = table.col_labels.index(c_key) if c_key is not None else None
    if i is not None and j is not None:
        return table.cells[i][j]
    if i is not None:
        return table.row_totals[i]
    if j is not None:
        return table.col_totals[j]
    return table.total


def alone(output: Output) -> Output:
    """The same tables suppressed each on its own (what the app did before): for comparison."""

    def each(table: SuppressedTable, threshold: int) -> SuppressedTable:
        raw = Table(table.row_labels, table.col_labels, tuple(tuple(n or 0 for n in r) for r in table.cells))
        return suppress(raw, threshold)

    t = 5
    assert output.share_table is not None
    refs = [inclusion.Reference(r.line, each(r.table, t), {}, None) for r in output.references]
    return Output(
        output.rows, output.columns, t, each(output.persons, t), each(output.share_table, t), [], refs, [], 0
    )


QUESTIONS = [(("gender",), "track"), (("gender", "age"), "track")]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(("rows", "column"), QUESTIONS)
def test_no_small_count_can_be_worked_out_from_all_the_tables_of_an_output(
    seed: int, rows: tuple[str, ...], column: str
) -> None:
    records = population(seed)
    output = inclusion.publish(records, rows, column, lines=LINES, threshold=5)
    assert sum(output.hidden) > 0  # the populations are small enough that something is hidden
    assert pinned(output, truth(records, rows, column), 5) == []


def test_suppressed_each_on_its_own_the_same_tables_leak() -> None:
    """Why the tables are suppressed together: alone, some small count follows from the others."""
    leaked = []
    for seed in range(4):
        records = population(seed)
        raw = inclusion.publish(records, ("gender",), "track", lines=LINES, threshold=1)
        leaked += pinned(alone(raw), truth(records, ("gender",), "track"), 5)
    assert leaked


def test_raw_output_hides_nothing_and_adds_up() -> None:
    records = population(1)
    output = inclusion.publish(records, ("gender",), "track", lines=LINES, threshold=1)
    assert output.hidden == (0, 0)
    persons = output.persons
    crosstab = inclusion.crosstab(records, ["gender"], ["track"], {"gender": list(persons.row_labels)})
    assert (persons.row_labels, persons.col_labels) == (crosstab.row_labels, crosstab.col_labels)
    assert persons.cells == crosstab.counts
    # the shares table is the persons table split by role group
    assert output.share_table is not None
    split = output.share_table
    for i, row in enumerate(split.row_labels):
        for j, track in enumerate(persons.col_labels):
            parts = [split.cells[i][k] for k, c in enumerate(split.col_labels) if c.startswith(f"{track} × ")]
            assert sum(n or 0 for n in parts) == persons.cells[persons.row_labels.index(row)][j]
    # the reference share here is women among the persons holding the line's roles, per track
    negotiators = {(r.person, r.values["track"]) for r in records if r.role == "negotiator"}
    women = {
        (r.person, r.values["track"])
        for r in records
        if r.role == "negotiator" and r.values["gender"] == "woman"
    }
    here = output.references[0].here
    for track in {t for _, t in negotiators}:
        mine = [u for u in negotiators if u[1] == track]
        assert here[track] == pytest.approx(len([u for u in women if u[1] == track]) / len(mine))


def test_flags_per_column_from_the_shares_table() -> None:
    records = [
        Record("w1", "participant", values={"gender": "woman", "initiative": "A"}),
        Record("w2", "participant", values={"gender": "woman", "initiative": "A"}),
        Record("m1", "negotiator", values={"gender": "man", "initiative": "A"}),
        Record("m2", "participant", values={"gender": "man", "initiative": "A"}),
        Record("w1", "facilitator", values={"gender": "woman", "initiative": "B"}),
        Record("m1", "participant", values={"gender": "man", "initiative": "B"}),
        Record("w3", "participant", values={"gender": "woman", "initiative": "C"}),  # nobody holds influence
    ]
    raw = inclusion.publish(records, ["gender"], "initiative", threshold=1)
    assert raw.flags == [inclusion.Flag("A", "woman", 2, 1), inclusion.Flag("B", "man", 1, 1)]
    assert {(f.unit, f.group, f.present) for f in raw.flags} == {
        (f.unit, f.group, f.present) for f in inclusion.tokenism(records, ["gender"])
    }
    # published, the flag still says who is present without influence; the small count is withheld
    published = inclusion.publish(records, ["gender"], "initiative", threshold=5)
    assert published.flags is not None
    assert {(f.unit, f.group) for f in published.flags} <= {("A", "woman"), ("B", "man")}
    assert all(f.present is None for f in published.flags)


def test_one_role_group_per_person_and_column() -> None:
    """Someone present at one event and facilitating another on the same track counts once, with
    influence; on another track they count again, in the role group they held there."""
    records = [
        Record("a", "participant", values={"gender": "woman", "track": "2"}),
        Record("a", "facilitator", values={"gender": "woman", "track": "2"}),
        Record("a", "participant", values={"gender": "woman", "track": "1"}),
        Record("b", "observer", spoke=True, values={"gender": "man", "track": "2"}),
        Record("c", "rapporteur", values={"gender": "man", "track": "2"}),
    ]
    output = inclusion.publish(records, ["gender"], "track", threshold=1)
    assert output.share_table is not None
    cells = dict(zip(output.share_table.row_labels, output.share_table.cells, strict=True))
    labels = output.share_table.col_labels
    assert dict(zip(labels, cells["woman"], strict=True)) == {
        "1 × presence": 1,  # no "2 × presence": on track 2 everyone in the room has influence
        "2 × influence": 1,
        "2 × other": 0,
    }
    assert dict(zip(labels, cells["man"], strict=True))["2 × influence"] == 1  # he spoke
    assert dict(zip(labels, cells["man"], strict=True))["2 × other"] == 1  # the rapporteur
    assert dict(zip(output.persons.row_labels, output.persons.cells, strict=True)) == {
        "woman": (1, 1),
        "man": (0, 2),
    }


def test_questions_without_shares_and_filters() -> None:
    records = population(2)
    by_role = inclusion.publish(records, ["gender"], "role", lines=LINES, threshold=5)
    assert by_role.share_table is None and by_role.shares == [] and by_role.flags is None
    assert "negotiator" in {c.rpartition(" × ")[0] for c in by_role.references[0].table.col_labels}
    overall = inclusion.publish(records, ["gender"], None, lines=LINES, threshold=5)
    assert overall.persons.col_labels == ("persons",)
    assert {s.column for s in overall.shares} == {"all"} and set(overall.references[0].here) == {"all"}
    heard = inclusion.publish(records, ["gender"], "track", role_group="influence", threshold=1)
    everyone = inclusion.publish(records, ["gender"], "track", threshold=1)
    assert heard.share_table is None
    assert heard.persons.total is not None and everyone.persons.total is not None
    assert 0 < heard.persons.total < everyone.persons.total
    with pytest.raises(inclusion.InclusionError, match="at least one dimension"):
        inclusion.publish(records, [], "track")


def test_the_same_question_is_answered_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return suppress_together(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inclusion, "suppress_together", counted)
    records = population(3)
    first = inclusion.publish(records, ["gender", "age"], "track", lines=LINES, threshold=4)
    again = inclusion.publish(records, ["gender", "age"], "track", lines=LINES, threshold=4)
    assert len(calls) == 1 and again == first  # remembered, not computed again
    inclusion.publish(records[1:], ["gender", "age"], "track", lines=LINES, threshold=4)
    assert len(calls) == 2  # other counts: computed
