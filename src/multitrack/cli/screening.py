"""`multitrack screen pairs PAIRS.csv` and `multitrack screen names NAMES.csv`.

`pairs` scores name pairs with the screening engine.

The CSV has a header with `name1` and `name2` and optionally `schema` (Person, Company, Organization,
LegalEntity, Vessel; Person when absent or blank). `--json` prints a list, one `{"score", "match"}`
object per row in file order; otherwise a table. Bad input exits 2 with where and what.

`names` screens each name of a CSV (header `name`, optionally `birth_date` as YYYY, YYYY-MM or
YYYY-MM-DD, `nationality` as ISO alpha-2 or a country name, `schema`) against the imported lists
through the candidate index, and prints per row the candidates at or above the threshold. Input names
appear in that output only: nothing is logged.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from multitrack.cli.common import fail, out, setup_django
from multitrack.core.screening.entries import SOURCES, BirthDate
from multitrack.core.screening.matcher import THRESHOLD, score

PAIR_SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel")

NAME_SCHEMAS = (*PAIR_SCHEMAS, "Aircraft")
_BIRTH = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

screen_app = typer.Typer(help="Screen names against each other.", no_args_is_help=True)


@screen_app.callback()
def screen() -> None:
    """Screen names against each other or against the imported sanctions lists."""


def _read_csv(path: Path) -> csv.DictReader[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not UTF-8 text") from None
    return csv.DictReader(text.splitlines())


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(name1, name2, schema) per row; raises `ValueError` naming the file, row or field at fault."""
    reader = _read_csv(path)
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
        table.add_row(
            str(n), *map(escape, (a, b, schema)), f"{r.score:.2f}", "yes" if r.match else "no", escape(why)
        )
    out.print(table)


@dataclass(frozen=True)
class NameRow:
    name: str
    schema: str
    birth_dates: tuple[BirthDate, ...]
    nationalities: tuple[str, ...]


def _valid_date(value: str) -> bool:
    if not _BIRTH.fullmatch(value):
        return False
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        try:
            date(*parts)
        except ValueError:
            return False
    return True


def _nationality(value: str) -> str:
    """ISO alpha-2 for a code or a country name, "" when it is neither."""
    import pycountry

    from multitrack.sources.watchlists.un_sc import country_code

    if len(value) == 2 and value.isalpha():
        return value.upper() if pycountry.countries.get(alpha_2=value.upper()) else ""
    return country_code(value)


def read_names(path: Path) -> list[NameRow]:
    """The names to screen; raises `ValueError` naming the file, row and field at fault."""
    reader = _read_csv(path)
    header = [h.strip() for h in reader.fieldnames or []]
    if "name" not in header:
        raise ValueError(f"{path.name}: missing column name")
    reader.fieldnames = header
    rows: list[NameRow] = []
    for n, row in enumerate(reader, start=1):
        where = f"{path.name}: row {n}"
        name = (row.get("name") or "").strip()
        if not name:
            raise ValueError(f"{where}, field name: empty")
        schema = (row.get("schema") or "").strip() or "Person"
        if schema not in NAME_SCHEMAS:
            raise ValueError(f"{where}, field schema: {schema!r} is not one of {', '.join(NAME_SCHEMAS)}")
        birth = (row.get("birth_date") or "").strip()
        if birth and not _valid_date(birth):
            raise ValueError(f"{where}, field birth_date: {birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        births = (BirthDate("year" if len(birth) == 4 else "exact", date=birth),) if birth else ()
        given = (row.get("nationality") or "").strip()
        code = _nationality(given) if given else ""
        if given and not code:
            raise ValueError(f"{where}, field nationality: {given!r} is not an ISO code or a country name")
        rows.append(NameRow(name, schema, births, (code,) if code else ()))
    return rows


@screen_app.command("names")
def names(
    path: Annotated[
        Path, typer.Argument(metavar="NAMES.csv", help="CSV with name[, birth_date, nationality, schema].")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list instead of a table.")] = False,
    threshold: Annotated[
        float, typer.Option(help="Score from which a listed entry is a candidate.", min=0.0, max=1.0)
    ] = THRESHOLD,
    lists: Annotated[
        list[str] | None,
        typer.Option("--list", help=f"Screen against this list only (repeatable): {', '.join(SOURCES)}."),
    ] = None,
) -> None:
    """Screen each name of a CSV file against the imported sanctions lists, in file order."""
    for source in lists or ():
        if source not in SOURCES:
            raise fail(f"--list {source!r} is not one of {', '.join(SOURCES)}", 2)
    try:
        rows = read_names(path)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    setup_django()
    from multitrack.web.screening.services.lists import load_index

    index = load_index(tuple(lists) if lists else None)
    if not len(index):
        raise fail(
            "no sanctions list imported; run multitrack watchlist import un-sc|ofac-sdn|ftm FILE first", 2
        )
    results = []
    for n, row in enumerate(rows, start=1):
        hits = index.search(row.name, row.schema, row.birth_dates, row.nationalities, threshold=threshold)
        candidates = [
            {
                "list": h.source,
                "entry_id": h.entry_id,
                "matched_name": h.matched_name,
                "score": h.score,
                "explanation": list(h.explanation),
            }
            for h in hits
        ]
        results.append({"row": n, "name": row.name, "candidates": candidates})
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False))
        return
    table = Table("#", "name", "list", "entry", "matched name", "score", "why")
    for result in results:
        found = result["candidates"]
        assert isinstance(found, list)
        if not found:
            table.add_row(str(result["row"]), escape(str(result["name"])), "", "", "no candidate", "", "")
        for c in found:
            why = "; ".join(c["explanation"][1:3])
            table.add_row(
                str(result["row"]),
                escape(str(result["name"])),
                c["list"],
                escape(c["entry_id"]),
                escape(c["matched_name"]),
                f"{c['score']:.2f}",
                escape(why),
            )
    out.print(table)
