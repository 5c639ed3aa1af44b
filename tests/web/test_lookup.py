"""Finding an actor as one types: codes for everyone who reads rows, persons' names only where the user
may reveal them, audited once per working session and compartment rather than once a keystroke."""

from __future__ import annotations

import pytest

from multitrack.web.audit.models import AuditEvent
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(compartment):
    return {
        "amina": f.actor(name="Amina Example", compartment=compartment, aliases=["Umm Khalid"]),
        "forum": f.actor(kind="organisation", name="Highland Peace Forum", compartment=compartment),
        "hidden": f.actor(name="Amina Elsewhere", compartment=f.compartment(name="Elsewhere")),
    }


def reveals() -> list[str]:
    return list(AuditEvent.objects.filter(action="reveal").values_list("summary", flat=True))


def test_an_editor_finds_persons_by_name_and_the_session_is_audited_once(people, compartment):
    editor = client_with_role("editor", compartment)
    response = editor.get("/actors/lookup/", {"q": "amin"})
    html = response.content.decode()
    amina = people["amina"]
    assert f'data-pick-actor="{amina.pk}">{amina.code} — Amina Example<' in html
    assert "Elsewhere" not in html  # another compartment's person
    assert response["Cache-Control"] == "no-store"
    assert reveals() == [f"persons looked up by name (first time this session; shown: {amina.code})"]
    by_alias = editor.get("/actors/lookup/", {"q": "khalid"}).content.decode()
    assert f'data-pick-actor="{amina.pk}"' in by_alias  # found by an alias
    assert len(reveals()) == 1  # not once a keystroke
    by_code = editor.get("/actors/lookup/", {"q": amina.code.lower()}).content.decode()
    assert f">{amina.code}<" in by_code


def test_an_analyst_finds_by_code_and_organisations_by_name_never_persons(people, compartment):
    analyst = client_with_role("analyst", compartment)
    assert "Amina" not in analyst.get("/actors/lookup/", {"q": "amina"}).content.decode()
    assert (
        f"{people['amina'].code}<"
        in analyst.get("/actors/lookup/", {"q": people["amina"].code}).content.decode()
    )
    assert "Highland Peace Forum" in analyst.get("/actors/lookup/", {"q": "peace"}).content.decode()
    assert reveals() == []


def test_a_funder_and_short_queries_get_nothing(people, compartment):
    assert client_with_role("funder", compartment).get("/actors/lookup/", {"q": "amina"}).status_code == 404
    owner = client_with_role("owner", compartment)
    assert "data-pick-actor" not in owner.get("/actors/lookup/", {"q": "a"}).content.decode()
    assert reveals() == []


def test_the_participants_form_offers_the_lookup(compartment, auth_client):
    initiative = f.initiative()
    html = auth_client.get(initiative.get_absolute_url()).content.decode()
    assert 'hx-get="/actors/lookup/"' in html and "Find by code or name" in html
    analyst = client_with_role("analyst", compartment).get(initiative.get_absolute_url()).content.decode()
    assert 'hx-get="/actors/lookup/"' not in analyst  # analysts add nobody
