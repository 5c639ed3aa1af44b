"""Screening where it matters: a new or renamed actor is screened when saved, adding a person with an open
or confirmed hit to an event warns at that moment, and the initiative shows an open hit as a warning —
always by pseudonym, never by name, and only to roles that read the registry's rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from multitrack.web.audit.models import AuditEvent
from multitrack.web.registry.models import Actor
from multitrack.web.screening.models import ScreeningHit
from multitrack.web.screening.services import screen
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

NAME = "Muammar al-Gaddafi"
PERSON = {"kind": "person", "level": "top", "official_status": "unofficial"}


def create(client: Client, compartment, name: str) -> str:
    response = client.post(
        "/actors/new/", {**PERSON, "compartment": compartment.pk, "name": name}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def screenings() -> int:
    return AuditEvent.objects.filter(object_type="screening").count()


def test_a_new_actor_is_screened_at_once_and_the_warning_names_only_the_pseudonym(auth_client, compartment):
    f.watchlist()
    html = create(auth_client, compartment, NAME)
    actor = Actor.objects.get()
    (hit,) = ScreeningHit.objects.all()
    assert hit.actor == actor and hit.open
    assert f"{actor.code} may be a listed person: a screening hit is open." in html
    assert "Gaddafi" not in html.replace("Moammar Gaddafi", "")  # the listed name is public, the actor's not

    innocent = create(auth_client, compartment, "Amina Example")
    assert "may be a listed person" not in innocent and ScreeningHit.objects.count() == 1


def test_without_a_list_the_user_is_told_nothing_was_screened(auth_client, compartment):
    html = create(auth_client, compartment, "Amina Example")
    code = Actor.objects.get().code
    assert f"{code} was not screened: no sanctions list is loaded: import one to screen actors." in html


def test_a_rename_is_screened_again_and_other_edits_are_not(auth_client, compartment):
    f.watchlist()
    actor = f.actor(name="Amina Example", compartment=compartment, level="top")
    url = reverse("registry:actor_update", args=[actor.pk])
    form = {**PERSON, "compartment": compartment.pk, "name": "Amina Example"}
    before = screenings()
    auth_client.post(url, {**form, "level": "middle"})
    assert screenings() == before  # nothing screening reads has changed
    html = auth_client.post(url, {**form, "name": NAME}, follow=True).content.decode()
    assert screenings() == before + 1 and ScreeningHit.objects.get().actor == actor
    assert f"{actor.code} may be a listed person" in html


@pytest.fixture
def listed(compartment, user):
    """A person with an open hit, and an initiative with an event."""
    f.watchlist()
    person = f.actor(name=NAME, compartment=compartment, date_of_birth=date(1942, 6, 7))
    screen.screen_actors([person], screen.build_index(screen.active_entities()), user)
    initiative = f.initiative(title="Water talks")
    return {"person": person, "initiative": initiative, "event": f.event(initiative)}


def add(client: Client, listed, **extra: str):
    return client.post(
        reverse("registry:participation_add", args=[listed["initiative"].pk]),
        {"actor": listed["person"].pk, "role": "participant", **extra},
        headers={"HX-Request": "true"},
    )


def test_adding_a_person_with_an_open_hit_to_an_event_warns_at_once(auth_client, listed):
    html = add(auth_client, listed, event=str(listed["event"].pk)).content.decode()
    code = listed["person"].code
    assert f"{code} may be a listed person: a screening hit is not yet decided." in html
    assert 'class="badge warn-badge" title="A screening hit is not yet decided">open hit<' in html
    assert "Gaddafi" not in html


def test_adding_a_decided_true_match_warns_too(auth_client, listed, user):
    screen.decide(ScreeningHit.objects.get(), "true_match", "same person", user)
    html = add(auth_client, listed).content.decode()
    assert f"{listed['person'].code} is a decided true match on a sanctions list." in html
    assert ">listed</span>" in html


def test_the_initiative_shows_an_open_hit_to_those_who_read_rows(auth_client, listed, compartment, user):
    add(auth_client, listed)
    url = listed["initiative"].get_absolute_url()
    code = listed["person"].code
    for client in (auth_client, client_with_role("analyst", compartment)):
        html = client.get(url).content.decode()
        assert 'data-code="open_screening_hit"' in html and f"{code} takes part and may be a listed" in html
    funder = client_with_role("funder", compartment).get(url).content.decode()
    assert "open_screening_hit" not in funder and code not in funder

    screen.decide(ScreeningHit.objects.get(), "false_positive", "different person", user)
    assert "open_screening_hit" not in auth_client.get(url).content.decode()
