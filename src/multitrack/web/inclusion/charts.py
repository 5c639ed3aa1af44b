"""The inclusion question's chart: a Vega-Lite spec for the page (drawn by charts.js with the vendored
Vega) and the same chart as a static SVG drawn on the server for downloads and reports."""

from __future__ import annotations

import base64
from typing import Any

from multitrack.core import inclusion

from .services import records
from .services.analysis import OVER_TIME, Analysis, Query, column_label, label_rows


def _place(query: Query, column: str) -> dict[str, str]:
    """Where a column goes in the chart: x (and, for tracks over time, the track of its panel)."""
    if query.column == OVER_TIME and column.count(inclusion.SEPARATOR) == 1:
        track, period = column.split(inclusion.SEPARATOR)
        return {"track": records.label("track", track), "column": period}
    return {"column": column_label(query, column) if column != "all" else "all"}


def chart_spec(analysis: Analysis) -> dict[str, Any] | None:
    """Vega-Lite: each group's share of presence and of influence per column (for tracks over time, one
    panel per track with the years across), and a panel per reference line with the share here beside
    the published figure (a rule)."""
    query = analysis.query
    over_time = query.column == OVER_TIME
    rows = []
    for s in analysis.shares:
        for measure, value in (("presence", s.presence_share), ("influence", s.influence_share)):
            if value is not None:
                rows.append(
                    {
                        **_place(query, s.column),
                        "group": label_rows(query, s.group),
                        "measure": measure,
                        "share": round(value, 4),
                    }
                )
    if not rows and not analysis.references:
        return None
    x_title = "year" if over_time else query.column.replace("_", " ")
    encoding: dict[str, Any] = {
        "x": {"field": "column", "type": "ordinal", "title": x_title},
        "y": {"field": "share", "type": "quantitative", "axis": {"format": "%"}, "title": "share"},
        "color": {"field": "group", "type": "nominal", "title": ", ".join(query.rows)},
        "strokeDash": {"field": "measure", "type": "nominal", "title": "role group"},
        "tooltip": [
            {"field": "group"},
            {"field": "measure"},
            *([{"field": "track"}] if over_time else []),
            {"field": "column", "title": x_title},
            {"field": "share", "format": ".0%"},
        ],
    }
    if over_time:
        encoding["row"] = {"field": "track", "type": "nominal", "title": None}
    shares = {
        "title": "Share of presence and of influence" + (", each track over time" if over_time else ""),
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
        "width": 420,
        "height": 160 if over_time else 240,
    }
    references = []
    for ref in analysis.references:
        values = [{**_place(query, c), "share": v} for c, v in ref.here.items() if v is not None]
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
                    "mark": {"type": "bar", **({} if over_time else {"color": "#1f7a5a"})},
                    "encoding": {
                        "x": {"field": "column", "type": "ordinal", "title": None},
                        **(
                            {
                                "xOffset": {"field": "track"},
                                "color": {"field": "track", "type": "nominal", "title": "track"},
                            }
                            if over_time
                            else {}
                        ),
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
        # the reference lines three to a row: side by side, a dozen would be 2,000 px wide
        "vconcat": [
            *([shares] if rows else []),
            *([{"concat": references, "columns": 3}] if references else []),
        ],
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
    }


def chart_svg(analysis: Analysis, title: str) -> str:
    """The chart as a static SVG image, drawn on the server (vl-convert: no browser, nothing fetched), with
    the suppression statement under the title — for downloads and reports."""
    import vl_convert

    spec = chart_spec(analysis)
    if spec is None:
        spec = {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "mark": "text",
            "data": {"values": [{"t": "No shares to draw: nobody in presence or influence roles."}]},
            "encoding": {"text": {"field": "t"}},
        }
    spec["title"] = {"text": title, "subtitle": _lines_of(analysis.statement, 110)}
    return str(vl_convert.vegalite_to_svg(spec))


def chart_data_uri(analysis: Analysis, title: str) -> str:
    """The SVG image as a data: URI, to put in a page or a standalone report (`img-src data:`)."""
    svg = chart_svg(analysis, title).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _lines_of(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
