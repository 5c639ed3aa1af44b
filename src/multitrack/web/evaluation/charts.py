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
    are disaggregated), the baseline as a rule and the targets as diamonds.

    The x axis is a row of periods, not a calendar: one slot per period of the finest kind among the
    indicator's frequency and the periods shown (2026-Q1, 2026-Q2 …, each named once, none left out),
    so periods are labelled as they are written. A longer period sits in the slot of its last part:
    a target for 2026 on a quarterly series is drawn at 2026-Q4, the end of the year it is due by.
    """
    plotted = [p for p in points if p.value is not None] + [
        p for series in categories.values() for p in series if p.value is not None
    ]
    targets = [(core.period(t.period), t.value) for t in indicator.targets.all() if t.value is not None]
    periods = [p.period for p in plotted] + [p for p, _v in targets]
    kind = core.finest([p.kind for p in periods] + [indicator.frequency])
    slots = (
        [
            s.label
            for s in core.periods_between(min(p.start for p in periods), max(p.end for p in periods), kind)
        ]
        if periods
        else []
    )

    def slot(p: core.Period) -> str:
        return core.period_of(p.end, kind).label

    values: list[dict[str, Any]] = [
        {"period": p.period.label, "slot": slot(p.period), "series": _("Total"), "value": p.value}
        for p in points
        if p.value is not None
    ]
    for category, series in categories.items():
        values += [
            {"period": p.period.label, "slot": slot(p.period), "series": category, "value": p.value}
            for p in series
            if p.value is not None
        ]
    target_values = [{"period": p.label, "slot": slot(p), "value": v} for p, v in sorted(targets)]
    y = {"field": "value", "type": "quantitative", "title": indicator.unit or _("value")}
    axis: dict[str, Any] = {"labelAngle": 0 if len(slots) <= 12 else -45, "labelOverlap": "parity"}
    x = {
        "field": "slot",
        "type": "ordinal",
        "title": _("period (%(kind)s)") % {"kind": _kind_title(kind)},
        "scale": {"domain": slots},
        "axis": axis,
    }
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
    if target_values:
        layers.append(
            {
                "data": {"values": target_values},
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


def _kind_title(kind: str) -> str:
    titles = {"year": _("year"), "half": _("half-year"), "quarter": _("quarter"), "month": _("month")}
    return titles[kind]
