"""The indicator entry grid: periods of the indicator's frequency × its categories and the total, every
changed cell saved in one transaction and one audit entry, or nothing when a cell cannot be read."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from multitrack.core import indicators as core
from multitrack.web.audit.models import AuditEvent
from multitrack.web.evaluation.models import Indicator, Measurement, Target
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def quarters() -> list[str]:
    return [p.label for p in core.grid_periods("quarter", timezone.localdate())]


@pytest.fixture
def indicator(compartment: Any) -> Indicator:
    return f.indicator(
        f.initiative(compartment=compartment),
        frequency="quarter",
        disaggregation="gender",
        categories=["woman", "man"],
    )


def grid_url(indicator: Indicator) -> str:
    return f"/evaluation/indicators/{indicator.pk}/grid/"


def cells(page: Any) -> dict[str, str]:
    """The grid's fields as the form would post them: name → value."""
    return {c["name"]: c["value"] for row in page.context["rows"] for c in row["cells"]}


def grid_entries() -> list[str]:
    events = AuditEvent.objects.filter(object_type="evaluation.indicator", summary__contains="entry grid")
    return list(events.values_list("summary", flat=True))


def test_the_grid_shows_periods_by_categories_prefilled(auth_client, indicator):
    now, before = quarters()[-3], quarters()[-4]
    Measurement.objects.create(indicator=indicator, period=before, category="woman", value=4)
    Measurement.objects.create(indicator=indicator, period="2001", value=9)  # of another length
    page = auth_client.get(grid_url(indicator))
    assert page.status_code == 200
    assert [r["period"] for r in page.context["rows"]] == quarters() and len(quarters()) == 10
    assert page.context["columns"] == ["Total", "woman", "man"]
    assert cells(page)[f"cell-{before}-1"] == "4" and cells(page)[f"cell-{now}-0"] == ""
    html = page.content.decode()
    assert 'aria-label="' + f"{before} · woman" + '"' in html
    assert "1 value of other periods" in html
    detail = auth_client.get(f"/evaluation/indicators/{indicator.pk}/").content.decode()
    assert "Enter values in a grid" in detail and grid_url(indicator) in detail


def test_one_post_adds_updates_and_removes_with_one_audit_entry(auth_client, indicator):
    first, second = quarters()[0], quarters()[1]
    Measurement.objects.create(indicator=indicator, period=first, category="woman", value=4, source="lists")
    Measurement.objects.create(indicator=indicator, period=first, category="man", value=5)
    data = cells(auth_client.get(grid_url(indicator)))
    data |= {f"cell-{first}-1": "4,5", f"cell-{first}-2": "", f"cell-{second}-0": "12"}
    before = AuditEvent.objects.count()
    response = auth_client.post(grid_url(indicator), data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Saved 3 cells: 1 added, 1 updated, 1 removed."]
    stored = {(m.period, m.category): (m.value, m.source) for m in Measurement.objects.all()}
    assert stored == {(first, "woman"): (4.5, "lists"), (second, ""): (12.0, "")}  # the source is kept
    assert AuditEvent.objects.count() == before + 1  # one entry, not one per cell
    assert grid_entries() == [
        f"Indicator {indicator.code}: 3 cells of the entry grid saved (1 added, 1 updated, 1 removed)"
    ]
    event = AuditEvent.objects.latest("seq")
    assert event.action == "update" and event.compartment_id == indicator.compartment_id
    assert "4.5" not in event.summary and "12" not in event.summary
    # posting the same again changes nothing and records nothing
    response = auth_client.post(grid_url(indicator), cells(response), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Nothing changed."]
    assert AuditEvent.objects.count() == before + 1


def test_a_bad_cell_refuses_the_whole_grid_and_is_named(auth_client, indicator):
    first, second = quarters()[0], quarters()[1]
    Measurement.objects.create(indicator=indicator, period=first, category="woman", value=4)
    data = cells(auth_client.get(grid_url(indicator)))
    data |= {
        f"cell-{first}-1": "",
        f"cell-{second}-1": "many",
        f"cell-{second}-2": "inf",
        f"cell-{second}-0": "7",
    }
    before = AuditEvent.objects.count()
    page = auth_client.post(grid_url(indicator), data)
    assert page.status_code == 200
    assert page.context["problems"] == [f"{second} · woman: not a number", f"{second} · man: not a number"]
    html = page.content.decode()
    assert "Nothing was saved" in html and f"{second} · woman: not a number" in html
    assert f'aria-describedby="cell-{second}-1-error"' in html  # the error is shown at the cell
    assert cells(page)[f"cell-{second}-1"] == "many"  # what was typed is kept
    assert [(m.period, m.value) for m in Measurement.objects.all()] == [(first, 4.0)]  # nothing changed
    assert AuditEvent.objects.count() == before


def test_a_qualitative_indicator_has_text_cells(auth_client, compartment):
    indicator = f.indicator(f.initiative(compartment=compartment), code="Q1", kind="qualitative", unit="")
    now = core.period_of(timezone.localdate(), "year").label
    page = auth_client.get(grid_url(indicator))
    assert "<textarea" in page.content.decode() and page.context["columns"] == ["Total"]
    data = cells(page) | {f"cell-{now}-0": "Officials quote the joint paper"}
    auth_client.post(grid_url(indicator), data)
    assert Measurement.objects.get().text == "Officials quote the joint paper"
    assert "joint paper" not in " ".join(grid_entries())


def test_periods_due_are_highlighted_in_the_grid_and_on_the_indicator_page(auth_client, indicator):
    today = timezone.localdate()
    year = core.period_of(today, "year")
    Target.objects.create(indicator=indicator, period=year.label, value=10)
    recorded = core.period_of(year.start, "quarter").label  # the first quarter of this year
    Measurement.objects.create(indicator=indicator, period=recorded, category="man", value=3)
    expected = [p.label for p in core.due("quarter", [year.label], [recorded], today)]
    assert expected and recorded not in expected
    page = auth_client.get(grid_url(indicator))
    assert [r["period"] for r in page.context["rows"] if r["due"]] == expected
    html = page.content.decode()
    assert html.count('<span class="visually-hidden"> (due)</span>') == len(expected)
    detail = auth_client.get(f"/evaluation/indicators/{indicator.pk}/")
    assert [p.label for p in detail.context["due"]] == expected
    text = detail.content.decode()
    assert text.count('<tr class="due">') == len(expected)
    assert f"/values/add/?period={expected[0]}" in text


@pytest.mark.parametrize(("role", "status"), [("analyst", 404), ("funder", 404)])
def test_only_those_who_may_write_use_the_grid(compartment, indicator, role, status):
    client = client_with_role(role, compartment)
    assert client.get(grid_url(indicator)).status_code == status
    assert client.post(grid_url(indicator), {f"cell-{quarters()[0]}-0": "1"}).status_code == status
    html = client.get(f"/evaluation/indicators/{indicator.pk}/").content.decode()
    assert "Enter values in a grid" not in html
    assert Measurement.objects.count() == 0


def test_outsiders_do_not_learn_the_indicator_exists(auth_client, indicator):
    elsewhere = f.indicator(f.initiative(compartment=f.compartment()), frequency="year")
    assert auth_client.get(grid_url(elsewhere)).status_code == 404
    assert auth_client.post(grid_url(elsewhere), {"cell-2026-0": "1"}).status_code == 404
    assert Measurement.objects.count() == 0
