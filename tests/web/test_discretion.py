"""Pseudonyms by default, audited reveals, Chatham House notes, funder aggregates, account hardening."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import Client

from multitrack.web import settings as project_settings
from multitrack.web.audit.models import AuditEvent
from multitrack.web.registry.models import Actor, MeetingNote
from tests import factories as f
from tests.conftest import PASSWORD, client_with_role

pytestmark = pytest.mark.django_db

NAME = "Amina Example-Nadir"


@pytest.fixture
def person(compartment):
    return f.actor(name=NAME, aliases=["Umm Nadir"], notes="Met her brother in 2019", compartment=compartment)


def test_a_person_is_shown_by_pseudonym_until_revealed(person, compartment):
    editor = client_with_role("editor", compartment)
    page = editor.get(person.get_absolute_url()).content.decode()
    assert person.code in page and NAME not in page and "Umm Nadir" not in page
    assert "Reveal identity" in page
    revealed = editor.post(f"/actors/{person.pk}/reveal/")
    html = revealed.content.decode()
    assert revealed.status_code == 200 and NAME in html and "Umm Nadir" in html
    assert revealed["Cache-Control"] == "no-store"
    entry = AuditEvent.objects.filter(action="reveal").get()
    assert entry.object_id == str(person.pk) and person.code in entry.summary and NAME not in entry.summary


def test_an_analyst_cannot_reveal_or_find_by_name(person, compartment):
    analyst = client_with_role("analyst", compartment)
    page = analyst.get(person.get_absolute_url()).content.decode()
    assert "Reveal identity" not in page and NAME not in page
    assert analyst.post(f"/actors/{person.pk}/reveal/").status_code == 404
    assert person.code not in analyst.get("/actors/", {"q": NAME}).content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_an_editor_finds_a_person_by_exact_name(person, compartment):
    editor = client_with_role("editor", compartment)
    assert person.code in editor.get("/actors/", {"q": "  amina   EXAMPLE-nadir "}).content.decode()
    assert person.code not in editor.get("/actors/", {"q": "Amina"}).content.decode()


def test_opening_the_edit_form_of_a_person_is_a_reveal(person, compartment):
    editor = client_with_role("editor", compartment)
    assert NAME in editor.get(f"/actors/{person.pk}/edit/").content.decode()
    assert AuditEvent.objects.filter(action="reveal", object_id=str(person.pk)).count() == 1


def test_actor_shared_across_compartments_does_not_leak_the_other(person, compartment):
    other = f.compartment(name="Back channel team")
    secret = f.initiative(compartment=other, title="Secret talks")
    f.participate(secret, person)
    mine = f.initiative(compartment=compartment, title="Open dialogue")
    f.participate(mine, person)
    page = client_with_role("analyst", compartment).get(person.get_absolute_url()).content.decode()
    assert "Open dialogue" in page and "Secret talks" not in page and "Back channel team" not in page
    # An analyst of the compartment that keeps the person is told which one it is (their own).
    assert f"<dt>Kept in</dt><dd>{compartment.name}</dd>" in page
    # Someone who knows the person only through the other compartment sees them, but not this one's work.
    outsider = client_with_role("analyst", other).get(person.get_absolute_url()).content.decode()
    assert "Secret talks" in outsider and "Open dialogue" not in outsider
    assert "another team's compartment" in outsider


def test_chatham_house_notes_never_carry_a_speaker(person, compartment):
    event = f.event(f.initiative())
    note = MeetingNote.objects.create(
        event=event, text="Land before water.", chatham_house=True, speaker=person
    )
    note.refresh_from_db()
    assert note.speaker is None  # dropped on save
    note.chatham_house = False
    note.speaker = person
    note.save()
    note.refresh_from_db()
    assert note.chatham_house is True and note.speaker is None  # once non-attributable, always
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE registry_meetingnote SET speaker_id = %s WHERE id = %s", [person.pk, note.pk])


def test_chatham_house_form_refuses_a_speaker(person, compartment):
    event = f.event(f.initiative())
    from multitrack.web.registry.models import Participation

    Participation.objects.create(initiative=event.initiative, event=event, actor=person, role="participant")
    editor = client_with_role("editor", compartment)
    refused = editor.post(
        f"/events/{event.pk}/notes/add/", {"text": "x", "chatham_house": "on", "speaker": person.pk}
    )
    assert refused.status_code == 400
    assert "A non-attributable note cannot name who spoke." in refused.content.decode()
    ok = editor.post(f"/events/{event.pk}/notes/add/", {"text": "What was said.", "chatham_house": "on"})
    assert ok.status_code == 302
    page = editor.get(event.get_absolute_url()).content.decode()
    assert "Chatham House Rule: not attributable" in page


def test_funder_sees_aggregates_with_small_cells_hidden(compartment):
    initiative = f.initiative()
    for _ in range(7):
        f.participate(initiative, f.actor(gender="woman", level="middle"))
    f.participate(initiative, f.actor(gender="man", level="middle"))  # a single man: must not show
    funder = client_with_role("funder", compartment)
    html = funder.get(f"/compartments/{compartment.pk}/aggregates/").content.decode()
    assert "Participants by Lederach level and gender" in html
    assert "suppressed" in html
    csv = funder.get(f"/compartments/{compartment.pk}/aggregates/", {"format": "csv"}).content.decode()
    middle = next(line for line in csv.splitlines() if line.startswith("Middle-range leadership"))
    assert middle.split(",")[1:3] == ["suppressed", "suppressed"]
    assert AuditEvent.objects.filter(action="export", object_type="accounts.compartment").exists()
    # ...and never a person-level page.
    actors_page = funder.get("/actors/").content.decode()
    assert "No actors match." in actors_page and "New person" not in actors_page
    assert funder.get(f"/initiatives/{initiative.pk}/").status_code == 200
    assert "aggregates only" in funder.get(f"/initiatives/{initiative.pk}/").content.decode()


def test_login_is_throttled_after_repeated_failures(db):
    get_user_model().objects.create_user("mediator", password=PASSWORD)
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "mediator", "password": "wrong"})
    blocked = client.post("/accounts/login/", {"username": "mediator", "password": PASSWORD})
    assert blocked.status_code == 200
    assert "Too many failed logins for this account." in blocked.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 5


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the suite's fast hasher aside (conftest)
    user = get_user_model().objects.create_user("mediator", password=PASSWORD)
    assert user.password.startswith("argon2")


def test_security_headers(auth_client):
    response = auth_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "private, no-cache"


def test_pages_have_no_inline_script_or_style(auth_client, compartment):
    initiative = f.initiative()
    f.participate(initiative, f.actor())
    for url in ("/", "/initiatives/", initiative.get_absolute_url(), "/actors/", "/glossary/"):
        html = auth_client.get(url).content.decode()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html, url


def test_no_identity_in_logs_or_error_pages(person, compartment, caplog, settings):
    """Drive the pages that touch a person, including failures, and scan every log record."""
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)
    editor = client_with_role("editor", compartment)
    editor.get(person.get_absolute_url())
    editor.post(f"/actors/{person.pk}/reveal/")
    editor.post(f"/actors/{person.pk}/edit/", {"kind": "person", "name": NAME, "level": "nowhere"})
    editor.get("/actors/", {"q": NAME})
    editor.get("/actors/999999/")
    not_found = editor.get(f"/actors/{person.pk + 1000}/reveal/")
    assert NAME not in not_found.content.decode()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert NAME not in logged and "Umm Nadir" not in logged
    assert all(NAME not in e.summary for e in AuditEvent.objects.all())


def test_identifying_fields_are_encrypted_in_the_database(person):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, aliases, notes, name_index FROM registry_actor WHERE id = %s", [person.pk]
        )
        name, aliases, notes, name_index = cursor.fetchone()
    for stored in (name, aliases, notes):
        assert stored.startswith("v1.") and NAME not in stored and "Nadir" not in stored
    assert len(name_index) == 64 and name_index == Actor.name_index_of(NAME.lower())
