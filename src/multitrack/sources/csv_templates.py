"""The documented CSV templates for actors and initiatives (docs/import.md): reading and writing them.

Import and export use the same columns, so an exported file imports back unchanged. `read` checks a file
and parses every row into plain values, collecting every problem rather than stopping at the first;
`write` writes rows in the template. Matching the rows to stored records and writing them is the
registry's (web.registry.services). Blank templates with a fictional example ship in `templates/`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from .csv_file import COLUMNS, SEPARATOR, Problem, read_table
from .csv_rows import ParsedRow, Withhold, parse_rows

KINDS = ("actors", "initiatives")


@dataclass(frozen=True)
class ParsedFile:
    """A file's rows, parsed, with the problems found in the file and its cells (unsorted)."""

    rows: list[ParsedRow]
    withhold: Withhold
    problems: list[Problem]


def columns(kind: str) -> tuple[str, ...]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    return COLUMNS[kind]


def template_path(kind: str) -> Path:
    """The shipped blank template for `kind`, with its example rows."""
    columns(kind)
    return Path(str(resources.files("multitrack.sources") / "templates" / f"{kind}.csv"))


def read(kind: str, path: str | Path) -> ParsedFile:
    """Read and parse a CSV file in the `kind` template; raises ValueError for an unknown kind."""
    table, problems = read_table(Path(path), columns(kind))
    withhold = Withhold.names_in(table)
    rows, row_problems = parse_rows(kind, table, withhold)
    return ParsedFile(rows, withhold, [*problems, *row_problems])


def joined(values: list[Any]) -> str:
    """A multi-valued cell."""
    return SEPARATOR.join(str(v) for v in values)


def iso(day: date | None) -> str:
    """A date cell; empty for no date."""
    return day.isoformat() if day else ""


def write(kind: str, rows: Iterable[list[str]], fh: TextIO) -> int:
    """Write `rows` to `fh` in the `kind` template, ordered by their first cell (the ref); the row count.

    Rows are sorted in Python, not by the database, so the order is the same on SQLite and PostgreSQL
    whatever their collation.
    """
    header = columns(kind)
    ordered = sorted(rows, key=lambda row: row[0])
    writer = csv.writer(fh)
    writer.writerow(header)
    writer.writerows(ordered)
    return len(ordered)
