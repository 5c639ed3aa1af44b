"""'Add to event' from an actor's page: for who writes both where the actor is kept and where the event
is; refusals name the actor by pseudonym; a person with an open hit is warned about at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.accounts.models import Membership
from multitrack.web.registry.models import Participation
from multitrack.web.screening.services import screen
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(compartment):
    initiative = f.initiative(title="Water talks", start_date=date(2024, 1, 1))
    return {
        "event": f.event(initiative, title="Round 1", start_date=date(2024, 2, 1)),
        "amina": f.actor(name="Muammar al-Gaddafi", compartment=compartment, date_of_birth=date(1942, 6, 7)),
    }


def post(client, scene, **data):  # type: ignore[no-untyped-def]
    body = {"event": scene["event"].pk, "role": "observer", "attended": "on", **data}
    return client.post(f"/actors/{scene['amina'].pk}/add-to-event/", body, follow=True)


def test_an_editor_adds_an_actor_to_an_event_from_its_page(scene, compartment, user):
    f.watchlist()
    screen.screen_actors([scene["amina"]], screen.build_index(screen.active_entities()), user)
    editor = client_with_role("editor", compartment)
    page = editor.get(f"/actors/{scene['amina'].pk}/").content.decode()
    assert "Water talks — Round 1 (2024-02-01)" in page
    html = post(editor, scene).content.decode()
    assert Participation.objects.get().event == scene["event"]
    code = scene["amina"].code
    assert f"Added {code}" in html and f"{code} may be a listed person" in html and "Gaddafi" not in html
    again = post(editor, scene).content.decode()
    assert f"{code} was not added to “Round 1”: {code} already has this role here." in again
    assert Participation.objects.count() == 1


def test_an_analyst_and_an_editor_elsewhere_cannot(scene, compartment):
    analyst = client_with_role("analyst", compartment)
    assert "add-to-event" not in analyst.get(f"/actors/{scene['amina'].pk}/").content.decode()
    assert post(analyst, scene).status_code == 404
    # an editor of another compartment who only reads this one: may not add its people to their events
    other = f.compartment(name="Elsewhere")
    theirs = f.event(
        f.initiative(compartment=other, start_date=date(2024, 1, 1)), start_date=date(2024, 3, 1)
    )
    editor = client_with_role("editor", other)
    Membership.objects.create(
        user=get_user_model().objects.get(username=f"editor-{other.pk}"),
        compartment=compartment,
        role="analyst",
    )
    assert post(editor, scene, event=theirs.pk).status_code == 404
    assert not Participation.objects.exists()
