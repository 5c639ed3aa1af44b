"""The documented CSV templates for actors and initiatives (docs/import.md): import and export.

Import and export use the same columns, so an exported file imports back unchanged. An import is
all or nothing: every row is read and checked first, and one problem anywhere means nothing is
written (`ImportFailed` lists them all). Rows are matched on `ref`, so running a file twice creates
nothing the second time. Blank templates with a fictional example ship in `templates/`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .csv_file import COLUMNS, SEPARATOR, ImportFailed, read_table, sort_problems
from .csv_rows import Withhold, parse_rows

if TYPE_CHECKING:
    from multitrack.web.registry.models import Actor, Initiative

KINDS = ("actors", "initiatives")

__all__ = ["KINDS", "ImportFailed", "ImportReport", "export", "import_file", "template_path"]


@dataclass(frozen=True)
class ImportReport:
    """What an import did, counted by row; it names no actor."""

    kind: str
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _columns(kind: str) -> tuple[str, ...]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    return COLUMNS[kind]


def template_path(kind: str) -> Path:
    """The shipped blank template for `kind`, with its example rows."""
    _columns(kind)
    return Path(str(resources.files("multitrack.sources") / "templates" / f"{kind}.csv"))


def import_file(kind: str, path: str | Path, compartment: Any = None) -> ImportReport:
    """Import a CSV file in the `kind` template, atomically and idempotently.

    New rows are kept in `compartment` (a Compartment); rows that update a stored record stay where
    they are. Raises ImportFailed, having written nothing, if the file or any row has a problem (a new
    row without a compartment is one); raises ValueError for an unknown kind.
    """
    # Imported here, not at the top: the models load only once Django is set up, and the CLI imports
    # this module before that to check the kind.
    from .csv_store import PLANNERS, apply

    columns = _columns(kind)
    table, problems = read_table(Path(path), columns)
    withhold = Withhold.names_in(table)
    rows, row_problems = parse_rows(kind, table, withhold)
    plan = PLANNERS[kind](rows, withhold, compartment)
    problems = sort_problems([*problems, *row_problems, *plan.problems], columns)
    if problems:
        raise ImportFailed(problems)
    created, updated, unchanged = apply(plan)
    return ImportReport(kind, created, updated, unchanged)


def _joined(values: list[Any]) -> str:
    return SEPARATOR.join(str(v) for v in values)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _actor_key(actor: Actor | None) -> str:
    """The key an actor is exported under: the user's ref, or else its code; empty for no actor."""
    return (actor.ref or actor.code) if actor else ""


def _actor_row(a: Actor) -> list[str]:
    contexts = sorted(c.name for c in a.contexts.all())
    return [
        _actor_key(a), a.kind, a.name, a.level, a.official_status, _joined(a.nine_tracks), a.position,
        _actor_key(a.affiliation), a.country, a.gender, a.age_group, _joined(contexts), a.notes,
    ]  # fmt: skip


def _initiative_row(i: Initiative) -> list[str]:
    funders = sorted(_actor_key(f) for f in i.funders.all())
    return [
        i.ref or i.code, i.context.name, i.title, i.summary, i.third_party_type, _actor_key(i.third_party),
        i.format, _joined(i.objectives), i.declared_track, i.discretion, i.status, _iso(i.start_date),
        _iso(i.end_date), _joined(funders),
    ]  # fmt: skip


def _rows(kind: str) -> list[list[str]]:
    from multitrack.web.registry.models import Actor, Initiative

    if kind == "actors":
        actors = Actor.objects.select_related("affiliation").prefetch_related("contexts")
        return [_actor_row(a) for a in actors]
    initiatives = Initiative.objects.select_related("context", "third_party").prefetch_related("funders")
    return [_initiative_row(i) for i in initiatives]


def export(kind: str, fh: TextIO) -> int:
    """Write every actor or initiative to `fh` in the import template, ordered by ref; the row count.

    Persons' names are written: an export is a deliberate act of the user. Rows are sorted in Python,
    not by the database, so the order is the same on SQLite and PostgreSQL whatever their collation.
    """
    columns = _columns(kind)
    rows = sorted(_rows(kind), key=lambda row: row[0])
    writer = csv.writer(fh)
    writer.writerow(columns)
    writer.writerows(rows)
    return len(rows)
