"""The audit log as CSV or JSON lines: every column the chain is checked with, hashes included, so an
exported copy kept elsewhere can later be compared with the database (the only way to notice entries
removed from the end of the log)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC
from typing import Any, TextIO

from django.db.models import QuerySet

from multitrack.sources import spreadsheet

from .models import AuditEvent

COLUMNS = (
    "seq",
    "at",
    "username",
    "action",
    "object_type",
    "object_id",
    "compartment_id",
    "summary",
    "key_id",
    "prev_hash",
    "hash",
)


def as_dict(event: AuditEvent) -> dict[str, Any]:
    row = {name: getattr(event, name) for name in COLUMNS}
    row["at"] = event.at.astimezone(UTC).isoformat(timespec="milliseconds")
    return row


def _cell(value: Any) -> Any:
    # A failed login keeps the name that was tried, which anyone can choose: never let a spreadsheet
    # read a cell as a formula.
    if isinstance(value, str):
        return spreadsheet.safe(value)
    return "" if value is None else value


def csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    """The header, then one row per entry, read in chunks."""
    yield list(COLUMNS)
    for event in events.iterator(chunk_size=1000):
        row = as_dict(event)
        yield [_cell(row[name]) for name in COLUMNS]


def write_csv(events: QuerySet[AuditEvent], fh: TextIO) -> int:
    """Write the entries as CSV; returns how many."""
    writer = csv.writer(fh)
    count = -1  # the header is not an entry
    for row in csv_rows(events):
        writer.writerow(row)
        count += 1
    return count


def write_jsonl(events: QuerySet[AuditEvent], fh: TextIO) -> int:
    """Write the entries as JSON, one object a line; returns how many."""
    count = 0
    for event in events.iterator(chunk_size=1000):
        fh.write(json.dumps(as_dict(event), ensure_ascii=False) + "\n")
        count += 1
    return count
