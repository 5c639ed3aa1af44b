"""`multitrack network …`: brokerage on CSV files, and network analysis of the stored registry."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from multitrack.cli_common import err, fail, out

network_app = typer.Typer(
    help="Network analysis: brokerage, metrics, export for Gephi.", no_args_is_help=True
)


@network_app.command("brokerage")
def brokerage_command(
    edges: Annotated[Path, typer.Option(help="CSV with the header source,target.")],
    groups: Annotated[Path, typer.Option(help="CSV with the header node,group.")],
    undirected: Annotated[
        bool, typer.Option("--undirected", help="Ties have no direction (two arcs each).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: node -> role counts.")] = False,
) -> None:
    """Gould–Fernandez brokerage counts per node from CSV files; no database needed."""
    from multitrack.core.brokerage import ROLES, brokerage
    from multitrack.sources.network_csv import NetworkFileError, read

    try:
        data = read(edges, groups)
    except NetworkFileError as exc:
        raise fail(str(exc), 2) from None
    for note in data.notes:
        err.print(f"Note: {note}", markup=False)
    result = brokerage(data.nodes, data.groups, data.edges, directed=not undirected)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2) + "\n")
        return
    table = Table("node", "group", *ROLES)
    for node, group, row in zip(result.nodes, result.groups, result.counts.tolist(), strict=True):
        table.add_row(node, group, *map(str, row))
    out.print(table)
