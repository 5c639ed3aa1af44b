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
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from multitrack.core import vocab
from multitrack.core.suppression import Cube, SuppressedTable, Table, suppress_together

NOT_RECORDED = "not recorded"
PRESENCE, INFLUENCE, OTHER = "presence", "influence", "other"
CONSULTATION_ROLE = "consultation_participant"
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
    # Community consultations: voting is presence; an author of an accepted statement counts as one who
    # spoke (influence), see Record.group.
    CONSULTATION_ROLE: PRESENCE,
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
    """One group's place in one column (a track, a period …). Each person counts in one role group per
    column: influence if they held any influence role there, else presence. `present` are the group's
    persons in the room without an influence role, `influential` those with one; the share of presence
    is the group's share of everyone in the room (both), the share of influence its share of those with
    influence. None marks a number withheld by small-cell suppression; a share resting on one is
    withheld too."""

    column: str
    group: str
    present: int | None  # persons of the group in the room with no influence role there
    influential: int | None  # persons of the group in an influence role
    present_all: int | None  # persons in the room with no influence role, all groups
    influential_all: int | None

    @property
    def in_room(self) -> int | None:
        return _plus(self.present, self.influential)

    @property
    def presence_share(self) -> float | None:
        """The group's share of everyone in the room (present or with influence)."""
        return _ratio(self.in_room, _plus(self.present_all, self.influential_all))

    @property
    def influence_share(self) -> float | None:
        return _ratio(self.influential, self.influential_all)

    @property
    def gap(self) -> float | None:
        """Share of influence minus share of presence: below 0, the group is more counted than heard."""
        if self.presence_share is None or self.influence_share is None:
            return None
        return self.influence_share - self.presence_share


def _plus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _ratio(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def share_table(
    records: Sequence[Record],
    groups: Sequence[str],
    over: Sequence[str] = (),
    order: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Persons by group (rows) and by each value of `over` × role group (columns), each person in one role
    group per column (influence if they held any influence role there, else presence, else other): the
    table that `shares` reads. Unsuppressed; `publish` gives it suppressed with the tables it goes with."""
    if len(over) > 1:
        raise InclusionError("compare across one dimension at a time")
    output = publish(records, groups, over[0] if over else None, order=order, threshold=1)
    if output.share_table is None:
        raise InclusionError("no shares across role or within role groups: choose other dimensions")
    t = output.share_table
    return Table(t.row_labels, t.col_labels, tuple(tuple(n or 0 for n in row) for row in t.cells))


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
    present: int | None  # None: suppressed (a small group; the flag itself says only that it is not 0)
    influence_roles: int | None  # persons in influence roles in the unit, all groups


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
    return sorted(flags, key=lambda f: (f.unit, -(f.present or 0), f.group))


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


# One output, published together ------------------------------------------------------------------------
#
# The page, its CSV and chart, the API and the CLI publish, for one question (groups as rows, one column
# dimension), several tables of the same persons: persons per group and column, the same split by role
# group (for the shares), and per reference line the persons holding its roles by the line's dimension.
# They overlap (the persons table is the shares table summed over role groups), so they are suppressed
# together (`suppress_together`) as aggregations of one cube whose unit is a person in a column.

ALL = "_all"  # a dimension with one value, for a table with a single column of persons
PERSONS = "persons"
YES, NO = "yes", "no"
_GROUP_RANK = {OTHER: 0, PRESENCE: 1, INFLUENCE: 2}


def line_dimension(line: ReferenceLine) -> str:
    """The cube's dimension saying whether a person holds one of the line's roles (yes / no)."""
    return f"_line:{line.key}"


@dataclass(frozen=True)
class Reference:
    """A reference line beside the same share here: per column (or "all"), the share of the line's group
    among the persons holding its roles; None where nobody does or a number it needs is withheld."""

    line: ReferenceLine
    table: SuppressedTable  # the line's dimension × (column ×) holds the roles yes / no
    here: dict[str, float | None]
    persons: int | None  # persons holding the roles, all columns (None: withheld)


@dataclass(frozen=True)
class Output:
    """Everything one question publishes, suppressed together (threshold 1: raw counts)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]  # the column dimensions (none: overall); several: their combinations
    threshold: int
    persons: SuppressedTable  # distinct persons by group × column
    share_table: SuppressedTable | None  # the same split by role group (None: no shares for this column)
    shares: list[Share]
    references: list[Reference]
    flags: list[Flag] | None  # groups present without influence, per column value (None: no shares)
    units: int  # persons in a column counted (before suppression; not for publication)

    @property
    def hidden(self) -> tuple[int, int]:
        """Cells below the threshold and cells hidden to protect them, over every table published."""
        tables = [self.persons, *([self.share_table] if self.share_table else [])]
        tables += [r.table for r in self.references]
        return sum(len(t.primary) for t in tables), sum(len(t.complementary) for t in tables)


def units(
    records: Iterable[Record], keys: Sequence[str], lines: Sequence[ReferenceLine] = ()
) -> list[dict[str, str]]:
    """One unit per person and combination of the `keys` dimensions' values (a person in a column), with
    its role group — influence if any of its records has an influence role (or spoke), else presence if
    any has a presence role, else other — and, per reference line, whether it holds one of the roles."""
    groups: dict[tuple[str, ...], str] = {}
    roles: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for record in records:
        unit = (record.person, *key(record, keys))
        group = record.group
        if unit not in groups or _GROUP_RANK[group] > _GROUP_RANK[groups[unit]]:
            groups[unit] = group
        roles[unit].add(record.role)
    out = []
    for unit, group in groups.items():
        values = dict(zip(keys, unit[1:], strict=True))
        values[ROLE_GROUP] = group
        values[ALL] = PERSONS
        for line in lines:
            values[line_dimension(line)] = YES if roles[unit] & set(line.roles) else NO
        out.append(values)
    return out


def publish(
    records: Sequence[Record],
    rows: Sequence[str],
    column: str | Sequence[str] | None,
    *,
    lines: Sequence[ReferenceLine] = (),
    order: Mapping[str, Sequence[str]] | None = None,
    threshold: int = 5,
    role_group: str = "",
) -> Output:
    """The tables one question publishes — persons by the intersection of `rows` across `column`, the
    same by role group (shares of presence and influence, tokenism flags), and one table per reference
    line — suppressed together at `threshold` (1: raw counts), so that no count below it can be worked
    out from all of them at once. `column` None compares overall; several column dimensions (track and
    period: each track over time) make one column per combination seen; `role_group` keeps one group.

    The unit is a person in a column: someone on two tracks counts on both (as in `crosstab`), and in
    one role group on each. Shares need a column other than role (a person may hold several roles)."""
    rows = list(dict.fromkeys(rows))
    if not rows:
        raise InclusionError("give at least one dimension for the rows")
    columns = [column] if isinstance(column, str) else list(column or ())
    columns = [c for c in dict.fromkeys(columns) if c not in rows]
    if ROLE_GROUP in columns and len(columns) > 1:
        raise InclusionError("role group is a column on its own, not combined with others")
    order = order or {}
    lines = [line for line in lines if line.dimension not in (ROLE, ROLE_GROUP)]
    wanted = [*rows, *columns, *(line.dimension for line in lines)]
    keys = [d for d in dict.fromkeys(wanted) if d != ROLE_GROUP]
    found = units(records, keys, lines)
    if role_group:
        found = [u for u in found if u[ROLE_GROUP] == role_group]
    dims = [*keys, ROLE_GROUP, *(line_dimension(line) for line in lines), ALL]
    values = {d: ordered({u[d] for u in found}, order.get(d, ())) for d in keys}
    values[ROLE_GROUP] = [PRESENCE, INFLUENCE, OTHER]
    values.update({line_dimension(line): [YES, NO] for line in lines})
    values[ALL] = [PERSONS]
    cube = Cube.from_records(found, dims, values)

    layouts: list[tuple[list[str], list[str]]] = [(rows, columns or [ALL])]
    with_shares = not role_group and ROLE not in columns and ROLE_GROUP not in rows
    if with_shares:
        layouts.append((rows, [*(c for c in columns if c != ROLE_GROUP), ROLE_GROUP]))
    overs = [[c for c in columns if c != line.dimension] for line in lines]
    for line, over in zip(lines, overs, strict=True):
        layouts.append(([line.dimension], [*over, line_dimension(line)]))
    tables = _together(cube, layouts, threshold)
    # lines nobody is in are left out; a reference line's columns stay (nobody holding its roles says so)
    tables = [without_empty_lines(t) for t in tables[: len(tables) - len(lines)]] + tables[
        len(tables) - len(lines) :
    ]

    persons, rest = tables[0], tables[1:]
    share_table = rest.pop(0) if with_shares else None
    references = []
    for line, table, over in zip(lines, rest, overs, strict=True):
        here = _line_share(table, line.value, bool(over))
        held = [n for label_, n in zip(table.col_labels, table.col_totals, strict=True) if _yes(label_)]
        references.append(Reference(line, table, here, None if None in held else sum(n or 0 for n in held)))
    return Output(
        tuple(rows),
        tuple(columns),
        threshold,
        persons,
        share_table,
        shares(share_table) if share_table else [],
        references,
        flags(share_table) if share_table and columns and ROLE_GROUP not in columns else None,
        len(found),
    )


def _yes(col_label: str) -> bool:
    return col_label.rpartition(SEPARATOR)[2] == YES


def _line_share(table: SuppressedTable, value: str, per_column: bool) -> dict[str, float | None]:
    """Per column (or "all"), the share of the row `value` among the persons holding the line's roles."""
    at = table.row_labels.index(value) if value in table.row_labels else None
    here: dict[str, float | None] = {}
    for j, name in enumerate(table.col_labels):
        if not _yes(name):
            continue
        column = name.rpartition(SEPARATOR)[0] if per_column else "all"
        total = table.col_totals[j]
        if at is None:  # nobody of the group holds the roles: 0 where anybody does
            here[column] = 0.0 if total else None
        else:
            here[column] = _ratio(table.cells[at][j], total)
    return here


def flags(table: SuppressedTable) -> list[Flag]:
    """From a shares table (suppressed or not): per column value, the groups in the room there with nobody
    in an influence role, where others do hold one — read from published numbers only."""
    index: dict[tuple[str, str], int] = {}
    for j, name in enumerate(table.col_labels):
        column, _, group = name.rpartition(SEPARATOR)
        index[(column, group)] = j
    out = []
    for column in dict.fromkeys(c for c, _ in index):
        p, i = index.get((column, PRESENCE)), index.get((column, INFLUENCE))
        if p is None or i is None or table.col_totals[i] == 0:
            continue
        for group, row in zip(table.row_labels, table.cells, strict=True):
            if row[i] == 0 and row[p] != 0:
                out.append(Flag(column, group, row[p], table.col_totals[i]))
    return out


def without_empty_lines(table: SuppressedTable) -> SuppressedTable:
    """The table without rows and columns whose total is 0 (every cell 0; nothing hidden in them)."""
    keep_r = [i for i, n in enumerate(table.row_totals) if n != 0]
    keep_c = [j for j, n in enumerate(table.col_totals) if n != 0]
    if len(keep_r) == len(table.row_labels) and len(keep_c) == len(table.col_labels):
        return table
    at_r = {i: a for a, i in enumerate(keep_r)}
    at_c = {j: b for b, j in enumerate(keep_c)}

    def moved(entries: frozenset[tuple[int, int]]) -> frozenset[tuple[int, int]]:
        return frozenset((at_r[i], at_c[j]) for i, j in entries)

    return SuppressedTable(
        tuple(table.row_labels[i] for i in keep_r),
        tuple(table.col_labels[j] for j in keep_c),
        tuple(tuple(table.cells[i][j] for j in keep_c) for i in keep_r),
        tuple(table.row_totals[i] for i in keep_r),
        tuple(table.col_totals[j] for j in keep_c),
        table.total,
        moved(table.primary),
        moved(table.complementary),
        table.threshold,
    )


_CACHE: OrderedDict[tuple[Any, ...], list[SuppressedTable]] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def _together(
    cube: Cube, layouts: Sequence[tuple[Sequence[str], Sequence[str]]], threshold: int
) -> list[SuppressedTable]:
    """`suppress_together`, remembered per process for the same counts, layouts and threshold: a family
    of dense tables can take seconds, and the page, its CSV and its chart ask for the same one."""
    cache_key = (
        cube.dims,
        cube.values,
        tuple(sorted(cube.counts.items())),
        tuple((tuple(r), tuple(c)) for r, c in layouts),
        threshold,
    )
    with _CACHE_LOCK:
        if cache_key in _CACHE:
            _CACHE.move_to_end(cache_key)
            return _CACHE[cache_key]
    result = suppress_together(cube, layouts, threshold)
    with _CACHE_LOCK:
        _CACHE[cache_key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result
