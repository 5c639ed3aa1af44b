"""Importers for the UCDP/PRIO Armed Conflict Dataset and the UCDP Dyadic Dataset, as published.

The CSV is read with the csv module (quoted fields may hold newlines) and every row is checked
before anything is written; then all rows are written in one transaction, keyed on (conflict, year)
or (dyad, year), so that re-importing the same or a newer version updates in place and never
duplicates. A problem anywhere stops the import with the file, row and column, and leaves the database
as it was. Each import is recorded with the file's `version`.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from multitrack.core.ucdp import (
    ACD_COLUMNS,
    DYADIC_COLUMNS,
    UcdpFormatError,
    acd_rows,
    check_header,
    dyadic_rows,
)

BATCH = 1000
# UCDP/PRIO Armed Conflict Dataset 25.1 as published, shipped for the demo and the tests (citation in
# data/SOURCES.md beside it).
UCDP_ACD = Path(__file__).resolve().parent / "data" / "ucdp-prio-acd-251.csv"


@dataclass(frozen=True)
class UcdpReport:
    dataset: str
    rows_read: int
    added: int
    updated: int
    unchanged: int
    version: str

    def __str__(self) -> str:
        return (
            f"UCDP {self.dataset} version {self.version}: {self.rows_read} rows read, {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


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


def _upsert(model: Any, records: list[Any], key: tuple[str, str], dataset: str, path: Path,
            progress: Callable[[int], None] | None) -> UcdpReport:  # fmt: skip
    from multitrack.web.mapping.models import UcdpImport

    if not records:
        raise UcdpImportError(f"{path}: the file has no data rows")
    versions = sorted({r.version for r in records})
    fields = [f.name for f in dataclasses.fields(records[0])]
    values = [dataclasses.asdict(r) for r in records]
    for v in values:
        if "gwno_loc" in v:
            v["gwno_loc"] = list(v["gwno_loc"])
    added = updated = 0
    with transaction.atomic():
        stored = {(getattr(o, key[0]), getattr(o, key[1])): o for o in model.objects.all()}
        new, changed = [], []
        for done, data in enumerate(values, start=1):
            current = stored.get((data[key[0]], data[key[1]]))
            if current is None:
                new.append(model(**data))
            elif any(getattr(current, f) != data[f] for f in fields):
                for f in fields:
                    setattr(current, f, data[f])
                changed.append(current)
            if progress and done % BATCH == 0:
                progress(BATCH)
        model.objects.bulk_create(new, batch_size=BATCH)
        model.objects.bulk_update(changed, [f for f in fields if f not in key], batch_size=BATCH)
        added, updated = len(new), len(changed)
        report = UcdpReport(
            dataset, len(values), added, updated, len(values) - added - updated, ", ".join(versions)
        )
        UcdpImport.objects.create(
            dataset=dataset, version=report.version, file_name=path.name, rows_read=report.rows_read,
            added=added, updated=updated,
        )  # fmt: skip
    if progress:
        progress(len(values) % BATCH)
    return report


def import_acd(path: Path, progress: Callable[[int], None] | None = None) -> UcdpReport:
    """Import the UCDP/PRIO Armed Conflict Dataset CSV."""
    from multitrack.web.mapping.models import UcdpConflictYear

    records = _read(path, ACD_COLUMNS, acd_rows)
    return _upsert(UcdpConflictYear, records, ("conflict_id", "year"), "acd", path, progress)


def import_dyadic(path: Path, progress: Callable[[int], None] | None = None) -> UcdpReport:
    """Import the UCDP Dyadic Dataset CSV."""
    from multitrack.web.mapping.models import UcdpDyadYear

    records = _read(path, DYADIC_COLUMNS, dyadic_rows)
    return _upsert(UcdpDyadYear, records, ("dyad_id", "year"), "dyadic", path, progress)


def yearly_figures(first: int | None = None, last: int | None = None) -> list[dict[str, object]]:
    """Per-year figures (see core.ucdp.yearly) for the years asked, kept inside the years the data
    covers: a year before or after the dataset is unknown, not a year without conflict."""
    from django.db.models import Max, Min

    from multitrack.core.ucdp import yearly
    from multitrack.web.mapping.models import UcdpConflictYear, UcdpDyadYear

    bounds = UcdpConflictYear.objects.aggregate(lo=Min("year"), hi=Max("year"))
    dyad_bounds = UcdpDyadYear.objects.aggregate(lo=Min("year"), hi=Max("year"))
    lows = [y for y in (bounds["lo"], dyad_bounds["lo"]) if y is not None]
    highs = [y for y in (bounds["hi"], dyad_bounds["hi"]) if y is not None]
    if not lows:
        return []
    first = max(first, min(lows)) if first is not None else None
    last = min(last, max(highs)) if last is not None else None
    if first is not None and last is not None and first > last:
        return []
    conflicts = UcdpConflictYear.objects.values_list(
        "conflict_id", "year", "intensity_level", "type_of_conflict"
    )
    dyads = UcdpDyadYear.objects.values_list("dyad_id", "year")
    if first is not None:
        conflicts, dyads = conflicts.filter(year__gte=first), dyads.filter(year__gte=first)
    if last is not None:
        conflicts, dyads = conflicts.filter(year__lte=last), dyads.filter(year__lte=last)
    return yearly(conflicts, dyads, first=first, last=last)


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for a progress bar (None if it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
