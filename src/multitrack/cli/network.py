"""`multitrack network …`: brokerage on CSV files, and network analysis of the stored registry."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from multitrack.cli.common import err, fail, out

if TYPE_CHECKING:
    from multitrack.core.network import Network

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


def _stored_network(
    compartment: str, source: str, context: str | None, as_of: str | None
) -> tuple[Network, dict[str, int]]:
    """The stored network of one compartment, seen as an analyst there would see it."""
    from datetime import date

    from multitrack.cli.common import setup_django

    setup_django()
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.networks.services import SOURCES, Scope, load_network
    from multitrack.web.registry.models import Context

    target = Compartment.objects.filter(name=compartment).first()
    if target is None:
        raise fail(f"no compartment named {compartment!r}", 2)
    if source not in SOURCES:
        raise fail(f"unknown source {source!r}; expected one of: {', '.join(SOURCES)}", 2)
    context_id = None
    if context:
        found = Context.objects.filter(name=context).first()
        if found is None:
            raise fail(f"no context named {context!r}", 2)
        context_id = found.pk
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(f"--as-of: not a date: {as_of!r}; expected YYYY-MM-DD", 2) from None
    viewer = CompartmentViewer({target.pk})
    return load_network(
        viewer, Scope(source=source, compartment_id=target.pk, context_id=context_id, as_of=day)
    )


COMPARTMENT = Annotated[str, typer.Option(help="Compartment (by name) whose network to analyse.")]
SOURCE = Annotated[str, typer.Option(help="relationships, participation or both.")]
CONTEXT = Annotated[str | None, typer.Option(help="Only this context (by name).")]
AS_OF = Annotated[str | None, typer.Option("--as-of", help="Ties valid on this date (YYYY-MM-DD).")]


@network_app.command("metrics")
def metrics_command(
    compartment: COMPARTMENT,
    source: SOURCE = "both",
    context: CONTEXT = None,
    as_of: AS_OF = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
) -> None:
    """Degree, betweenness, eigenvector centrality, community and articulation per actor (by code)."""
    import csv
    import dataclasses

    from multitrack.core.network_metrics import metrics

    if fmt not in ("csv", "json"):
        raise fail(f"unknown format {fmt!r}; expected csv or json", 2)
    network, _codes = _stored_network(compartment, source, context, as_of)
    result = metrics(network)
    rows = [dataclasses.asdict(m) for m in result.nodes]
    if fmt == "json":
        payload = {
            "nodes": rows,
            "bridges": [list(b) for b in result.bridges],
            "cuts": [dataclasses.asdict(c) for c in result.cuts],
            "modularity": result.modularity,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)


@network_app.command("export")
def export_command(
    compartment: COMPARTMENT,
    source: SOURCE = "both",
    context: CONTEXT = None,
    fmt: Annotated[str, typer.Option("--format", help="graphml or gexf")] = "gexf",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File; standard output if omitted.")
    ] = None,
) -> None:
    """Export the network for Gephi (GEXF with time intervals) or any GraphML tool; persons by code."""
    from multitrack.core.network_export import gexf, graphml
    from multitrack.core.network_metrics import metrics

    if fmt not in ("graphml", "gexf"):
        raise fail(f"unknown format {fmt!r}; expected graphml or gexf", 2)
    network, _codes = _stored_network(compartment, source, context, None)
    text = (gexf if fmt == "gexf" else graphml)(network, metrics(network))
    from multitrack.web.audit.log import record

    record("export", summary=f"network exported as {fmt}", object_type="accounts.compartment")
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"Wrote {output}", markup=False)
