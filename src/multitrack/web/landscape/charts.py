"""A context's landscape as one Vega-Lite timeline: a lane for Track One agreements, one for mediation
events, one for armed-conflict intensity, then one per initiative of the organisation (a bar from start to
end, coloured by phase). The tables on the page carry the same rows for those who do not see the chart."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from .context import Landscape

AGREEMENTS = "Track One agreements (PA-X)"
EVENTS = "Mediation events (MEND)"
CONFLICT = "Armed conflict (UCDP)"
# Colour-blind-safe (Okabe–Ito), dark enough on white.
OTHERS = "other third parties"
THIRD_PARTY_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00")  # Okabe–Ito
PHASES = {"pre_negotiation": "#0072B2", "negotiation": "#D55E00", "implementation": "#009E73"}


PERIOD = ({"field": "start", "type": "temporal"}, {"field": "end", "type": "temporal"})


def _bars(values: list[dict[str, Any]], x: dict[str, Any], mark: dict[str, Any] | None = None,
          **encoding: Any) -> dict[str, Any]:  # fmt: skip
    """A lane of bars from start to end: armed conflict by year, our initiatives, partners' cards."""
    return {
        "data": {"values": values},
        "mark": {"type": "bar", "height": 14, **(mark or {})},
        "encoding": {"x": x, "x2": {"field": "end"}, "y": {"field": "lane"}, **encoding},
    }


def _month(year: int, month: int | None) -> str:
    return date(year, month or 7, 1).isoformat()


def timeline(land: Landscape) -> dict[str, Any]:
    today = date.today().isoformat()
    lanes: list[str] = []
    layers: list[dict[str, Any]] = []
    x = {
        "field": "start",
        "type": "temporal",
        "title": None,
        "axis": {"format": "%Y", "tickCount": {"interval": "year", "step": 1}, "labelOverlap": True},
    }
    if land.agreements:
        lanes.append(AGREEMENTS)
        values = [
            {
                "lane": AGREEMENTS,
                "start": a.signed.isoformat(),
                "what": a.name,
                "gender": "with gender provisions" if a.gender else "without",
            }
            for a in land.agreements
        ]
        layers.append(
            {
                "data": {"values": values},
                "mark": {"type": "tick", "thickness": 3, "size": 18},
                "encoding": {
                    "x": x,
                    "y": {"field": "lane"},
                    "color": {
                        "field": "gender",
                        "type": "nominal",
                        "title": "Agreements",
                        "scale": {
                            "domain": ["with gender provisions", "without"],
                            "range": ["#CC79A7", "#56606b"],
                        },
                    },
                    "tooltip": [{"field": "start", "type": "temporal", "title": "signed"}, {"field": "what"}],
                },
            }
        )
    if land.events:
        lanes.append(EVENTS)
        # Coloured by third party: the most frequent ones by name, the rest together.
        counts = Counter(party for e in land.events for party in e.third_parties)
        named = [party for party, _n in counts.most_common(len(THIRD_PARTY_COLOURS))]
        values = [
            {
                "lane": EVENTS,
                "start": _month(e.year, e.month),
                "what": "; ".join(e.third_parties) or "(no third party recorded)",
                "by": next((p for p in e.third_parties if p in named), OTHERS),
            }
            for e in land.events
        ]
        colours = {"domain": [*named, OTHERS], "range": [*THIRD_PARTY_COLOURS[: len(named)], "#b8bec6"]}
        layers.append(
            {
                "data": {"values": values},
                "mark": {"type": "circle", "size": 70, "opacity": 0.75},
                "encoding": {
                    "x": x,
                    "y": {"field": "lane"},
                    "color": {
                        "field": "by",
                        "type": "nominal",
                        "title": "Mediation, by third party",
                        "scale": colours,
                    },
                    "tooltip": [
                        {"field": "start", "type": "temporal", "title": "when", "format": "%Y-%m"},
                        {"field": "what", "title": "third parties"},
                    ],
                },
            }
        )
    if land.conflict_years:
        lanes.append(CONFLICT)
        values = [
            {
                "lane": CONFLICT,
                "start": f"{y['year']}-01-01",
                "end": f"{y['year']}-12-31",
                "intensity": "war (1,000+ battle deaths)" if y["intensity"] == 2 else "minor (25–999)",
            }
            for y in land.conflict_years
        ]
        layers.append(
            _bars(
                values, x,
                color={"field": "intensity", "type": "nominal", "title": "Armed conflict", "scale": {
                    "domain": ["minor (25–999)", "war (1,000+ battle deaths)"],
                    "range": ["#f0b27a", "#a93226"]}},
                tooltip=[{"field": "start", "type": "temporal", "format": "%Y", "title": "year"},
                         {"field": "intensity"}],
            )
        )  # fmt: skip
    dated = [i for i in land.initiatives if i["start"]]
    if dated:
        values = [
            {
                "lane": f"{i['code']} · {i['track_label']}",
                "start": i["start"],
                "end": i["end"] or today,
                "phase": i["phase_label"],
                "what": i["title"],
            }
            for i in dated
        ]
        lanes += [v["lane"] for v in values]
        layers.append(
            _bars(
                values, x, {"cornerRadius": 3},
                color={"field": "phase", "type": "nominal", "title": "Our initiatives, by phase",
                       "scale": {"range": list(PHASES.values())}},
                tooltip=[{"field": "what", "title": "initiative"}, {"field": "phase"}, *PERIOD],
            )
        )  # fmt: skip
    partners = [p for p in land.partners if p["start"]]
    if partners:
        values = [
            {
                "lane": f"{p['organisation']} · {p['label']}"[:60],
                "start": p["start"],
                "end": p["end"] or today,
                "who": p["organisation"],
                "what": p["label"],
            }
            for p in partners
        ]
        lanes += [v["lane"] for v in values]
        layers.append(
            _bars(
                values, x, {"cornerRadius": 3, "color": "#8c96a3"},
                tooltip=[{"field": "who", "title": "partner"}, {"field": "what", "title": "card"}, *PERIOD],
            )
        )  # fmt: skip
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 26 * max(len(lanes), 1),  # a lane 26 px high
        "encoding": {
            "y": {
                "field": "lane",
                "type": "nominal",
                "title": None,
                "sort": lanes,
                "axis": {"labelLimit": 260},
            }
        },
        "layer": layers,
        "resolve": {"scale": {"color": "independent"}},
        "config": {"legend": {"orient": "bottom", "direction": "vertical"}},
    }
