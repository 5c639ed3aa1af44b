"""The opinion map as a Vega-Lite spec: each participant a dot placed by the two principal components of
the votes, coloured by opinion group (grey: fewer votes than needed to be grouped), each group's centre
labelled. Dots carry no id: the map shows the shape of opinion, not who is where."""

from __future__ import annotations

from typing import Any

from multitrack.core.consultation import Analysis

from .report import group_name

UNGROUPED = "not grouped (too few votes)"


def opinion_map(analysis: Analysis) -> dict[str, Any]:
    dots = [
        {
            "x": round(p.x, 4),
            "y": round(p.y, 4),
            "group": group_name(p.group) if p.group is not None else UNGROUPED,
        }
        for p in (*analysis.clustered, *analysis.unclustered)
    ]
    centres = [
        {"x": round(g.centre[0], 4), "y": round(g.centre[1], 4), "label": f"{group_name(g.id)} ({g.size})"}
        for g in analysis.groups
    ]
    names = [group_name(g.id) for g in analysis.groups]
    scale = {"domain": [*names, UNGROUPED], "range": [*_PALETTE[: len(names)], "#b8bec6"]}
    axis = {"labels": False, "ticks": False, "grid": False, "domain": False}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 360,
        "layer": [
            {
                "data": {"values": dots},
                "mark": {"type": "circle", "size": 36, "opacity": 0.7},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "title": "first component", "axis": axis},
                    "y": {"field": "y", "type": "quantitative", "title": "second component", "axis": axis},
                    "color": {"field": "group", "type": "nominal", "title": None, "scale": scale},
                },
            },
            {
                "data": {"values": centres},
                "mark": {"type": "text", "fontWeight": "bold", "fontSize": 13, "dy": -12},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
        "config": {"legend": {"orient": "bottom"}},
    }


# Colour-blind-safe (Okabe–Ito), dark enough on white.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
