"""`multitrack map …`: conflict-map versions, their differences and their drawings.

The command line sees maps as an analyst would: persons by pseudonym, never by name.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from multitrack.cli.common import fail, out, setup_django

map_app = typer.Typer(
    help="Conflict maps: list versions, compare two, export a drawing.", no_args_is_help=True
)


def _viewer() -> Any:
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment

    return CompartmentViewer(set(Compartment.objects.values_list("pk", flat=True)))


def _get(pk: int) -> Any:
    from multitrack.web.conflictmaps.models import ConflictMap

    found = ConflictMap.objects.for_user(_viewer()).select_related("context").filter(pk=pk).first()
    if found is None:
        raise fail(f"no conflict map with id {pk}; `multitrack map list` shows them", 2)
    return found


def _summary(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "context": m.context.name,
        "date": m.as_of.isoformat(),
        "perspective": m.perspective,
        "saved": m.saved_at.isoformat() if m.saved_at else None,
        "based_on": m.based_on_id,
    }


@map_app.command("list")
def list_command(
    context: Annotated[str | None, typer.Option(help="Only this context (name).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Map versions, by context and date."""
    setup_django()
    from django.db.models import Count

    from multitrack.web.conflictmaps.models import ConflictMap

    maps = (
        ConflictMap.objects.for_user(_viewer())
        .select_related("context")
        .annotate(nodes_n=Count("nodes", distinct=True), ties_n=Count("ties", distinct=True))
    )
    if context:
        maps = maps.filter(context__name=context)
    # nodes_n and ties_n are annotated above; django-stubs loses annotations through a query set subclass.
    rows = [{**_summary(m), "nodes": m.nodes_n, "ties": m.ties_n} for m in maps]  # type: ignore[attr-defined]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("id", "context", "date", "perspective", "status", "nodes", "ties")
    for r in rows:
        status = "saved" if r["saved"] else "draft"
        table.add_row(
            str(r["id"]), r["context"], r["date"], r["perspective"], status, str(r["nodes"]), str(r["ties"])
        )
    out.print(table)


@map_app.command("show")
def show_command(
    map_id: Annotated[int, typer.Argument(help="The map's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One version: its parties, issues and ties (persons by pseudonym)."""
    setup_django()
    m = _get(map_id)
    snap = m.snapshot()
    labels = {n.key: n.label for n in snap.nodes}
    data = {
        **_summary(m),
        "nodes": [
            {"key": n.key, "kind": n.kind, "label": n.label, "power": n.power, "actor": n.actor}
            for n in snap.nodes
        ],
        "ties": [{"source": labels[t.source], "target": labels[t.target], "type": t.type} for t in snap.ties],
        "dividers_connectors": [
            {"kind": x.kind, "category": x.category, "description": x.description} for x in m.factors.all()
        ],
    }
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    out.print(f"Map {m.pk}: {m.context.name}, {data['perspective']}, {data['date']}", markup=False)
    for n in data["nodes"]:
        power = f", power {n['power']}" if n["power"] else ""
        out.print(f"  {n['kind']}: {n['label']}{power}", markup=False)
    for t in data["ties"]:
        out.print(f"  {t['source']} —{t['type']}→ {t['target']}", markup=False)


@map_app.command("diff")
def diff_command(
    first: Annotated[int, typer.Argument(help="The earlier version's id.")],
    second: Annotated[int, typer.Argument(help="The later version's (or the other perspective's) id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed from one version to another: parties added or gone, power, ties formed, changed,
    broken or removed."""
    setup_django()
    from multitrack.core.conflictmap import diff

    a, b = _get(first), _get(second)
    result = {"from": _summary(a), "to": _summary(b), **diff(a.snapshot(), b.snapshot()).as_dict()}
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    say: Callable[[str], None] = lambda text: out.print(text, markup=False)  # noqa: E731
    say(f"From map {a.pk} ({result['from']['date']}) to map {b.pk} ({result['to']['date']}):")
    for n in result["parties_added"]:
        say(f"  + {n['kind']} {n['label']}")
    for n in result["parties_gone"]:
        say(f"  - {n['kind']} {n['label']}")
    for n in result["power_changes"]:
        say(f"  ~ {n['label']}: power {n['before']} → {n['after']}")
    for n in result["kind_changes"]:
        say(f"  ~ {n['label']}: {n['before']} → {n['after']}")
    for n in result["renamed"]:
        say(f"  ~ {n['before']} now named {n['after']}")
    for what, sign in (
        ("ties_formed", "+"),
        ("ties_changed", "~"),
        ("ties_broken", "//"),
        ("ties_removed", "-"),
    ):
        for t in result[what]:
            change = f"{t['before']} → {t['after']}" if t["before"] and t["after"] else t["type"]
            say(f"  {sign} {t['source']} – {t['target']}: {change}")
    say(f"  unchanged: {result['unchanged']['nodes']} nodes, {result['unchanged']['ties']} ties")


@map_app.command("export")
def export_command(
    map_id: Annotated[int, typer.Argument(help="The map's id.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write here: .svg or .png (default: SVG on standard output)."),
    ] = None,
) -> None:
    """The map drawn after the mapping legend, with its title and legend (persons by pseudonym): SVG, or
    PNG when the output's name ends in .png."""
    setup_django()
    from multitrack.web.conflictmaps import services

    kind = "png" if output is not None and output.suffix.lower() == ".png" else "svg"
    drawing = services.export(_get(map_id), kind, username="command line")
    if output is None:
        sys.stdout.write(drawing.decode("utf-8"))
        return
    output.write_bytes(drawing)
    out.print(f"Wrote {output}", markup=False)
