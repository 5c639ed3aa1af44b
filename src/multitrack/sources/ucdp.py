"""Reading the UCDP/PRIO Armed Conflict Dataset and the UCDP Dyadic Dataset, as published.

The CSV is read with the csv module (quoted fields may hold newlines) and every row is checked (by
core.ucdp) before any is handed on; a problem anywhere stops the reading with the file, row and column.
Writing the rows is the UCDP app's (web.ucdp.services).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from multitrack.core.ucdp import (
    ACD_COLUMNS,
    DYADIC_COLUMNS,
    ConflictYear,
    DyadYear,
    UcdpFormatError,
    acd_rows,
    check_header,
    dyadic_rows,
)

# UCDP/PRIO Armed Conflict Dataset 25.1 as published, shipped for the demo and the tests (citation in
# data/SOURCES.md beside it).
UCDP_ACD = Path(__file__).resolve().parent / "data" / "ucdp-prio-acd-251.csv"


class UcdpImportError(ValueError):
    """The file could not be imported; nothing was written."""


def _read(
    path: Path, columns: tuple[str, ...], parse: Callable[[Iterable[dict[str, str]]], Any]
) -> list[Any]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            check_header(reader.fieldnames or [], columns)
            return list(parse(reader))
    except FileNotFoundError:
        raise UcdpImportError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UcdpImportError(f"{path}: not UTF-8 text") from None
    except csv.Error as exc:
        raise UcdpImportError(f"{path}: not a readable CSV file ({exc})") from None
    except UcdpFormatError as exc:
        raise UcdpImportError(f"{path}: {exc}") from None


def read_acd(path: Path) -> list[ConflictYear]:
    """The rows of a UCDP/PRIO Armed Conflict Dataset CSV, checked."""
    return _read(path, ACD_COLUMNS, acd_rows)


def read_dyadic(path: Path) -> list[DyadYear]:
    """The rows of a UCDP Dyadic Dataset CSV, checked."""
    return _read(path, DYADIC_COLUMNS, dyadic_rows)


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for a progress bar (None if it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
