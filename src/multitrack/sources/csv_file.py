"""Reading a CSV template file: its encoding, its header and its rows of cells, with the problems found.

Row numbers are those a spreadsheet shows: the header is row 1. A problem with the file as a whole
(unreadable, not UTF-8, not CSV, a header that is not the template's) stops the import at once; a
problem with a row is collected with all the others so that the user can fix them in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ACTOR_COLUMNS = (
    "ref", "kind", "name", "level", "official_status", "nine_tracks", "position", "affiliation_ref",
    "country", "gender", "age_group", "contexts", "notes",
)  # fmt: skip
INITIATIVE_COLUMNS = (
    "ref", "context", "title", "summary", "third_party_type", "third_party_ref", "format", "objectives",
    "declared_track", "discretion", "status", "start_date", "end_date", "funder_refs",
)  # fmt: skip
COLUMNS: dict[str, tuple[str, ...]] = {"actors": ACTOR_COLUMNS, "initiatives": INITIATIVE_COLUMNS}

SEPARATOR = ";"  # between the items of a multi-valued cell


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row, and where; `column` is empty for the row as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, field {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file has problems; nothing from it was written. `problems` lists them, one line each."""

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


def sort_problems(problems: Iterable[Problem], columns: tuple[str, ...]) -> list[Problem]:
    """By row, then by the column's place in the template."""
    order = {c: i for i, c in enumerate(columns)}
    return sorted(problems, key=lambda p: (p.row, order.get(p.column, -1)))


Table = list[tuple[int, dict[str, str]]]  # (row number, {column: stripped cell})


def read_table(path: Path, columns: tuple[str, ...]) -> tuple[Table, list[Problem]]:
    """The data rows of the CSV file at `path` as (row number, {column: stripped cell}), and the rows
    with more cells than the header has columns, as problems. Blank rows are skipped.

    Raises ImportFailed for a problem with the file as a whole: unreadable, not UTF-8, not CSV or a
    header that is not the template's.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(["no such file"]) from None
    except OSError as exc:
        raise ImportFailed([f"cannot read the file: {exc.strerror}"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFailed(
            [
                f"the file is not UTF-8 text (line {line} has a byte that is not UTF-8); "
                "save it as 'CSV UTF-8' and import it again"
            ]
        ) from None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ImportFailed([f"the file is not valid CSV: {exc}"]) from None
    if not records or not any(c.strip() for c in records[0]):
        raise ImportFailed([f"the file is empty; its first row must be the header: {', '.join(columns)}"])
    header = [c.strip().lower() for c in records[0]]
    _check_header(header, columns)
    rows: Table = []
    problems: list[Problem] = []
    for number, record in enumerate(records[1:], start=2):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            message = f"{len(cells)} cells, but the header has {len(header)} columns"
            problems.append(Problem(number, "", message))
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append((number, dict(zip(header, cells, strict=False))))
    return rows, problems


def _check_header(header: list[str], columns: tuple[str, ...]) -> None:
    if len(header) == 1 and header[0].count(SEPARATOR) > 1:
        raise ImportFailed(
            [
                "header: the columns are separated by ';' but the template uses ','; "
                "save the file as 'CSV UTF-8 (comma delimited)'"
            ]
        )
    if not set(header) & set(columns):
        # Likely a data row: its cells are not quoted, as one of them may be a name.
        raise ImportFailed([f"row 1 is not the template's header; it must be: {', '.join(columns)}"])
    problems = []
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    duplicate = sorted({c for c in header if header.count(c) > 1})
    if missing:
        problems.append(f"header: missing columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"header: unknown columns: {', '.join(repr(c) for c in unknown)}")
    if duplicate:
        problems.append(f"header: repeated columns: {', '.join(duplicate)}")
    if problems:
        problems.append(f"header: the columns are: {', '.join(columns)}")
        raise ImportFailed(problems)
