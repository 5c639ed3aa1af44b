"""`multitrack toc …`: check a theory of change given as JSON, list versions, show one, compare two."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from multitrack.cli.common import fail, out, read_json, setup_django

toc_app = typer.Typer(
    help="Theories of change: check one (JSON), list versions, show one, compare two.", no_args_is_help=True
)


def _print_findings(data: dict[str, Any]) -> None:
    for problem in data["problems"]:
        out.print(f"problem: {problem}", markup=False)
    for warning in data["warnings"]:
        out.print(f"warning ({warning['code']}): {warning['message']}", markup=False)
    if not data["problems"] and not data["warnings"]:
        out.print("no problem, no warning", markup=False)


@toc_app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help='JSON: {"elements": [...], "links": [...], "notes": [...]}.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check a theory of change without the database: problems (exit 1) and warnings (exit 0)."""
    from multitrack.core import toc as core

    raw = read_json(file)
    try:
        data = core.to_data(core.from_data(raw))
    except core.TocError as exc:
        raise fail(f"{file}: {exc}", 2) from None
    if as_json:
        sys.stdout.write(
            json.dumps({"problems": data["problems"], "warnings": data["warnings"]}, indent=2) + "\n"
        )
    else:
        _print_findings(data)
    if data["problems"]:
        raise typer.Exit(1)


def _get(pk: int) -> Any:
    from multitrack.web.evaluation.models import TheoryOfChange

    found = TheoryOfChange.objects.select_related("initiative").filter(pk=pk).first()
    if found is None:
        raise fail(f"no theory of change with id {pk}; `multitrack toc list` shows them", 2)
    return found


def _summary(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "title": t.title,
        "initiative": t.initiative.code if t.initiative else None,
        "date": t.as_of.isoformat(),
        "saved": t.saved_at.isoformat() if t.saved_at else None,
        "based_on": t.based_on_id,
    }


@toc_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every version, by title and date."""
    setup_django()
    from django.db.models import Count

    from multitrack.web.evaluation.models import TheoryOfChange

    tocs = TheoryOfChange.objects.select_related("initiative").annotate(n=Count("elements", distinct=True))
    # n is annotated above; django-stubs loses annotations through a query set subclass.
    rows = [{**_summary(t), "elements": t.n} for t in tocs]  # type: ignore[attr-defined]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("id", "title", "initiative", "date", "status", "elements")
    for r in rows:
        status = "saved" if r["saved"] else "draft"
        table.add_row(
            str(r["id"]), r["title"], r["initiative"] or "portfolio", r["date"], status, str(r["elements"])
        )
    out.print(table)


@toc_app.command("show")
def show_command(
    toc_id: Annotated[int, typer.Argument(help="The version's id (see `multitrack toc list`).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (the shape `toc check` reads).")
    ] = False,
) -> None:
    """One version: its elements by level, links with their rationale, problems and warnings."""
    setup_django()
    from multitrack.core import toc as core

    t = _get(toc_id)
    data = {**_summary(t), **core.to_data(t.snapshot())}
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    labels = {e["key"]: e["label"] for e in data["elements"]}
    out.print(f"{data['title']} ({data['date']}, {'saved' if data['saved'] else 'draft'})", markup=False)
    for level in core.LEVELS:
        for e in data["elements"]:
            if e["level"] == level:
                out.print(f"  {level:<8} {e['label']}", markup=False)
    for link in data["links"]:
        why = f": {link['rationale']}" if link["rationale"] else ""
        out.print(f"  {labels[link['from']]} → {labels[link['to']]}{why}", markup=False)
    _print_findings(data)


@toc_app.command("diff")
def diff_command(
    first: Annotated[int, typer.Argument(help="The earlier version's id.")],
    second: Annotated[int, typer.Argument(help="The later version's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What changed from one version to another (elements matched by the keys a copy keeps)."""
    setup_django()
    from multitrack.core import toc as core

    d = core.diff(_get(first).snapshot(), _get(second).snapshot()).as_dict()
    if as_json:
        sys.stdout.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
        return
    for label in d["elements"]["added"]:
        out.print(f"+ element {label}", markup=False)
    for label in d["elements"]["removed"]:
        out.print(f"- element {label}", markup=False)
    for r in d["elements"]["renamed"]:
        out.print(f"~ renamed {r['from']} → {r['to']}", markup=False)
    for r in d["elements"]["level_changed"]:
        out.print(f"~ {r['element']}: {r['from']} → {r['to']}", markup=False)
    for a, b in d["links"]["added"]:
        out.print(f"+ link {a} → {b}", markup=False)
    for a, b in d["links"]["removed"]:
        out.print(f"- link {a} → {b}", markup=False)
    for a, b in d["links"]["rationale_changed"]:
        out.print(f"~ rationale of {a} → {b}", markup=False)
    out.print(
        f"unchanged: {d['unchanged']['elements']} elements, {d['unchanged']['links']} links", markup=False
    )
