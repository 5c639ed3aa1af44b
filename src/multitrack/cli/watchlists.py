"""`multitrack watchlist import|list`: sanctions lists as published, with what each version changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from multitrack.cli.common import err, fail, out, setup_django

watchlist_app = typer.Typer(
    help="Sanctions lists: import a published version, list the imports.", no_args_is_help=True
)


@watchlist_app.command("import")
def import_command(
    kind: Annotated[
        str, typer.Argument(help="un-sc (UN SC Consolidated List XML), ofac-sdn (SDN.CSV), ftm (JSON lines).")
    ],
    path: Annotated[Path, typer.Argument(help="The file as published.")],
    version: Annotated[
        str | None, typer.Option(help="The list's date (YYYY-MM-DD) when the file does not say (OFAC, FtM).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import one version of a list (atomic): prints total entries and those added, removed and changed.

    Once actors have been screened, they are re-screened against what the version added or changed
    (counts on standard error; no names)."""
    setup_django()
    from multitrack.sources.watchlists.read import WatchlistImportError, read
    from multitrack.web.screening.services import lists

    try:
        with out.status(f"Reading {path.name}") if sys.stderr.isatty() else _nothing():
            parsed = read(kind, path, version)
            run, rescreened = lists.import_list(parsed, path.name)
    except WatchlistImportError as exc:
        raise fail(
            f"{exc}; nothing was imported" if "nothing was imported" not in str(exc) else str(exc), 2
        ) from None
    if as_json:
        sys.stdout.write(json.dumps(run.summary()) + "\n")
    else:
        out.print(
            f"{path}: {run.source} version {run.version}: {run.total} entries, {run.added} added, "
            f"{run.removed} removed, {run.changed} changed, {run.unchanged} unchanged",
            markup=False,
        )
    if rescreened is not None:
        err.print(f"Re-screened after the update: {rescreened}", markup=False)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@watchlist_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every import, newest first, with the file's hash and what it changed."""
    setup_django()
    from multitrack.web.screening.models import WatchlistImport

    rows: list[dict[str, Any]] = [
        {**r.summary(), "unchanged": r.unchanged, "file": r.file_name, "sha256": r.file_hash,
         "imported_at": r.imported_at.isoformat()}
        for r in WatchlistImport.objects.all()
    ]  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("source", "version", "total", "added", "removed", "changed", "imported", "sha256")
    for r in rows:
        counts = (str(r[k]) for k in ("total", "added", "removed", "changed"))
        table.add_row(r["source"], r["version"], *counts, r["imported_at"][:16], r["sha256"][:12])
    out.print(table)
