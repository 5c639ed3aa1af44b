"""The overview says what needs doing, to whom: each kind of work only to those who can do it, in the
compartments where they can, persons by pseudonym only; a funder sees what is shared with them."""

from __future__ import annotations

from datetime import date

import pytest

from multitrack.web.evaluation.models import Measurement, Outcome, Substantiation, Target
from multitrack.web.registry.services.overview import overview
from multitrack.web.screening.models import ScreeningHit
from multitrack.web.screening.services import screen
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

NAME = "Muammar al-Gaddafi"


@pytest.fixture
def work(compartment, user):
    """One of each kind of work in the default compartment: an open hit, a draft map, an initiative with
    a reviewer warning, a value due, an outcome without substantiation."""
    listed = f.actor(name=NAME, compartment=compartment, date_of_birth=date(1942, 6, 7))
    f.watchlist()
    screen.screen_actors([listed], screen.build_index(screen.active_entities()), user)
    initiative = f.initiative(title="Water talks")  # no third party, no format: the track is unclear
    f.conflict_map()
    indicator = f.indicator(initiative)
    Target.objects.create(indicator=indicator, period="2026", value=12)
    Target.objects.create(indicator=indicator, period="2026-Q3", value=3)
    Measurement.objects.create(indicator=indicator, period="2026-Q3", value=3)
    Target.objects.create(indicator=indicator, period="2023", value=8)  # long over: no longer due
    Target.objects.create(indicator=indicator, period="2027", value=20)  # not begun
    outcome = Outcome.objects.create(
        initiative=initiative,
        title="Formula tabled",
        description="d",
        contribution="c",
        observed_on=date(2026, 5, 4),
    )
    return {"listed": listed, "initiative": initiative, "indicator": indicator, "outcome": outcome}


def tasks(user, today=date(2026, 12, 8)):
    return {task.key: task for task in overview(user, today).tasks}


def test_an_owner_is_shown_each_kind_of_work_with_where_it_is_done(work, user):
    found = tasks(user)
    assert set(found) == {"hits", "drafts", "warnings", "values", "outcomes"}
    (hit,) = found["hits"].entries
    assert hit.label == work["listed"].code and hit.url == f"/screening/hits/{ScreeningHit.objects.get().pk}/"
    assert found["drafts"].entries[0].url.startswith("/maps/")
    assert [e.label for e in found["warnings"].entries] == ["Water talks"]
    (due,) = found["values"].entries
    assert (due.label, due.note, due.url) == (
        "OC1 · 2026",
        "due by 31 Dec 2026",
        work["indicator"].get_absolute_url(),
    )
    assert [e.label for e in found["outcomes"].entries] == ["Formula tabled"]


def test_done_work_leaves_the_list(work, user):
    screen.decide(ScreeningHit.objects.get(), "false_positive", "different person", user)
    Measurement.objects.create(indicator=work["indicator"], period="2026", value=11)
    Substantiation.objects.create(
        outcome=work["outcome"], substantiator="Adviser", agreement="agree_fully", on=date(2026, 6, 1)
    )
    assert set(tasks(user)) == {"drafts", "warnings"}


def test_a_value_becomes_overdue_when_its_period_ends_and_drops_off_a_year_later(work, user):
    assert tasks(user, date(2027, 2, 1))["values"].entries[0].note == "overdue since 31 Dec 2026"
    assert [e.label for e in tasks(user, date(2027, 3, 1))["values"].entries] == ["OC1 · 2026", "OC1 · 2027"]
    assert [e.label for e in tasks(user, date(2028, 6, 1))["values"].entries] == ["OC1 · 2027"]


def test_the_page_as_owner_analyst_funder_and_outsider(work, compartment, auth_client):
    owner = auth_client.get("/").content.decode()
    assert "Screening hits to decide" in owner and work["listed"].code in owner and NAME not in owner
    assert "Latest changes in your compartments" in owner  # the audit log is the owner's

    analyst = client_with_role("analyst", compartment).get("/").content.decode()
    assert "Initiatives with reviewer warnings" in analyst
    for hidden in (
        "Screening hits to decide",
        "Drafts not yet saved",
        "Indicator values due",
        "Latest changes",
    ):
        assert hidden not in analyst
    assert work["listed"].code not in analyst

    funder = client_with_role("funder", compartment).get("/").content.decode()
    assert "To do" not in funder and "actors</a>" not in funder and "events</li>" not in funder
    assert f"Shared with you: {compartment.name}" in funder
    assert f"/compartments/{compartment.pk}/aggregates/" in funder
    assert f"/evaluation/initiatives/{work['initiative'].pk}/contribution/" in funder

    editor = client_with_role("editor", compartment).get("/").content.decode()
    assert "Screening hits to decide" in editor and "Latest changes" not in editor

    outsider = client_with_role("owner", f.compartment(name="Elsewhere")).get("/").content.decode()
    for hidden in ("Screening hits", "Water talks", "Formula tabled", work["listed"].code, "Shared with you"):
        assert hidden not in outsider
    assert "Nothing waits for you" in outsider
