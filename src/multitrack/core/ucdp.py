"""UCDP conflict data as plain records: checking rows of the published CSVs, and yearly figures.

The UCDP/PRIO Armed Conflict Dataset (ACD) has one row per conflict and year; the UCDP Dyadic Dataset
one row per dyad and year. Both carry a `version` column. Rows are checked field by field, and a
problem names the row (as a spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

TYPES = {1: "extrasystemic", 2: "interstate", 3: "intrastate", 4: "internationalized_intrastate"}
ACD_COLUMNS = (
    "conflict_id", "location", "side_a", "side_b", "incompatibility", "territory_name", "year",
    "intensity_level", "type_of_conflict", "gwno_loc", "region", "version",
)  # fmt: skip
DYADIC_COLUMNS = (
    "dyad_id", "conflict_id", "location", "side_a", "side_b", "year", "intensity_level",
    "type_of_conflict", "gwno_loc", "region", "version",
)  # fmt: skip


class UcdpFormatError(ValueError):
    """A UCDP file that is not in the published layout; says where."""

    def __init__(self, row: int | None, column: str | None, message: str) -> None:
        self.row, self.column = row, column
        where = ", ".join(p for p in (f"row {row}" if row else "", f"column {column}" if column else "") if p)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class ConflictYear:
    conflict_id: int
    year: int
    location: str
    side_a: str
    side_b: str
    incompatibility: int
    territory_name: str
    intensity_level: int  # 1: 25–999 battle-related deaths in the year; 2: 1,000 or more (a war)
    type_of_conflict: int  # see TYPES
    gwno_loc: tuple[int, ...]  # Gleditsch–Ward numbers of the location
    region: str
    version: str


@dataclass(frozen=True)
class DyadYear:
    dyad_id: int
    conflict_id: int
    year: int
    side_a: str
    side_b: str
    intensity_level: int
    type_of_conflict: int
    version: str


def check_header(header: Iterable[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in set(header)]
    if missing:
        raise UcdpFormatError(1, ", ".join(missing), "missing column(s); is this the right UCDP file?")


def _int(row: Mapping[str, str], column: str, number: int, allowed: Iterable[int] | None = None) -> int:
    text = (row.get(column) or "").strip()
    try:
        value = int(text)
    except ValueError:
        raise UcdpFormatError(number, column, f"expected a whole number, got {text!r}") from None
    if allowed is not None and value not in allowed:
        raise UcdpFormatError(number, column, f"unexpected value {value}")
    return value


def _ints(text: str, number: int, column: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise UcdpFormatError(number, column, f"expected Gleditsch–Ward numbers, got {text!r}") from None


def _version(row: Mapping[str, str], number: int) -> str:
    version = (row.get("version") or "").strip()
    if not version:
        raise UcdpFormatError(number, "version", "empty")
    return version


def acd_rows(rows: Iterable[Mapping[str, str]]) -> Iterator[ConflictYear]:
    """Checked ACD records from csv.DictReader rows (row 2 is the first after the header)."""
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise UcdpFormatError(number, None, "wrong number of fields (a truncated or damaged file?)")
        yield ConflictYear(
            conflict_id=_int(row, "conflict_id", number),
            year=_int(row, "year", number),
            location=row["location"].strip(),
            side_a=row["side_a"].strip(),
            side_b=row["side_b"].strip(),
            incompatibility=_int(row, "incompatibility", number, (1, 2, 3)),
            territory_name=row["territory_name"].strip(),
            intensity_level=_int(row, "intensity_level", number, (1, 2)),
            type_of_conflict=_int(row, "type_of_conflict", number, TYPES),
            gwno_loc=_ints(row["gwno_loc"], number, "gwno_loc"),
            region=row["region"].strip(),
            version=_version(row, number),
        )


def dyadic_rows(rows: Iterable[Mapping[str, str]]) -> Iterator[DyadYear]:
    """Checked Dyadic Dataset records from csv.DictReader rows."""
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise UcdpFormatError(number, None, "wrong number of fields (a truncated or damaged file?)")
        yield DyadYear(
            dyad_id=_int(row, "dyad_id", number),
            conflict_id=_int(row, "conflict_id", number),
            year=_int(row, "year", number),
            side_a=row["side_a"].strip(),
            side_b=row["side_b"].strip(),
            intensity_level=_int(row, "intensity_level", number, (1, 2)),
            type_of_conflict=_int(row, "type_of_conflict", number, TYPES),
            version=_version(row, number),
        )


def yearly(
    conflicts: Iterable[tuple[int, int, int, int]],
    dyads: Iterable[tuple[int, int]] = (),
    *,
    first: int | None = None,
    last: int | None = None,
) -> list[dict[str, object]]:
    """One object per year: active conflicts, wars, conflicts by type, and active dyads when given.

    `conflicts` are (conflict_id, year, intensity_level, type_of_conflict); `dyads` (dyad_id, year).
    Years with no conflict inside the range are listed with zeros.
    """
    by_year: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for conflict_id, year, intensity, kind in conflicts:
        by_year[year][conflict_id] = (intensity, kind)
    dyads_by_year: Counter[int] = Counter(year for _dyad, year in set(dyads))
    years = set(by_year) | set(dyads_by_year)
    if not years:
        return []
    start = first if first is not None else min(years)
    end = last if last is not None else max(years)
    out: list[dict[str, object]] = []
    for year in range(start, end + 1):
        active = by_year.get(year, {})
        kinds = Counter(kind for _i, kind in active.values())
        entry: dict[str, object] = {
            "year": year,
            "conflicts": len(active),
            "wars": sum(1 for intensity, _k in active.values() if intensity == 2),
            "by_type": {name: kinds.get(code, 0) for code, name in TYPES.items()},
        }
        if dyads_by_year:
            entry["dyads"] = dyads_by_year.get(year, 0)
        out.append(entry)
    return out
