"""One inclusion analysis, shared by the page, the CSV export, the chart image and the API: the table of
distinct persons, each group's share of presence and of influence, tokenism flags, and the reference lines
beside the same shares here.

`published` decides whether small cells are suppressed: always for funders, exports, images and reports,
and for anyone who may not read rows in every compartment counted; members who may read rows see raw
counts on screen (and can preview what is published).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from multitrack.core import inclusion
from multitrack.core.suppression import SuppressedTable

from ..models import reference_lines
from . import records

OVER_TIME = "track_period"  # each track over time: the columns are the combinations of track and year
COLUMN_CHOICES = ("track", "period", OVER_TIME, "level", "role_group", "role", "initiative", "context")


@dataclass(frozen=True)
class Query:
    rows: tuple[str, ...] = ("gender",)
    column: str = "track"
    role_group: str = ""  # "", presence or influence
    initiative: int | None = None
    context: int | None = None
    start: date | None = None  # participations from this day (events, else the initiative's start)
    end: date | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return ("track", "period") if self.column == OVER_TIME else (self.column,)

    def as_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"rows": list(self.rows), "column": self.column}
        for name in ("role_group", "initiative", "context"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        for name in ("start", "end"):
            if getattr(self, name):
                params[name] = getattr(self, name).isoformat()
        return params


@dataclass
class Analysis:
    query: Query
    published: bool
    threshold: int
    persons: int  # persons in a column counted, before suppression (not shown when published)
    output: inclusion.Output

    @property
    def table(self) -> SuppressedTable:
        return self.output.persons

    @property
    def shares(self) -> list[inclusion.Share]:
        return self.output.shares

    @property
    def references(self) -> list[inclusion.Reference]:
        return self.output.references

    @property
    def flags(self) -> list[inclusion.Flag]:
        return self.output.flags or []

    @property
    def flags_apply(self) -> bool:
        """Whether flags are read for this column (they need the persons split by role group)."""
        return self.output.flags is not None

    @property
    def statement(self) -> str:
        if not self.published:
            return (
                "Raw counts, for your screen only: what leaves it (funder view, exports, images, reports) "
                f"is suppressed below {self.threshold}. Consultation participants are counted only in what "
                "is published: their answers never leave unsuppressed."
            )
        primary, complementary = self.output.hidden
        if not primary + complementary:
            return f"No count below {self.threshold}: nothing needed to be suppressed."
        return (
            f"Counts below {self.threshold} are suppressed in all the tables of this question together "
            "(persons, persons by role group, reference lines), with enough others that none can be worked "
            f"out from the totals or from the tables taken together: {primary} cell(s) below the threshold "
            f"and {complementary} more to protect them are shown as “suppressed”; shares resting on them "
            "are withheld."
        )


def analyse(user: Any, query: Query, *, published: bool) -> Analysis:
    """The question's tables, suppressed together at MULTITRACK_MIN_CELL unless raw counts are asked for
    and the user may read rows in every compartment counted."""
    if not published and not records.raw_allowed(user, [query.initiative] if query.initiative else None):
        published = True
    output = publish(
        user,
        query.rows,
        query.columns,
        published=published,
        role_group=query.role_group,
        initiatives=[query.initiative] if query.initiative else None,
        context=query.context,
        start=query.start,
        end=query.end,
    )
    return Analysis(query, published, int(settings.MIN_CELL), output.units, output)


def publish(
    reader: Any,
    rows: Sequence[str],
    columns: str | Sequence[str] | None,
    *,
    published: bool,
    role_group: str = "",
    initiatives: list[int] | None = None,
    context: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> inclusion.Output:
    """The one inclusion pipeline of the page, the API and the command line: the persons `reader` may
    count, by `rows` across `columns`, with the organisation's reference lines, suppressed together below
    MULTITRACK_MIN_CELL when `published` (raw otherwise: the caller checks that the reader may see them).
    Consultation participants' answers are counted only in what is published."""
    found = records.records(
        reader, initiatives=initiatives, context=context, start=start, end=end, consultations=published
    )
    return inclusion.publish(
        found,
        rows,
        columns,
        lines=reference_lines(),
        order=records.order(),
        threshold=int(settings.MIN_CELL) if published else 1,
        role_group=role_group,
    )


def label_rows(query: Query, value: str) -> str:
    """A group (a row: "woman × youth") as people read it."""
    parts = value.split(inclusion.SEPARATOR)
    if len(parts) != len(query.rows):
        return value
    return inclusion.SEPARATOR.join(records.label(d, p) for d, p in zip(query.rows, parts, strict=True))


def label(dimension: str, value: str) -> str:
    """A value of one dimension, or of an intersection ("woman × youth"), as people read it."""
    parts = value.split(inclusion.SEPARATOR)
    return inclusion.SEPARATOR.join(records.label(dimension, p) for p in parts)


def column_label(query: Query, value: str) -> str:
    """A column of the question as people read it: "Track 2", "2024", "Track 2 × 2024"."""
    parts = value.split(inclusion.SEPARATOR)
    if len(parts) != len(query.columns):
        return value
    return inclusion.SEPARATOR.join(records.label(d, p) for d, p in zip(query.columns, parts, strict=True))
