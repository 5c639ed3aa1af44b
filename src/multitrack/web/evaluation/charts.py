"""Vega-Lite specs of the evaluation app's charts, built from plain results and drawn in the page by
charts.js with the vendored Vega (no request leaves the app)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from multitrack.core import indicators as core

from .models import Indicator


def indicator_spec(
    indicator: Indicator, points: list[core.Point], categories: dict[str, list[core.Point]]
) -> dict[str, Any]:
    """A Vega-Lite spec: the values per period (a line for the total, one per category when the values
    are disaggregated), the baseline as a rule and the targets as diamonds."""
    values: list[dict[str, Any]] = [
        {
            "period": p.period.label,
            "start": p.period.start.isoformat(),
            "series": _("Total"),
            "value": p.value,
        }
        for p in points
        if p.value is not None
    ]
    for category, series in categories.items():
        values += [
            {
                "period": p.period.label,
                "start": p.period.start.isoformat(),
                "series": category,
                "value": p.value,
            }
            for p in series
            if p.value is not None
        ]
    targets: list[dict[str, Any]] = [
        {"period": t.period, "start": core.period(t.period).start.isoformat(), "value": t.value}
        for t in indicator.targets.all()
        if t.value is not None
    ]
    y = {"field": "value", "type": "quantitative", "title": indicator.unit or _("value")}
    yearly = all(len(v["period"]) == 4 for v in values) and all(len(t["period"]) == 4 for t in targets)
    axis: dict[str, Any] = (
        {"format": "%Y", "tickCount": {"interval": "year", "step": 1}} if yearly else {"format": "%Y-%m"}
    )
    x = {"field": "start", "type": "temporal", "title": _("period"), "axis": axis}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": x,
                "y": y,
                "color": {"field": "series", "type": "nominal", "title": None},
                "tooltip": [
                    {"field": "series", "title": _("series")},
                    {"field": "period", "title": _("period")},
                    {"field": "value", "title": _("value")},
                ],
            },
        }
    ]
    if targets:
        layers.append(
            {
                "data": {"values": targets},
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 120,
                    "filled": True,
                    "color": "#8a5a00",
                },
                "encoding": {
                    "x": x,
                    "y": y,
                    "tooltip": [
                        {"field": "period", "title": _("target for")},
                        {"field": "value", "title": _("target")},
                    ],
                },
            }
        )
    if indicator.baseline_value is not None:
        layers.append(
            {
                "data": {"values": [{"value": indicator.baseline_value}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#666666"},
                "encoding": {"y": y, "tooltip": [{"field": "value", "title": _("baseline")}]},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("Values of indicator %(code)s per period, with its baseline and targets")
        % {"code": indicator.code},
        "width": "container",
        "height": 280,
        "layer": layers,
    }
