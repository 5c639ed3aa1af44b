"""The attendance grid: actors × an initiative's events, a role in each cell, saved all at once or not at
all; persons by pseudonym; only actors the user reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from multitrack.web.audit.models import AuditEvent
from multitrack.web.registry.models import Participation
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(compartment):
    initiative = f.initiative(start_date=date(2024, 1, 1))
    first = f.event(initiative, title="Round 1", start_date=date(2024, 2, 1))
    second = f.event(initiative, title="Round 2", start_date=date(2024, 3, 1))
    amina = f.actor(name="Amina Example", compartment=compartment)
    ben = f.actor(name="Ben Example", compartment=compartment)
    f.participate(initiative, amina, "facilitator", event=first)
    return {"initiative": initiative, "first": first, "second": second, "amina": amina, "ben": ben}


def url(r) -> str:  # type: ignore[no-untyped-def]
    return f"/initiatives/{r['initiative'].pk}/attendance/"


def cell(actor, event) -> str:  # type: ignore[no-untyped-def]
    return f"cell-{actor.pk}-{event.pk}"


def test_the_grid_shows_each_actor_at_each_event_by_pseudonym(auth_client: Client, round_):
    html = auth_client.get(url(round_)).content.decode()
    assert "Round 1" in html and "Round 2" in html and round_["amina"].code in html
    assert "Amina" not in html
    assert f'name="{cell(round_["amina"], round_["first"])}"' in html
    assert '<option value="facilitator" selected>' in html
    added = auth_client.get(url(round_), {"add": round_["ben"].pk}).content.decode()
    assert f'name="{cell(round_["ben"], round_["second"])}"' in added


def test_a_round_is_saved_at_once(auth_client: Client, round_):
    a, b, first, second = round_["amina"], round_["ben"], round_["first"], round_["second"]
    response = auth_client.post(
        url(round_) + f"?add={b.pk}",
        {
            cell(a, first): "facilitator|absent",  # invited, did not come
            cell(a, second): "facilitator",
            cell(b, first): "",
            cell(b, second): "participant",
        },
    )
    assert response.status_code == 302
    rows = {(p.actor, p.event, p.role, p.attended) for p in Participation.objects.all()}
    assert rows == {
        (a, first, "facilitator", False),
        (a, second, "facilitator", True),
        (b, second, "participant", True),
    }
    assert (
        AuditEvent.objects.filter(object_type="registry.participation", action="create").count() == 3
    )  # +1: fixture

    auth_client.post(
        url(round_), {cell(a, first): "", cell(a, second): "facilitator", cell(b, second): "participant"}
    )
    assert not Participation.objects.filter(event=first).exists()


def test_one_bad_cell_saves_nothing_and_is_named(auth_client: Client, round_, compartment):
    planned = f.event(
        round_["initiative"], title="Round 3", start_date=timezone.localdate() + timedelta(days=5)
    )
    stranger = f.actor(name="Elsewhere", compartment=f.compartment(name="Elsewhere"))
    a = round_["amina"]
    response = auth_client.post(
        url(round_),
        {
            cell(a, round_["second"]): "participant",
            cell(a, planned): "participant",
            cell(stranger, round_["first"]): "participant",
            cell(a, round_["first"]): "minister",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was saved." in html
    assert f"{a.code} at “Round 3”: The event starts on" in html and "nobody can have attended it yet" in html
    assert f"cell-{stranger.pk}-{round_['first'].pk}: not an actor you may record" in html
    assert f"{a.code} at “Round 1”: unknown role &#x27;minister&#x27;" in html
    assert Participation.objects.count() == 1  # as before
    assert '<option value="participant" selected>' in html  # the cells as they were filled in
