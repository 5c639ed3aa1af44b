"""The records of the Track One datasets, and the cell readers their parsers share.

Row numbers are those a spreadsheet shows (the header is row 1; a quoted cell with line breaks is still
one row). A problem with the file as a whole (a header that is not the dataset's) raises
`TrackOneFormatError`; a problem in a cell becomes a `Problem`, and every one is collected so that a user
fixes them in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from multitrack.core.countries import alpha3_of

DATASETS = {
    "pax": "PA-X Peace Agreements Database (University of Edinburgh, PeaceRep)",
    "mend": "MEND — Mediation Event and Negotiators Database (PeaceRep, University of St Andrews)",
    "padd": "PADD — Peace Agreement Delegates Dataset (Good 2024, APSR)",
}
MISSING = frozenset({"", "NA", "N/A", "na", "n/a", "."})  # how the datasets write "not known"
_ID_SEPARATORS = re.compile(r"[\s,;/]+")


class TrackOneFormatError(ValueError):
    """A file that is not in the dataset's published layout: its header lacks the columns named."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a cell (or a row, when `column` is empty), and where."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Agreement:
    """A PA-X agreement: one signed document of a peace process."""

    agreement_id: int  # AgtId, PA-X's own id (PADD and MEND refer to it)
    name: str  # Agt
    signed: date  # Dat
    country: str  # Con: the country or entity, as PA-X names it ("Colombia", "Sudan/South Sudan")
    process: str  # PPName
    region: str  # Reg
    stage: str  # Stage code, see STAGES in pax
    parties: str  # Part, free text
    third_parties: str  # ThrdPart, free text
    countries: tuple[str, ...]  # ISO 3166 alpha-3 of Loc1ISO, Loc2ISO
    gw_codes: tuple[int, ...]  # Gleditsch–Ward numbers of Loc1GWNO, Loc2GWNO
    ucdp_conflicts: tuple[int, ...]  # UcdpCon
    ucdp_agreements: tuple[int, ...]  # UcdpAgr
    gender: bool  # GeWom: provisions on women, girls and gender


@dataclass(frozen=True)
class MediationEvent:
    """A MEND event: one meeting (or round of shuttle diplomacy) of third parties with conflict parties."""

    event_id: str  # med_event_ID
    country: str  # conflict_country
    gw_code: int | None  # conflict_counry_ID (sic: the published column name)
    ucdp_conflict: int | None  # conflict_id
    year: int
    month: int | None
    day: int | None
    locations: tuple[str, ...]  # med_location - MULTISELECT
    third_parties: tuple[str, ...]
    local_parties: tuple[str, ...]
    agreement: bool  # agmt: an agreement was reached
    agreement_name: str
    pax_agreement: int | None  # agmt_id_PAX
    shuttle: bool
    kind: str  # med_type: M (mediation), MR, I
    summary: str


ROLES = ("signatories", "negotiators", "mediators", "observers")


@dataclass(frozen=True)
class Delegation:
    """PADD: who sat at one comprehensive agreement's table, by gender and role. None = not known."""

    agreement_id: int  # AgtId, the PA-X id
    country: str  # Con
    signed: date | None
    delegates: int | None
    women: int | None
    roles: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)  # role: (all, women)


R = TypeVar("R")


@dataclass
class Parsed(Generic[R]):
    """What a parser made of a file: the records, the problems, and the rows left out (blank ones)."""

    records: list[R] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0


class Cells:
    """One row's cells, read by column; a cell that does not read records a problem and gives None."""

    def __init__(self, number: int, row: Mapping[str, str], problems: list[Problem]) -> None:
        self.number, self.row, self.problems = number, row, problems

    def text(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def required(self, column: str) -> str:
        value = self.text(column)
        if value in MISSING:
            self.fail(column, "is empty")
        return value

    def integer(self, column: str, *, required: bool = False, low: int = 0, high: int = 10**9) -> int | None:
        value = self.text(column)
        if value in MISSING:
            if required:
                self.fail(column, "is empty; expected a whole number")
            return None
        try:
            number = int(float(value)) if re.fullmatch(r"\d+\.0+", value) else int(value)
        except ValueError:
            self.fail(column, f"expected a whole number, got {value!r}")
            return None
        if not low <= number <= high:
            self.fail(column, f"{number} is outside {low}–{high}")
            return None
        return number

    def flag(self, column: str) -> bool:
        """A 0/1 cell (blank reads as 0, as in the published files)."""
        value = self.text(column)
        if value in ("", "0", "0.0"):
            return False
        if value in ("1", "1.0"):
            return True
        self.fail(column, f"expected 0 or 1, got {value!r}")
        return False

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self.text(column)
        if value in MISSING:
            if required:
                self.fail(column, "is empty; expected a date as YYYY-MM-DD")
            return None
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(column, f"expected a date as YYYY-MM-DD, got {value!r}")
        return None

    def ids(self, column: str) -> tuple[int, ...]:
        """Several ids in one cell (e.g. "271, 409"); blank or NA is none."""
        value = self.text(column)
        if value in MISSING:
            return ()
        parts = [p for p in _ID_SEPARATORS.split(value) if p]
        if not all(p.isdigit() for p in parts):
            self.fail(column, f"expected ids (whole numbers) separated by commas, got {value!r}")
            return ()
        return tuple(dict.fromkeys(int(p) for p in parts))

    def country(self, column: str) -> str | None:
        """An ISO 3166 country: alpha-3 ("COL") or numeric ("170"); blank is none."""
        value = self.text(column)
        if value in MISSING:
            return None
        code = alpha3_of(value)
        if code is None:
            self.fail(column, f"{value!r} is not an ISO 3166 country code")
        return code

    def many(self, column: str, separator: str = ";") -> tuple[str, ...]:
        """A multi-valued cell: items separated by `separator`, blanks and repeats dropped, order kept."""
        return tuple(dict.fromkeys(p.strip() for p in self.text(column).split(separator) if p.strip()))


def missing_columns(header: list[str], required: tuple[str, ...]) -> list[str]:
    present = {h.strip().lstrip("\ufeff") for h in header}
    return [c for c in required if c not in present]


def require_columns(header: list[str], required: tuple[str, ...], what: str) -> None:
    """Refuse a header without the dataset's columns, naming them and the file expected."""
    missing = missing_columns(header, required)
    if missing:
        raise TrackOneFormatError(f"row 1: missing column(s) {', '.join(missing)}; is this {what}?")


def data_rows(rows: Iterable[tuple[int, Mapping[str, str]]], out: Parsed[R]) -> Iterator[Cells]:
    """Each row with a cell filled in, as Cells that report to `out`; blank rows are counted as skipped."""
    for number, row in rows:
        if not any((v or "").strip() for v in row.values()):
            out.skipped += 1
            continue
        yield Cells(number, row, out.problems)
