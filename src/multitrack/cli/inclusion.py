"""`multitrack inclusion …`: who is in the room, in which role, on which track — counts with small cells
suppressed, presence against influence, and tokenism flags; from the registry or from a CSV file."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from multitrack import config
from multitrack.cli.common import fail, out, read_text, setup_django
from multitrack.core import inclusion

inclusion_app = typer.Typer(
    help="Inclusion analytics: participation by gender and other attributes, presence versus influence.",
    no_args_is_help=True,
)

By = Annotated[
    str,
    typer.Option(
        "--by",
        help="Dimensions, comma-separated: all but the last make the rows (their intersections), the last "
        "the columns; one dimension gives one column of persons. E.g. gender,track or gender,age,period.",
    ),
]
Input = Annotated[
    Path | None,
    typer.Option(
        "--input",
        help="A CSV file person,gender,track,role,period[,…] instead of the database (no database).",
    ),
]
RoleGroup = Annotated[str | None, typer.Option("--role-group", help="Only presence or influence roles.")]
Raw = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Unsuppressed counts: for a file, or with --as a user who may read rows in every compartment.",
    ),
]
As = Annotated[str | None, typer.Option("--as", help="Read the database as this user (their compartments).")]


@dataclass
class _Source:
    """Where a command's persons come from: a file's records (no database), or a reader of the registry."""

    records: list[inclusion.Record] | None = None
    reader: Any = None


def _load(input_file: Path | None, user: str | None, raw: bool) -> _Source:
    """The file's records, or the reader of the registry (who may see raw counts is checked here)."""
    if input_file is not None:
        text = read_text(input_file)
        try:
            return _Source(records=inclusion.read_file(text, str(input_file)))
        except inclusion.InclusionError as exc:
            raise fail(str(exc), 2) from None
    setup_django()
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.accounts.roles import Role
    from multitrack.web.inclusion.services import records

    if user:
        reader: Any = get_user_model().objects.filter(username=user).first()
        if reader is None:
            raise fail(f"no user {user!r}; `multitrack member set` adds members", 2)
    else:  # the command line's own reading: aggregates of every compartment, as a funder would see them
        reader = CompartmentViewer(set(Compartment.objects.values_list("pk", flat=True)), Role.FUNDER)
    if raw and not (user and records.raw_allowed(reader)):
        raise fail(
            "--raw needs --as a user who may read rows in every compartment counted; without it counts "
            "below MULTITRACK_MIN_CELL are suppressed",
            2,
        )
    return _Source(reader=reader)


def _checked(role_group: str | None) -> str | None:
    if role_group is not None and role_group not in {inclusion.PRESENCE, inclusion.INFLUENCE}:
        raise fail(f"--role-group: {role_group!r} is not presence or influence", 2)
    return role_group


def _dimensions(by: str, source: _Source) -> list[str]:
    dims = [d.strip() for d in by.split(",") if d.strip()]
    if not dims:
        raise fail("--by: give at least one dimension", 2)
    if source.records is not None:
        known = inclusion.dimensions_of(source.records)
    else:
        from multitrack.web.inclusion.services.records import dimensions

        known = dimensions()
    unknown = [d for d in dims if d not in known]
    if unknown:
        raise fail(f"--by: unknown dimension {', '.join(unknown)}; this data has: {', '.join(known)}", 2)
    return dims


def _publish(
    source: _Source,
    rows: list[str],
    column: str | list[str] | None,
    raw: bool,
    role_group: str | None = None,
) -> inclusion.Output:
    """The question's tables suppressed together: for the database by the same service as the web page
    and the API (the organisation's reference lines); for a file with the shipped reference lines."""
    try:
        if source.records is None:
            from multitrack.web.inclusion.services.analysis import publish

            return publish(source.reader, rows, column, published=not raw, role_group=role_group or "")
        from multitrack.sources.reference_lines import shipped

        return inclusion.publish(
            source.records,
            rows,
            column,
            lines=list(shipped()),
            order={},
            threshold=1 if raw else config.integer("MULTITRACK_MIN_CELL"),
            role_group=role_group or "",
        )
    except inclusion.InclusionError as exc:
        raise fail(str(exc), 2) from None


def _statement(output: inclusion.Output, raw: bool) -> str:
    if raw:
        return "raw counts: not for publication"
    primary, complementary = output.hidden
    return (
        f"counts below {output.threshold} are suppressed in all the tables of this question together "
        "(persons, persons by role group, reference lines), with enough others that none can be derived "
        f"from the totals or from the tables taken together: {primary} cell(s) below the threshold, "
        f"{complementary} more to protect them (totals not counted)"
    )


@inclusion_app.command("table")
def table_command(
    by: By,
    input_file: Input = None,
    role_group: RoleGroup = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """Distinct persons by the intersection of dimensions, small cells suppressed unless --raw."""
    source = _load(input_file, user, raw)
    role_group = _checked(role_group)
    dims = _dimensions(by, source)
    rows, cols = (dims[:-1], dims[-1:]) if len(dims) > 1 else (dims, [])
    output = _publish(source, rows, cols[0] if cols else None, raw, role_group)
    result = output.persons
    statement = _statement(output, raw)
    if as_json:
        data = {
            "rows": rows,
            "columns": cols,
            "role_group": role_group,
            "row_labels": list(result.row_labels),
            "column_labels": list(result.col_labels),
            "cells": [list(r) for r in result.cells],
            "row_totals": list(result.row_totals),
            "column_totals": list(result.col_totals),
            "total": result.total,
            "suppressed": not raw,
            "threshold": result.threshold,
            "statement": statement,
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerows(result.to_rows())
        writer.writerow([f"# {statement}"])
        return
    rows_out = result.to_rows()
    shown = RichTable(*rows_out[0])
    for line in rows_out[1:]:
        shown.add_row(*line)
    out.print(shown)
    out.print(statement, markup=False)


@inclusion_app.command("gaps")
def gaps_command(
    by: By,
    over: Annotated[
        str,
        typer.Option(
            "--over", help="Compare across this dimension (track, period …) or several: track,period."
        ),
    ] = "",
    input_file: Input = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """Each group's share of presence (of everyone in the room) and of influence, and the gap, overall or
    across --over; a person counts in one role group per column (with influence if they held an influence
    role there). Counts are suppressed as in `table` (unless --raw); a share resting on a suppressed count
    is withheld."""
    source = _load(input_file, user, raw)
    groups = _dimensions(by, source)
    across = _dimensions(over, source) if over else []
    output = _publish(source, groups, across, raw)
    if output.share_table is None:
        raise fail("--over: shares are compared across tracks, years, levels …, not across roles", 2)
    found = output.shares
    statement = _statement(output, raw)
    data: list[dict[str, Any]] = [
        {
            "column": s.column,
            "group": s.group,
            "present": s.present,
            "influential": s.influential,
            "presence_share": _round(s.presence_share),
            "influence_share": _round(s.influence_share),
            "gap": _round(s.gap),
        }
        for s in found
    ]
    if as_json:
        payload = {
            "by": groups,
            "over": across,
            "shares": data,
            "suppressed": not raw,
            "statement": statement,
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        columns = ["column", "group", "present", "influential", "presence_share", "influence_share", "gap"]
        writer.writerow(columns)
        for d in data:
            writer.writerow(["suppressed" if d[c] is None else d[c] for c in columns])
        writer.writerow([f"# {statement}"])
        return
    shown = RichTable("over", "group", "present", "influence", "share present", "share influence", "gap")
    for d in data:
        shown.add_row(
            d["column"],
            d["group"],
            _cell(d["present"]),
            _cell(d["influential"]),
            _percent(d["presence_share"]),
            _percent(d["influence_share"]),
            _percent(d["gap"], signed=True),
        )
    out.print(shown)
    out.print(statement, markup=False)


@inclusion_app.command("flags")
def flags_command(
    by: By,
    unit: Annotated[
        str, typer.Option("--unit", help="Where to look: initiative (default), track …")
    ] = "initiative",
    input_file: Input = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Groups in the room in an initiative (or per --unit: track, period …) where none of them holds an
    influence role, though others do (a tokenism signal). Read from the persons by role group, suppressed
    as in `table` unless --raw: a small group is still flagged, its count shown as suppressed."""
    source = _load(input_file, user, raw)
    groups = _dimensions(by, source)
    [unit] = _dimensions(unit, source)[:1]
    if unit in (inclusion.ROLE, inclusion.ROLE_GROUP) or unit in groups:
        raise fail(
            "--unit: flags are read per initiative, track, period …, not per role or a --by dimension", 2
        )
    output = _publish(source, groups, unit, raw)
    flags = output.flags or []
    if as_json:
        data = {
            "by": groups,
            "unit": unit,
            "flags": [
                {"unit": f.unit, "group": f.group, "present": f.present, "influence_roles": f.influence_roles}
                for f in flags
            ],
            "suppressed": not raw,
            "threshold": output.threshold,
            "statement": _statement(output, raw),
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    for f in flags:
        out.print(f"{f.unit}: {f.group} — {_cell(f.present)} present, no influence role", markup=False)
    if not flags:
        out.print("no group is present without influence", markup=False)
    out.print(_statement(output, raw), markup=False)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _cell(n: int | None) -> str:
    return "suppressed" if n is None else str(n)


def _percent(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:+.0f} %" if signed else f"{value * 100:.0f} %"


@inclusion_app.command("reference")
def reference_command(
    over: Annotated[
        str, typer.Option("--over", help="Compare per value of this dimension: period, track …")
    ] = "",
    by: Annotated[
        str, typer.Option("--by", help="The groups of the question the lines are published with.")
    ] = "gender",
    input_file: Input = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The reference lines (e.g. women as 13 % of negotiators, 1992–2019) beside the same share in this
    data, published with the question's tables (--by across --over) and suppressed with them: a share
    resting on a suppressed count is withheld unless --raw."""
    source = _load(input_file, user, raw)
    groups = _dimensions(by, source)
    across = _dimensions(over, source) if over else []
    output = _publish(source, groups, across, raw)
    lines: list[dict[str, Any]] = [
        {
            "key": ref.line.key,
            "title": ref.line.title,
            "reference": ref.line.share,
            "period": ref.line.period,
            "source": ref.line.source,
            "url": ref.line.url,
            "here": {c: _round(v) for c, v in ref.here.items()},
            "persons_in_roles": ref.persons,
        }
        for ref in output.references
    ]
    statement = _statement(output, raw)
    if as_json:
        payload = {"over": across, "lines": lines, "suppressed": not raw, "statement": statement}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    for item in lines:
        here = "; ".join(f"{c}: {_percent(v)}" for c, v in item["here"].items()) or "nobody holds these roles"
        out.print(
            f"{item['title']}: {item['reference'] * 100:.0f} % ({item['source']}). Here: {here}", markup=False
        )
    out.print(statement, markup=False)
