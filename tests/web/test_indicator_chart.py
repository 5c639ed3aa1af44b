"""The indicator chart's Vega-Lite spec: an x axis of periods (each named as written, once, in order,
none left out), targets in the slot of their period's end."""

from __future__ import annotations

from typing import Any

import pytest

from multitrack.core import indicators as core
from multitrack.web.evaluation.charts import indicator_spec
from multitrack.web.evaluation.models import Indicator, Measurement, Target
from tests import factories as f

pytestmark = pytest.mark.django_db


def spec_of(indicator: Indicator) -> dict[str, Any]:
    measurements = indicator.measurements_core()
    return indicator_spec(indicator, core.totals(measurements), core.by_category(measurements))


def test_quarters_are_labelled_as_quarters_and_a_year_target_sits_at_the_year_end(compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), baseline_value=1)
    for label, value in (("2026-Q1", 3), ("2026-Q2", 4), ("2025-Q3", 2)):
        Measurement.objects.create(indicator=indicator, period=label, value=value)
    Target.objects.create(indicator=indicator, period="2026", value=8)
    line, targets, _baseline = spec_of(indicator)["layer"]
    x = line["encoding"]["x"]
    assert x["type"] == "ordinal" and x["field"] == "slot" and x["title"] == "period (quarter)"
    domain = x["scale"]["domain"]
    assert domain == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert len(set(domain)) == len(domain)  # no repeated tick
    assert [(v["period"], v["slot"]) for v in line["data"]["values"]] == [
        ("2025-Q3", "2025-Q3"),
        ("2026-Q1", "2026-Q1"),
        ("2026-Q2", "2026-Q2"),
    ]
    assert targets["data"]["values"] == [{"period": "2026", "slot": "2026-Q4", "value": 8.0}]
    assert targets["encoding"]["x"] == x  # one axis for values and targets


def test_a_yearly_series_has_one_slot_a_year(compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), categories=["woman", "man"])
    for label, category, value in (("2016", "woman", 4), ("2016", "man", 18), ("2019", "woman", 11)):
        Measurement.objects.create(indicator=indicator, period=label, category=category, value=value)
    Target.objects.create(indicator=indicator, period="2021", value=30)
    line, targets = spec_of(indicator)["layer"]
    assert line["encoding"]["x"]["scale"]["domain"] == ["2016", "2017", "2018", "2019", "2020", "2021"]
    assert line["encoding"]["x"]["axis"]["labelAngle"] == 0
    assert {(v["series"], v["slot"]) for v in line["data"]["values"]} == {
        ("Total", "2016"),
        ("Total", "2019"),
        ("woman", "2016"),
        ("man", "2016"),
        ("woman", "2019"),
    }
    assert targets["data"]["values"] == [{"period": "2021", "slot": "2021", "value": 30.0}]


def test_months_with_a_half_year_target_and_many_slots(compartment):
    indicator = f.indicator(f.initiative(compartment=compartment))
    Measurement.objects.create(indicator=indicator, period="2025-01", value=1)
    Measurement.objects.create(indicator=indicator, period="2025-11", value=2)
    Target.objects.create(indicator=indicator, period="2025-H2", value=5)
    line, targets = spec_of(indicator)["layer"]
    domain = line["encoding"]["x"]["scale"]["domain"]
    assert domain == [f"2025-{m:02d}" for m in range(1, 13)]
    assert targets["data"]["values"][0]["slot"] == "2025-12"
    Measurement.objects.create(indicator=indicator, period="2026-03", value=3)
    x = spec_of(indicator)["layer"][0]["encoding"]["x"]
    assert len(x["scale"]["domain"]) == 15 and x["axis"]["labelAngle"] == -45
