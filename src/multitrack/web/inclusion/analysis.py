"""One inclusion analysis, shared by the page, the CSV export, the chart image and the API: the table of
distinct persons, each group's share of presence and of influence, tokenism flags, and the reference lines
beside the same shares here.

`published` decides whether small cells are suppressed: always for funders, exports, images and reports,
and for anyone who may not read rows in every compartment counted; members who may read rows see raw
counts on screen (and can preview what is published).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from multitrack.core import inclusion
from multitrack.core.suppression import SuppressedTable
from multitrack.web.registry import inclusion as registry

from .models import reference_lines

COLUMN_CHOICES = ("track", "period", "level", "role_group", "role", "initiative", "context")


@dataclass(frozen=True)
class Query:
    rows: tuple[str, ...] = ("gender",)
    column: str = "track"
    role_group: str = ""  # "", presence or influence
    initiative: int | None = None
    context: int | None = None

    def as_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"rows": list(self.rows), "column": self.column}
        for name in ("role_group", "initiative", "context"):
            if getattr(self, name):
                params[name] = getattr(self, name)
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
                f"is suppressed below {self.threshold}."
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
    records = registry.records(
        user, initiatives=[query.initiative] if query.initiative else None, context=query.context
    )
    if not published and not registry.raw_allowed(user, [query.initiative] if query.initiative else None):
        published = True
    threshold = int(settings.MIN_CELL)
    output = inclusion.publish(
        records,
        query.rows,
        query.column,
        lines=reference_lines(),
        order=registry.order(),
        threshold=threshold if published else 1,
        role_group=query.role_group,
    )
    return Analysis(query, published, threshold, output.units, output)


def label(dimension: str, value: str) -> str:
    """A value of one dimension, or of an intersection ("woman × youth"), as people read it."""
    parts = value.split(inclusion.SEPARATOR)
    return inclusion.SEPARATOR.join(registry.label(dimension, p) for p in parts)


def chart_spec(analysis: Analysis) -> dict[str, Any] | None:
    """Vega-Lite: each group's share of presence and of influence per column, and a panel per reference
    line with the share here beside the published figure (a rule)."""
    rows = []
    for s in analysis.shares:
        for measure, value in (("presence", s.presence_share), ("influence", s.influence_share)):
            if value is not None:
                rows.append(
                    {"column": s.column, "group": s.group, "measure": measure, "share": round(value, 4)}
                )
    if not rows and not analysis.references:
        return None
    shares = {
        "title": "Share of presence and of influence",
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "column", "type": "ordinal", "title": analysis.query.column.replace("_", " ")},
            "y": {"field": "share", "type": "quantitative", "axis": {"format": "%"}, "title": "share"},
            "color": {"field": "group", "type": "nominal", "title": ", ".join(analysis.query.rows)},
            "strokeDash": {"field": "measure", "type": "nominal", "title": "role group"},
            "tooltip": [
                {"field": "group"},
                {"field": "measure"},
                {"field": "column"},
                {"field": "share", "format": ".0%"},
            ],
        },
        "width": 420,
        "height": 240,
    }
    references = []
    for ref in analysis.references:
        values = [{"column": c, "share": v} for c, v in ref.here.items() if v is not None]
        layers: list[dict[str, Any]] = [
            {
                "data": {
                    "values": [
                        {"reference": ref.line.share, "label": f"{ref.line.share:.0%} ({ref.line.period})"}
                    ]
                },
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#8a4b00"},
                "encoding": {"y": {"field": "reference", "type": "quantitative"}},
            }
        ]
        if values:
            layers.insert(
                0,
                {
                    "data": {"values": values},
                    "mark": {"type": "bar", "color": "#1f7a5a"},
                    "encoding": {
                        "x": {"field": "column", "type": "ordinal", "title": None},
                        "y": {
                            "field": "share",
                            "type": "quantitative",
                            "axis": {"format": "%"},
                            "title": None,
                        },
                        "tooltip": [{"field": "column"}, {"field": "share", "format": ".0%"}],
                    },
                },
            )
        references.append({"title": ref.line.title, "layer": layers, "width": 160, "height": 160})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "vconcat": [*([shares] if rows else []), *([{"hconcat": references}] if references else [])],
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
    }
