"""Inclusion analytics: who is in the room, in which role, on which track, over time.

The unit is a participation record: a person (by a stable id or pseudonym, never a name), a role, whether
they spoke, and the values of the dimensions an analysis can use — the person's gender, age band and any
attribute the organisation defines (ethnicity, religion, disability, displacement …), and the
participation's track, Lederach level, initiative, context and period. A missing value is "not recorded"
and stays visible as such: nothing is inferred.

Counts are of **distinct persons** in each cell: a person counts once per cell, however many events they
attended, and once in each cell they belong to (someone present on two tracks counts on both). Totals are
sums of cells, so that tables add up and can be protected by small-cell suppression
(`multitrack.core.suppression`).

Roles fall into two groups (the brief's concern with tokenism, DOMAIN.md §1.6 I5): **presence** —
participants and observers who are in the room — and **influence** — those who shape what happens:
facilitators, conveners, negotiators, signatories, insider mediators, resource persons, and anyone recorded
as having spoken. Funders and rapporteurs are neither. Comparing a group's share of presence with its share
of influence shows whether it is heard or only counted; a group present in an initiative but holding no
influence role there is flagged.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from multitrack.core import vocab
from multitrack.core.suppression import SuppressedTable, Table

NOT_RECORDED = "not recorded"
PRESENCE, INFLUENCE, OTHER = "presence", "influence", "other"
ROLE_GROUPS: Mapping[str, str] = {
    "participant": PRESENCE,
    "observer": PRESENCE,
    "convener": INFLUENCE,
    "facilitator": INFLUENCE,
    "negotiator": INFLUENCE,
    "signatory": INFLUENCE,
    "insider_mediator": INFLUENCE,
    "resource_person": INFLUENCE,
    "funder": OTHER,
    "rapporteur": OTHER,
}
SEPARATOR = " × "  # between the values of an intersection: "woman × youth × displaced"
# Dimensions every record has, beside the person's attributes.
ROLE, ROLE_GROUP = "role", "role_group"
FILE_COLUMNS = ("person", "gender", "track", "role", "period")


class InclusionError(ValueError):
    """Input that cannot be analysed; the message says where (file, row, field) and what was wrong."""


@dataclass(frozen=True)
class Record:
    person: str
    role: str
    spoke: bool = False
    values: Mapping[str, str] = field(default_factory=dict)  # dimension -> value ("" = not recorded)

    @property
    def group(self) -> str:
        """presence, influence or other; a participant or observer who spoke has influence."""
        group = ROLE_GROUPS.get(self.role, OTHER)
        return INFLUENCE if self.spoke and group == PRESENCE else group

    def value(self, dimension: str) -> str:
        if dimension == ROLE:
            return self.role
        if dimension == ROLE_GROUP:
            return self.group
        return self.values.get(dimension, "") or NOT_RECORDED


def key(record: Record, dimensions: Sequence[str]) -> tuple[str, ...]:
    return tuple(record.value(d) for d in dimensions)


def label(values: Sequence[str]) -> str:
    return SEPARATOR.join(values)


def count(records: Iterable[Record], dimensions: Sequence[str]) -> dict[tuple[str, ...], int]:
    """Distinct persons per combination of the dimensions' values."""
    persons: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for record in records:
        persons[key(record, dimensions)].add(record.person)
    return {combination: len(people) for combination, people in persons.items()}


def ordered(values: Iterable[str], known: Sequence[str] = ()) -> list[str]:
    """`known` values first in their order, then the others sorted, "not recorded" last."""
    seen = set(values)
    first = [v for v in known if v in seen]
    rest = sorted(v for v in seen if v not in set(known) and v != NOT_RECORDED)
    return first + rest + ([NOT_RECORDED] if NOT_RECORDED in seen else [])


def crosstab(
    records: Sequence[Record],
    rows: Sequence[str],
    cols: Sequence[str],
    order: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Distinct persons by the intersection of the `rows` dimensions (one row per combination seen) and
    of the `cols` dimensions. With no `cols`, one column "persons"."""
    if not rows:
        raise InclusionError("give at least one dimension for the rows")
    order = order or {}
    counts = count(records, [*rows, *cols])
    row_keys = _combinations([k[: len(rows)] for k in counts], rows, order)
    col_keys = _combinations([k[len(rows) :] for k in counts], cols, order) if cols else [()]
    return Table(
        tuple(label(r) for r in row_keys),
        tuple(label(c) for c in col_keys) if cols else ("persons",),
        tuple(tuple(counts.get((*r, *c), 0) for c in col_keys) for r in row_keys),
    )


def _combinations(
    keys: Iterable[tuple[str, ...]], dimensions: Sequence[str], order: Mapping[str, Sequence[str]]
) -> list[tuple[str, ...]]:
    distinct = set(keys)
    rank = {
        d: {v: i for i, v in enumerate(ordered({k[n] for k in distinct}, order.get(d, ())))}
        for n, d in enumerate(dimensions)
    }
    return sorted(distinct, key=lambda k: tuple(rank[d][k[n]] for n, d in enumerate(dimensions)))


@dataclass(frozen=True)
class Share:
    """One group's place in one column (a track, a period …): persons present and with influence.
    None marks a number withheld by small-cell suppression; a share resting on one is withheld too."""

    column: str
    group: str
    present: int | None  # persons of the group in a presence role
    influential: int | None  # persons of the group in an influence role
    present_all: int | None  # persons in a presence role, all groups
    influential_all: int | None

    @property
    def presence_share(self) -> float | None:
        return _ratio(self.present, self.present_all)

    @property
    def influence_share(self) -> float | None:
        return _ratio(self.influential, self.influential_all)

    @property
    def gap(self) -> float | None:
        """Share of influence minus share of presence: below 0, the group is more counted than heard."""
        if self.presence_share is None or self.influence_share is None:
            return None
        return self.influence_share - self.presence_share


def _ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def share_table(
    records: Sequence[Record],
    groups: Sequence[str],
    over: Sequence[str] = (),
    order: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Distinct persons by group (rows) and by each value of `over` × presence/influence (columns): the
    table that `shares` reads, to be suppressed before it is published."""
    kept = [r for r in records if r.group in (PRESENCE, INFLUENCE)]
    return crosstab(kept, groups, [*over, ROLE_GROUP], {**(order or {}), ROLE_GROUP: [PRESENCE, INFLUENCE]})


def shares(table: Table | SuppressedTable) -> list[Share]:
    """Each group's share of presence and of influence per column, from `share_table` (suppressed or
    not). Persons are partitioned by group, so a column's total is everyone present (or heard) there."""
    if isinstance(table, Table):
        cells: Sequence[Sequence[int | None]] = table.counts
        totals: Sequence[int | None] = [sum(col) for col in zip(*table.counts, strict=True)] or [0] * len(
            table.col_labels
        )
    else:
        cells, totals = table.cells, table.col_totals
    index: dict[tuple[str, str], int] = {}
    for j, name in enumerate(table.col_labels):
        column, _, group = name.rpartition(SEPARATOR)
        index[(column or "all", group)] = j
    columns = list(dict.fromkeys(column for column, _ in index))
    out = []
    for column in columns:
        p, i = index.get((column, PRESENCE)), index.get((column, INFLUENCE))
        for row, group in zip(cells, table.row_labels, strict=True):
            present = row[p] if p is not None else 0
            heard = row[i] if i is not None else 0
            if present == 0 and heard == 0:
                continue
            out.append(
                Share(
                    column,
                    group,
                    present,
                    heard,
                    totals[p] if p is not None else 0,
                    totals[i] if i is not None else 0,
                )
            )
    return out


@dataclass(frozen=True)
class Flag:
    """A group present in an initiative (or other unit) that holds no influence role there."""

    unit: str
    group: str
    present: int
    influence_roles: int  # persons in influence roles in the unit, all groups


def tokenism(records: Sequence[Record], groups: Sequence[str], unit: str = "initiative") -> list[Flag]:
    """Per `unit`, the groups with persons present and none in an influence role, where the unit does
    have influence roles (otherwise nobody holds influence and the flag would say nothing)."""
    present = count((r for r in records if r.group == PRESENCE), [unit, *groups])
    influential = count((r for r in records if r.group == INFLUENCE), [unit, *groups])
    heard_in_unit = count((r for r in records if r.group == INFLUENCE), [unit])
    flags = [
        Flag(k[0], label(k[1:]), n, heard_in_unit.get(k[:1], 0))
        for k, n in present.items()
        if not influential.get(k) and heard_in_unit.get(k[:1], 0)
    ]
    return sorted(flags, key=lambda f: (f.unit, -f.present, f.group))


@dataclass(frozen=True)
class ReferenceLine:
    """A published baseline: the share of a group (persons whose `dimension` is `value`) among persons in
    `roles`, over `period`, with its source — drawn beside an organisation's own figures."""

    key: str
    title: str
    dimension: str
    value: str
    roles: tuple[str, ...]
    share: float
    period: str
    source: str
    url: str = ""


def role_table(
    records: Sequence[Record],
    dimension: str,
    roles: Sequence[str],
    over: Sequence[str] = (),
    order: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Distinct persons holding one of `roles`, by the values of `dimension` (rows) and of `over`
    (columns): the basis of a comparison with a reference line, to be suppressed before publication."""
    return crosstab([r for r in records if r.role in roles], [dimension], list(over), order)


def share_of(table: Table | SuppressedTable, value: str) -> dict[str, float | None]:
    """Per column of a `role_table`, the share of the row `value` (None where a number it needs is
    withheld, or nobody holds the roles)."""
    if isinstance(table, Table):
        totals: Sequence[int | None] = [sum(col) for col in zip(*table.counts, strict=True)] or [0] * len(
            table.col_labels
        )
        rows: Sequence[Sequence[int | None]] = table.counts
    else:
        totals, rows = table.col_totals, table.cells
    if value not in table.row_labels:  # nobody of the group holds the roles: 0 where anybody does
        return {c: (0.0 if t else None) for c, t in zip(table.col_labels, totals, strict=True)}
    row = rows[table.row_labels.index(value)]
    return {c: _ratio(n, t) for c, n, t in zip(table.col_labels, row, totals, strict=True)}


def read_file(text: str, name: str = "the file") -> list[Record]:
    """Participation records from CSV with header `person,gender,track,role,period[,<other attributes>]`.
    A `spoke` column, if any, is read as yes/no; every other extra column is an attribute. Roles are the
    codes of the participant-role vocabulary. The whole file is checked: every problem is reported with
    its row and field."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in FILE_COLUMNS if c not in header]
    if missing:
        raise InclusionError(
            f"{name}: the header lacks {', '.join(missing)}; it must start with {','.join(FILE_COLUMNS)}"
        )
    doubled = sorted({h for h in header if header.count(h) > 1})
    if doubled:
        raise InclusionError(f"{name}: column {', '.join(doubled)} appears more than once in the header")
    roles = vocab.PARTICIPANT_ROLES.codes()
    problems: list[str] = []
    records: list[Record] = []
    for row_number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append(f"{name}, row {row_number}: more values than columns in the header")
            continue
        if not any(row.values()):
            continue
        if not row["person"]:
            problems.append(f"{name}, row {row_number}, field person: empty; give an id or pseudonym")
        if row["role"] not in roles:
            problems.append(
                f"{name}, row {row_number}, field role: unknown code {row['role']!r}; "
                f"expected one of: {', '.join(roles)}"
            )
        spoke = row.pop("spoke", "").lower()
        if spoke not in {"", "yes", "no", "true", "false", "1", "0"}:
            problems.append(f"{name}, row {row_number}, field spoke: {spoke!r} is not yes or no")
        values = {k: v for k, v in row.items() if k not in {"person", "role"}}
        records.append(Record(row["person"], row["role"], spoke in {"yes", "true", "1"}, values))
    if problems:
        shown = problems[:20]
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise InclusionError("; ".join(shown) + more)
    return records


def dimensions_of(records: Sequence[Record]) -> list[str]:
    """The dimensions these records can be analysed by."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record.values))
    return [*seen, ROLE, ROLE_GROUP]
