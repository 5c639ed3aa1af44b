"""`multitrack screen pairs PAIRS.csv`: score name pairs with the screening engine.

The CSV has a header with `name1` and `name2` and optionally `schema` (Person, Company, Organization,
LegalEntity, Vessel; Person when absent or blank). `--json` prints a list, one `{"score", "match"}`
object per row in file order; otherwise a table. Bad input exits 2 with where and what.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from multitrack.cli_common import fail, out
from multitrack.core.screening.matcher import THRESHOLD, score

PAIR_SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel")

screen_app = typer.Typer(help="Screen names against each other.", no_args_is_help=True)


@screen_app.callback()
def screen() -> None:
    """Screen names against each other with the matching engine."""


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(name1, name2, schema) per row; raises `ValueError` naming the file, row or field at fault."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not UTF-8 text") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    for column in ("name1", "name2"):
        if column not in header:
            raise ValueError(f"{path.name}: missing column {column}")
    reader.fieldnames = header
    rows: list[tuple[str, str, str]] = []
    for n, row in enumerate(reader, start=1):
        schema = (row.get("schema") or "").strip() or "Person"
        if schema not in PAIR_SCHEMAS:
            raise ValueError(f"row {n}, field schema: {schema!r} is not one of {', '.join(PAIR_SCHEMAS)}")
        rows.append(((row.get("name1") or "").strip(), (row.get("name2") or "").strip(), schema))
    return rows


@screen_app.command("pairs")
def pairs(
    path: Annotated[Path, typer.Argument(metavar="PAIRS.csv", help="CSV with name1, name2[, schema].")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
    threshold: Annotated[
        float, typer.Option(help="Score from which a pair counts as a match.", min=0.0, max=1.0)
    ] = THRESHOLD,
) -> None:
    """Score each pair of names in a CSV file, in file order."""
    try:
        rows = read_pairs(path)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    results = [score(a, b, schema, threshold=threshold) for a, b, schema in rows]
    if as_json:
        typer.echo(json.dumps([{"score": r.score, "match": r.match} for r in results], ensure_ascii=False))
        return
    table = Table("#", "name 1", "name 2", "schema", "score", "match", "why")
    for n, ((a, b, schema), r) in enumerate(zip(rows, results, strict=True), start=1):
        why = "; ".join(r.explanation[1:3])
        table.add_row(str(n), a, b, schema, f"{r.score:.2f}", "yes" if r.match else "no", why)
    out.print(table)
