"""Inclusion analytics in the REST API: one table of distinct persons with the shares of presence and
influence and the reference lines, suppressed unless `raw=true` is asked by a reader who may see rows in
every compartment counted (funders always receive suppressed figures)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja import Query as QueryParams

from multitrack.api.schemas import ErrorOut
from multitrack.core import inclusion
from multitrack.core.suppression import SuppressedTable
from multitrack.web.inclusion.services import records
from multitrack.web.inclusion.services.analysis import COLUMN_CHOICES, Query, analyse

router = Router(tags=["inclusion"])


class TableIn(Schema):
    rows: list[str] = ["gender"]
    column: str = "track"
    role_group: str = ""
    initiative: int | None = None
    context: int | None = None
    raw: bool = False


class CountTableOut(Schema):
    """Distinct persons; null marks a number suppressed (below the threshold, or hidden to protect one)."""

    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]] = Field(description="one list per row, one number per column")
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


class ShareOut(Schema):
    """One group's place in one column; null marks a number suppressed or a share resting on one."""

    column: str
    group: str
    present: int | None = Field(description="persons of the group in the room with no influence role there")
    influential: int | None = Field(description="persons of the group in an influence role")
    presence_share: float | None = Field(description="the group's share of everyone in the room")
    influence_share: float | None = Field(description="the group's share of those with influence")
    gap: float | None = Field(description="share of influence minus share of presence")


class ReferenceLineOut(Schema):
    key: str
    title: str
    share: float = Field(description="the published share, 0 to 1")
    period: str
    source: str
    here: dict[str, float | None] = Field(
        description='the same share here, per column (the column\'s label, or "all"); null where nobody '
        "holds the roles or a number it needs is suppressed"
    )
    persons_in_roles: int | None = Field(description="persons in the line's roles here (null: suppressed)")


class FlagOut(Schema):
    """A group present in a column that holds no influence role there."""

    column: str
    group: str
    present: int | None = Field(description="null: suppressed (a small group, not 0)")
    influence_roles: int | None = Field(description="persons in influence roles in the column, all groups")


class TableOut(Schema):
    """Distinct persons by the rows' intersection across the column; null marks a number suppressed."""

    rows: list[str] = Field(description="the row dimensions asked for")
    column: str = Field(description="the column dimension")
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int | None]] = Field(description="one list per row, one number per column")
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    suppressed: bool = Field(description="small counts are suppressed (false: raw counts)")
    threshold: int = Field(description="the smallest count shown")
    statement: str = Field(description="what was suppressed, in words")
    shares: list[ShareOut]
    reference_lines: list[ReferenceLineOut]
    role_group_table: CountTableOut | None = Field(description="the same persons split by role group")
    flags: list[FlagOut] | None = Field(description="groups present without influence (null: not applicable)")


@router.get("/table", response={200: TableOut, 400: ErrorOut, 403: ErrorOut})
def table(request: HttpRequest, params: QueryParams[TableIn]) -> Any:
    """Distinct persons by the intersection of `rows` (repeat the parameter) across `column`, the same
    split by role group, shares, reference lines and flags — all suppressed together."""
    known = records.dimensions()
    unknown = [d for d in params.rows if d not in known]
    if unknown or not params.rows:
        return Status(
            400,
            {
                "detail": f"unknown or missing dimension {', '.join(unknown) or 'rows'}; "
                f"use: {', '.join(known)}"
            },
        )
    if params.column not in (*COLUMN_CHOICES, *known):
        return Status(
            400, {"detail": f"column {params.column!r} is not a dimension; use: {', '.join(COLUMN_CHOICES)}"}
        )
    if params.role_group not in ("", inclusion.PRESENCE, inclusion.INFLUENCE):
        return Status(400, {"detail": f"role_group {params.role_group!r} is not presence or influence"})
    scope = [params.initiative] if params.initiative else None
    if params.raw and not records.raw_allowed(request.user, scope):
        return Status(403, {"detail": "raw counts need the right to read rows in every compartment counted"})
    query = Query(tuple(params.rows), params.column, params.role_group, params.initiative, params.context)
    analysis = analyse(request.user, query, published=not params.raw)
    t = analysis.table
    return Status(
        200,
        {
            "rows": list(query.rows),
            "column": query.column,
            "row_labels": list(t.row_labels),
            "column_labels": list(t.col_labels),
            "cells": [list(r) for r in t.cells],
            "row_totals": list(t.row_totals),
            "column_totals": list(t.col_totals),
            "total": t.total,
            "suppressed": analysis.published,
            "threshold": analysis.threshold,
            "statement": analysis.statement,
            "shares": [
                {
                    "column": s.column,
                    "group": s.group,
                    "present": s.present,
                    "influential": s.influential,
                    "presence_share": s.presence_share,
                    "influence_share": s.influence_share,
                    "gap": s.gap,
                }
                for s in analysis.shares
            ],
            "reference_lines": [
                {
                    "key": r.line.key,
                    "title": r.line.title,
                    "share": r.line.share,
                    "period": r.line.period,
                    "source": r.line.source,
                    "here": r.here,
                    "persons_in_roles": r.persons,
                }
                for r in analysis.references
            ],
            "role_group_table": _table(analysis.output.share_table),
            "flags": (
                [
                    {
                        "column": f.unit,
                        "group": f.group,
                        "present": f.present,
                        "influence_roles": f.influence_roles,
                    }
                    for f in analysis.flags
                ]
                if analysis.flags_apply
                else None
            ),
        },
    )


def _table(t: SuppressedTable | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "row_labels": list(t.row_labels),
        "column_labels": list(t.col_labels),
        "cells": [list(r) for r in t.cells],
        "row_totals": list(t.row_totals),
        "column_totals": list(t.col_totals),
        "total": t.total,
    }
