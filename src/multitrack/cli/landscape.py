"""`multitrack import pax|mend|padd FILE` and `multitrack landscape ...`: Track One beside Track Two."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress

from multitrack.cli.common import fail, out, setup_django

TRACK_ONE_KINDS = ("pax", "mend", "padd")
landscape_app = typer.Typer(
    help="Track One beside Track Two: peace agreements (PA-X), mediation events (MEND), delegates (PADD).",
    no_args_is_help=True,
)
VersionOption = Annotated[
    str | None, typer.Option("--version", help="Dataset version (default: the one imported last).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def import_track_one(kind: str, file: Path, version: str | None) -> None:
    """Import a PA-X, MEND or PADD file: checked whole, atomic, idempotent; a progress bar on a terminal."""
    setup_django()
    from multitrack.sources import trackone
    from multitrack.web.landscape import services

    try:
        if sys.stderr.isatty():
            with Progress(transient=True) as bar:
                task = bar.add_task(f"Reading {file.name}", total=trackone.count_rows(file))
                report = services.import_file(
                    kind, file, version=version, progress=lambda n: bar.advance(task, n)
                )
        else:
            report = services.import_file(kind, file, version=version)
    except trackone.TrackOneImportError as exc:
        raise fail(f"{exc}\nnothing was imported", 2) from None
    except services.LandscapeError as exc:
        raise fail(f"{exc}; nothing was imported", 2) from None
    out.print(f"{file}: {report}", markup=False)


def _figures(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    from multitrack.web.landscape.services import LandscapeError

    try:
        return call()
    except LandscapeError as exc:
        raise fail(str(exc), 2) from None


def _json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@landscape_app.command("agreements")
def agreements_command(
    first: Annotated[int | None, typer.Option("--from", help="First signing year.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Last signing year.")] = None,
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Peace agreements signed each year, and how many have provisions on women, girls and gender."""
    setup_django()
    from multitrack.web.landscape import services

    if first is not None and last is not None and first > last:
        raise fail(f"--from {first} is after --to {last}", 2)
    data = _figures(lambda: services.agreements_by_year(version, first, last))
    if as_json:
        _json(data)
        return
    out.print(f"PA-X version {data['version']}: agreements signed, with gender provisions", markup=False)
    for row in data["years"]:
        share = f" ({row['gender_provisions'] / row['agreements']:.0%})" if row["agreements"] else ""
        out.print(
            f"{row['year']}: {row['agreements']} agreements, {row['gender_provisions']}{share}", markup=False
        )


@landscape_app.command("mediation")
def mediation_command(
    by: Annotated[str, typer.Option("--by", help="third-party, country or year.")] = "third-party",
    version: VersionOption = None,
    as_json: JsonOption = False,
) -> None:
    """Distinct mediation events per third party, conflict country or year (MEND)."""
    setup_django()
    from multitrack.web.landscape import services

    data = _figures(lambda: services.mediation(by, version))
    if as_json:
        _json(data)
        return
    out.print(f"MEND version {data['version']}: mediation events by {by}", markup=False)
    for row in data["rows"]:
        out.print(f"{row['events']:6,}  {row['key']}", markup=False)


@landscape_app.command("delegates")
def delegates_command(version: VersionOption = None, as_json: JsonOption = False) -> None:
    """Delegates and women delegates at comprehensive agreements, overall and by role (PADD)."""
    setup_django()
    from multitrack.web.landscape import services

    data = _figures(lambda: services.delegates(version))
    if as_json:
        _json(data)
        return
    out.print(f"PADD version {data['version']}: {data['agreements']} agreements", markup=False)
    rows = [("all delegates", data["overall"]), *data["roles"].items()]
    for label, row in rows:
        share = "—" if row["women_share"] is None else f"{row['women_share']:.1%}"
        out.print(
            f"{label:<14} {row['women']:6,} women of {row['delegates']:6,} ({share}) "
            f"over {row['agreements']} agreements",
            markup=False,
        )


@landscape_app.command("versions")
def versions_command(as_json: JsonOption = False) -> None:
    """Every version of each dataset imported, and which one is shown."""
    setup_django()
    from multitrack.web.landscape import services

    rows = services.versions()
    if as_json:
        _json(rows)
        return
    if not rows:
        out.print("No Track One data yet: multitrack import pax|mend|padd FILE.csv", markup=False)
    for row in rows:
        mark = "shown" if row["shown"] else "     "
        out.print(
            f"{mark} {row['dataset']:<5} {row['version']:<24} {row['rows']:7,} rows  {row['file']} "
            f"({row['imported_at']})",
            markup=False,
        )
