"""Vega-Lite specs of the UCDP app's charts (UCDP's conflicts per year), built from plain figures and
drawn in the page by charts.js with the vendored Vega (no request leaves the app)."""

from __future__ import annotations

from typing import Any

# Stacking order (bottom first) and colours of the conflict types; the colours stay apart for the common
# forms of colour blindness (Tableau 10, as Vega-Lite uses by default).
TYPE_LABELS = {
    "intrastate": "Intrastate",
    "internationalized_intrastate": "Internationalized intrastate",
    "interstate": "Interstate",
    "extrasystemic": "Extrasystemic",
}
TYPE_COLOURS = {
    "intrastate": "#4c78a8",
    "internationalized_intrastate": "#f58518",
    "interstate": "#e45756",
    "extrasystemic": "#72b7b2",
}
WARS = "Wars (1,000+ battle-related deaths)"
DYADS = "Active dyads"


def _tick_years(years: list[int]) -> list[int]:
    span = len(years)
    step = 1 if span <= 15 else 5 if span <= 60 else 10
    return [y for y in years if y % step == 0] or years[:1]


def chart_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Vega-Lite spec: conflicts stacked by type per year, a line for wars, and one for dyads when the
    dyadic data is there. Each layer carries its own inline data, so no expression filters are needed."""
    years = [int(r["year"]) for r in rows]
    order = list(TYPE_LABELS)
    bars = [
        {"year": r["year"], "type": TYPE_LABELS[t], "rank": order.index(t), "count": r["by_type"][t]}
        for r in rows
        for t in order
    ]
    lines = [{"year": r["year"], "series": WARS, "count": r["wars"]} for r in rows]
    series = [WARS]
    if any("dyads" in r for r in rows):
        lines += [{"year": r["year"], "series": DYADS, "count": r.get("dyads", 0)} for r in rows]
        series.append(DYADS)
    x = {
        "field": "year",
        "type": "ordinal",
        "title": "Year",
        "axis": {"values": _tick_years(years), "labelAngle": 0},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": (
            f"Active state-based armed conflicts per year, {years[0]}–{years[-1]}, stacked by type of "
            "conflict, with a line for wars"
            + (" and a line for active dyads" if DYADS in series else "")
            + ". The table below the chart gives the same figures."
        ),
        "width": "container",
        "height": 320,
        "config": {
            "font": "system-ui, sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e9ee"},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 0,
                "orient": "bottom",
                "direction": "vertical",
            },
        },
        # The bars and the lines keep their own colour scales and legends ("by type", and "lines").
        "resolve": {"scale": {"color": "independent", "strokeDash": "independent"}},
        "layer": [
            {
                "data": {"values": bars},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "count",
                        "type": "quantitative",
                        "stack": "zero",
                        "title": "Number per year",
                    },
                    "color": {
                        "field": "type",
                        "type": "nominal",
                        "title": "Active conflicts by type",
                        "scale": {
                            "domain": [TYPE_LABELS[t] for t in order],
                            "range": [TYPE_COLOURS[t] for t in order],
                        },
                    },
                    "order": {"field": "rank", "type": "quantitative", "sort": "ascending"},
                    "tooltip": [
                        {"field": "year", "type": "ordinal", "title": "Year"},
                        {"field": "type", "type": "nominal", "title": "Type"},
                        {"field": "count", "type": "quantitative", "title": "Active conflicts"},
                    ],
                },
            },
            {
                "data": {"values": lines},
                "mark": {"type": "line", "point": {"filled": True, "size": 24}, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "count", "type": "quantitative"},
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": "Lines",
                        "scale": {"domain": series, "range": ["#1d2430", "#8a4b00"][: len(series)]},
                        "legend": {"symbolType": "stroke", "symbolStrokeWidth": 2, "symbolSize": 300},
                    },
                    "strokeDash": {
                        "field": "series",
                        "type": "nominal",
                        "title": "Lines",
                        "scale": {"domain": series, "range": [[1, 0], [6, 3]][: len(series)]},
                    },
                    "tooltip": [
                        {"field": "year", "type": "ordinal", "title": "Year"},
                        {"field": "series", "type": "nominal", "title": "Figure"},
                        {"field": "count", "type": "quantitative", "title": "Number"},
                    ],
                },
            },
        ],
    }
