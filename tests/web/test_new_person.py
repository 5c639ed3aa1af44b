"""Recording a person met at an event from the event's page: kept in the initiative's compartment, added
with their role, screened, and checked against the persons already recorded first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from multitrack.web.registry.models import Actor, Participation
from multitrack.web.screening.models import ScreeningHit
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(compartment):
    return f.event(f.initiative(start_date=date(2024, 1, 1)), title="Round 1", start_date=date(2024, 2, 1))


def post(client, event, name: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"event": event.pk, "new-name": name, "new-official_status": "unofficial", "new-role": "observer"}
    return client.post(
        f"/initiatives/{event.initiative_id}/participants/new-person/", {**data, **extra}, follow=True
    )


def test_a_person_met_at_an_event_is_recorded_and_added(auth_client, event, compartment):
    html = post(
        auth_client, event, "Amina Example", **{"new-level": "grassroots", "new-gender": "woman"}
    ).content.decode()
    actor = Actor.objects.get()
    assert (actor.kind, actor.compartment, actor.level, actor.gender) == (
        "person",
        compartment,
        "grassroots",
        "woman",
    )
    p = Participation.objects.get()
    assert (p.event, p.role, p.attended) == (event, "observer", True)
    assert f"Recorded {actor.code} and added them." in html and "Amina" not in html


def test_a_planned_events_new_person_has_not_attended_yet(auth_client, event):
    planned = f.event(event.initiative, start_date=timezone.localdate() + timedelta(days=3))
    post(auth_client, planned, "Amina Example")
    assert Participation.objects.get().attended is False


def test_a_resembling_name_is_pointed_out_and_nothing_is_written(auth_client, event, compartment):
    existing = f.actor(name="Amina Example", compartment=compartment)
    response = post(auth_client, event, "Amina Exampel")
    assert response.status_code == 400
    assert f"This name resembles {existing.code}" in response.content.decode()
    assert Actor.objects.count() == 1 and not Participation.objects.exists()
    post(auth_client, event, "Amina Exampel", **{"new-create_anyway": "on"})
    assert Actor.objects.count() == 2


def test_a_new_person_is_screened_at_once(auth_client, event):
    f.watchlist()
    html = post(auth_client, event, "Muammar al-Gaddafi").content.decode()
    hit = ScreeningHit.objects.get()
    assert f"{hit.actor.code} may be a listed person" in html


def test_a_bad_form_writes_nothing(auth_client, event):
    response = post(auth_client, event, "", **{"new-role": "minister"})
    assert response.status_code == 400 and not Actor.objects.exists()
