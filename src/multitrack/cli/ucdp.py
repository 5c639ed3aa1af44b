"""`multitrack import ucdp-acd|ucdp-dyadic PATH` and `multitrack ucdp yearly`: public conflict data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from multitrack.cli.common import fail, out, setup_django

UCDP_KINDS = ("ucdp-acd", "ucdp-dyadic")
ucdp_app = typer.Typer(help="Public conflict data from UCDP.", no_args_is_help=True)


def import_ucdp(kind: str, file: Path) -> None:
    """Import a UCDP file (atomic; re-importing updates in place), with a progress bar on a terminal."""
    setup_django()
    from multitrack.sources import ucdp
    from multitrack.web.ucdp import services

    importer = services.import_acd if kind == "ucdp-acd" else services.import_dyadic
    try:
        if sys.stderr.isatty():
            with Progress(transient=True) as bar:
                task = bar.add_task(f"Importing {file.name}", total=ucdp.count_rows(file))
                report = importer(file, progress=lambda n: bar.advance(task, n))
        else:
            report = importer(file)
    except ucdp.UcdpImportError as exc:
        raise fail(f"{exc}; nothing was imported", 2) from None
    out.print(f"{file}: {report}", markup=False)


@ucdp_app.command("yearly")
def yearly_command(
    first: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Active state-based conflicts per year, wars (intensity 2), by type, and active dyads."""
    setup_django()
    from multitrack.web.ucdp.services import yearly_figures

    if first is not None and last is not None and first > last:
        raise fail(f"--from {first} is after --to {last}", 2)
    rows = yearly_figures(first, last)
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    for row in rows:
        dyad_part = f", {row['dyads']} dyads" if "dyads" in row else ""
        out.print(f"{row['year']}: {row['conflicts']} conflicts, {row['wars']} wars{dyad_part}", markup=False)
