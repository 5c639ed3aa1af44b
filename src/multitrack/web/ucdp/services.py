"""The UCDP app's services: importing the UCDP datasets, and the yearly figures drawn from them.

Every row of the file is checked before anything is written (sources.ucdp reads it); then all rows are
written in one transaction, keyed on (conflict, year) or (dyad, year), so that re-importing the same or a
newer version updates in place and never duplicates. A problem anywhere stops the import with the file,
row and column, and leaves the database as it was. Each import is recorded with the file's `version`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from multitrack.core.ucdp import yearly
from multitrack.sources import ucdp
from multitrack.web.audit.log import record

from .models import UcdpConflictYear, UcdpDyadYear, UcdpImport

BATCH = 1000


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


def _upsert(model: Any, records: list[Any], key: tuple[str, str], dataset: str, path: Path,
            progress: Callable[[int], None] | None) -> UcdpReport:  # fmt: skip
    if not records:
        raise ucdp.UcdpImportError(f"{path}: the file has no data rows")
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
        # A changed row is written again under its id (deleted, then inserted): nothing refers to these
        # rows by foreign key, and bulk_update's one CASE per column and row took ~10 s for the 2,752 rows
        # a new version of the dataset changes.
        for start in range(0, len(changed), BATCH):
            model.objects.filter(pk__in=[o.pk for o in changed[start : start + BATCH]]).delete()
        model.objects.bulk_create(changed, batch_size=BATCH)
        added, updated = len(new), len(changed)
        report = UcdpReport(
            dataset, len(values), added, updated, len(values) - added - updated, ", ".join(versions)
        )
        UcdpImport.objects.create(
            dataset=dataset, version=report.version, file_name=path.name, rows_read=report.rows_read,
            added=added, updated=updated,
        )  # fmt: skip
        record("import", summary=str(report), object_type="mapping.ucdp")
    if progress:
        progress(len(values) % BATCH)
    return report


def import_acd(path: Path, progress: Callable[[int], None] | None = None) -> UcdpReport:
    """Import the UCDP/PRIO Armed Conflict Dataset CSV."""
    records = ucdp.read_acd(path)
    return _upsert(UcdpConflictYear, records, ("conflict_id", "year"), "acd", path, progress)


def import_dyadic(path: Path, progress: Callable[[int], None] | None = None) -> UcdpReport:
    """Import the UCDP Dyadic Dataset CSV."""
    records = ucdp.read_dyadic(path)
    return _upsert(UcdpDyadYear, records, ("dyad_id", "year"), "dyadic", path, progress)


def yearly_figures(first: int | None = None, last: int | None = None) -> list[dict[str, object]]:
    """Per-year figures (see core.ucdp.yearly) for the years asked, kept inside the years the data
    covers: a year before or after the dataset is unknown, not a year without conflict."""
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
