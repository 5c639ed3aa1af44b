"""`multitrack inclusion …`: who is in the room, in which role, on which track — counts with small cells
suppressed, presence against influence, and tokenism flags; from the registry or from a CSV file."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from multitrack import config
from multitrack.cli_common import fail, out, setup_django
from multitrack.core import inclusion
from multitrack.core.suppression import SuppressedTable, Table, suppress

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


def _load(
    input_file: Path | None, user: str | None, raw: bool
) -> tuple[list[inclusion.Record], bool, dict[str, Any]]:
    """The records, whether raw counts may be shown, and the display order of coded values."""
    if input_file is not None:
        try:
            text = input_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise fail(f"{input_file}: no such file", 2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{input_file}: cannot be read ({exc})", 2) from None
        try:
            return inclusion.read_file(text, str(input_file)), raw, {}
        except inclusion.InclusionError as exc:
            raise fail(str(exc), 2) from None
    setup_django()
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.accounts.roles import Role
    from multitrack.web.registry import inclusion as registry

    if user:
        reader: Any = get_user_model().objects.filter(username=user).first()
        if reader is None:
            raise fail(f"no user {user!r}; `multitrack member set` adds members", 2)
    else:  # the command line's own reading: aggregates of every compartment, as a funder would see them
        reader = CompartmentViewer(set(Compartment.objects.values_list("pk", flat=True)), Role.FUNDER)
    if raw and not (user and registry.raw_allowed(reader)):
        raise fail(
            "--raw needs --as a user who may read rows in every compartment counted; without it counts "
            "below MULTITRACK_MIN_CELL are suppressed",
            2,
        )
    return registry.records(reader), raw, registry.order()


def _filtered(records: list[inclusion.Record], role_group: str | None) -> list[inclusion.Record]:
    if role_group is None:
        return records
    if role_group not in {inclusion.PRESENCE, inclusion.INFLUENCE}:
        raise fail(f"--role-group: {role_group!r} is not presence or influence", 2)
    return [r for r in records if r.group == role_group]


def _dimensions(by: str, records: list[inclusion.Record], input_file: Path | None) -> list[str]:
    dims = [d.strip() for d in by.split(",") if d.strip()]
    if not dims:
        raise fail("--by: give at least one dimension", 2)
    if input_file is not None:
        known = inclusion.dimensions_of(records)
    else:
        from multitrack.web.registry.inclusion import dimensions

        known = dimensions()
    unknown = [d for d in dims if d not in known]
    if unknown:
        raise fail(f"--by: unknown dimension {', '.join(unknown)}; this data has: {', '.join(known)}", 2)
    return dims


def _published(table: Table, raw: bool) -> SuppressedTable:
    return suppress(table, 1 if raw else int(config.raw("MULTITRACK_MIN_CELL")))


def _statement(result: SuppressedTable, raw: bool) -> str:
    if raw:
        return "raw counts: not for publication"
    hidden = len(result.primary) + len(result.complementary)
    return (
        f"counts below {result.threshold} are suppressed, with enough others that none can be derived from "
        f"the totals: {len(result.primary)} cell(s) below the threshold, {len(result.complementary)} more "
        f"to protect them ({hidden} in all, totals not counted)"
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
    records, raw, order = _load(input_file, user, raw)
    records = _filtered(records, role_group)
    dims = _dimensions(by, records, input_file)
    rows, cols = (dims[:-1], dims[-1:]) if len(dims) > 1 else (dims, [])
    result = _published(inclusion.crosstab(records, rows, cols, order), raw)
    statement = _statement(result, raw)
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
    over: Annotated[str, typer.Option("--over", help="Compare across this dimension: track, period …")] = "",
    input_file: Input = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """Each group's share of presence and of influence, and the gap, overall or across --over; counts
    are suppressed as in `table` (unless --raw) and a share resting on a suppressed count is withheld."""
    records, raw, order = _load(input_file, user, raw)
    groups = _dimensions(by, records, input_file)
    across = _dimensions(over, records, input_file) if over else []
    result = _published(inclusion.share_table(records, groups, across, order), raw)
    found = inclusion.shares(result)
    statement = _statement(result, raw)
    data = [
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
    """Groups present in an initiative but holding no influence role there (a tokenism signal). Groups
    smaller than the threshold are counted, not named, unless --raw."""
    records, raw, _ = _load(input_file, user, raw)
    groups = _dimensions(by, records, input_file)
    [unit] = _dimensions(unit, records, input_file)[:1]
    threshold = 1 if raw else int(config.raw("MULTITRACK_MIN_CELL"))
    flags = inclusion.tokenism(records, groups, unit)
    named = [f for f in flags if f.present >= threshold]
    hidden = len(flags) - len(named)
    if as_json:
        data = {
            "by": groups,
            "unit": unit,
            "flags": [{"unit": f.unit, "group": f.group, "present": f.present} for f in named],
            "unnamed_small_groups": hidden,
            "threshold": threshold,
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    for f in named:
        out.print(f"{f.unit}: {f.group} — {f.present} present, no influence role", markup=False)
    if hidden:
        out.print(
            f"{hidden} more flag(s) on groups of fewer than {threshold} persons, not named", markup=False
        )
    if not flags:
        out.print("no group is present without influence", markup=False)


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
    input_file: Input = None,
    raw: Raw = False,
    user: As = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The published reference lines (e.g. women as 13 % of negotiators, 1992–2019) beside the same
    share in this data; a share resting on a suppressed count is withheld unless --raw."""
    from multitrack.sources.reference_lines import shipped

    records, raw, order = _load(input_file, user, raw)
    across = _dimensions(over, records, input_file) if over else []
    lines = []
    for line in shipped():
        result = _published(inclusion.role_table(records, line.dimension, line.roles, across, order), raw)
        lines.append(
            {
                "key": line.key,
                "title": line.title,
                "reference": line.share,
                "period": line.period,
                "source": line.source,
                "url": line.url,
                "here": {
                    (c if across else "all"): _round(v)
                    for c, v in inclusion.share_of(result, line.value).items()
                },
                "persons_in_roles": result.total,
            }
        )
    statement = "raw counts" if raw else "shares resting on counts below the threshold are withheld"
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
