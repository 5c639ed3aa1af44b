"""Guardrails on input: dates against their initiative and today, length limits, fields that do not apply
to an actor's kind, and a hint before a new actor duplicates one the user may see by name."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from multitrack.web.audit.models import AuditEvent
from multitrack.web.formfields import TEXT_LIMIT
from multitrack.web.registry.forms import ParticipationForm
from multitrack.web.registry.models import Actor, Event, Participation
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

PERSON = {"kind": "person", "level": "grassroots", "official_status": "unofficial"}


def errors(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code  # the form again, with its errors
    return response.content.decode()


def test_an_event_stays_within_its_initiative(auth_client: Client):
    initiative = f.initiative(start_date=date(2024, 1, 10), end_date=date(2024, 6, 30))
    url = reverse("registry:event_create", args=[initiative.pk])
    early = errors(auth_client.post(url, {"title": "Kick-off", "start_date": "2024-01-02"}))
    assert "The initiative starts on 2024-01-10: an event cannot start before it." in early
    late = {"title": "Wrap-up", "start_date": "2024-06-20", "end_date": "2024-07-02"}
    assert "The initiative ends on 2024-06-30: an event cannot end after it." in errors(
        auth_client.post(url, late)
    )
    assert not Event.objects.exists()
    assert auth_client.post(url, {"title": "Round 1", "start_date": "2024-02-01"}).status_code == 302


def test_a_concluded_initiative_cannot_end_in_the_future():
    initiative = f.initiative(status="concluded", start_date=date(2024, 1, 1))
    initiative.end_date = timezone.localdate() + timedelta(days=30)
    with pytest.raises(Exception, match="A concluded initiative cannot end in the future"):
        initiative.full_clean()
    initiative.status = "active"
    initiative.full_clean()


def test_nobody_attended_an_event_that_has_not_started(auth_client: Client):
    initiative = f.initiative(start_date=date(2024, 1, 1))
    planned = f.event(initiative, start_date=timezone.localdate() + timedelta(days=10))
    person = f.actor()
    assert ParticipationForm(initiative=initiative, event=planned).initial["attended"] is False
    response = auth_client.post(
        reverse("registry:participation_add", args=[initiative.pk]),
        {"event": planned.pk, "actor": person.pk, "role": "participant", "attended": "on"},
    )
    assert response.status_code == 400
    assert "nobody can have attended it yet" in response.content.decode()
    assert not Participation.objects.exists()


def test_what_describes_a_person_is_refused_for_an_organisation(auth_client: Client, compartment):
    form = {"kind": "organisation", "compartment": compartment.pk, "name": "Peace Forum"}
    form |= {"official_status": "unofficial", "gender": "woman", "date_of_birth": "1970-01-01"}
    html = errors(auth_client.post("/actors/new/", form))
    assert html.count("This describes a person: leave it empty for an organisation or a group.") == 2
    assert not Actor.objects.exists()
    page = auth_client.get("/actors/new/").content.decode()
    assert 'name="gender"' in page and "data-person-only" in page  # app.js hides them for other kinds


def test_impossible_birth_dates_are_refused(auth_client: Client, compartment):
    base = {**PERSON, "compartment": compartment.pk, "name": "Amina Example"}
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "cannot be in the future" in errors(
        auth_client.post("/actors/new/", {**base, "date_of_birth": future})
    )
    old = errors(auth_client.post("/actors/new/", {**base, "date_of_birth": "1890-05-01"}))
    assert "before 1900 is surely a typing error" in old
    assert not Actor.objects.exists()


def test_free_text_has_a_limit_that_the_form_shows_and_enforces(auth_client: Client, compartment):
    page = auth_client.get("/contexts/new/").content.decode()
    assert f'maxlength="{TEXT_LIMIT}"' in page  # the summary: app.js counts against it
    html = errors(
        auth_client.post("/contexts/new/", {"name": "Highlands", "summary": "x" * (TEXT_LIMIT + 1)})
    )
    assert f"Ensure this value has at most {TEXT_LIMIT} characters (it has {TEXT_LIMIT + 1})." in html


def test_an_import_refuses_a_person_field_on_an_organisation(tmp_path):
    from multitrack.sources.csv_file import ACTOR_COLUMNS, ImportFailed
    from multitrack.web.registry.services import csv_io

    columns = list(ACTOR_COLUMNS)
    row = dict.fromkeys(columns, "")
    row |= {"ref": "O-1", "kind": "organisation", "name": "Peace Forum", "gender": "woman"}
    path = tmp_path / "actors.csv"
    path.write_text(",".join(columns) + "\n" + ",".join(row[c] for c in columns) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        csv_io.import_file("actors", path, f.default_compartment())
    assert [str(p) for p in failed.value.problems] == [
        "row 2, field gender: This describes a person: leave it empty for an organisation or a group."
    ]
    assert not Actor.objects.exists()


def test_a_new_person_resembling_one_the_user_may_reveal_asks_first(auth_client: Client, compartment):
    existing = f.actor(name="Amina Example", compartment=compartment)
    form = {**PERSON, "compartment": compartment.pk, "name": "amina  Exampel"}
    html = errors(auth_client.post("/actors/new/", form))
    assert f"This name resembles {existing.code}, already recorded." in html
    assert f'href="/actors/{existing.pk}/"' in html and 'name="create_anyway"' in html
    assert Actor.objects.count() == 1
    hint = AuditEvent.objects.get(action="reveal")
    assert hint.summary == f"a new actor's name resembles {existing.code} (duplicate hint)"
    assert "Amina" not in hint.summary

    assert auth_client.post("/actors/new/", {**form, "create_anyway": "on"}).status_code == 302
    assert Actor.objects.count() == 2
    unlike = {**form, "name": "Ben Other"}
    assert auth_client.post("/actors/new/", unlike).status_code == 302


def test_no_hint_from_a_compartment_where_the_user_may_not_reveal(compartment):
    other = f.compartment(name="Elsewhere")
    f.actor(name="Amina Example", compartment=other)
    editor = client_with_role("editor", compartment)
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.get(username=f"editor-{compartment.pk}")
    Membership.objects.create(user=user, compartment=other, role="analyst")  # reads rows there, no reveal
    form = {**PERSON, "compartment": compartment.pk, "name": "Amina Example"}
    assert editor.post("/actors/new/", form).status_code == 302  # created: nothing hinted
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_an_outcome_cannot_be_seen_in_the_future():
    from multitrack.web.evaluation.models import Outcome

    outcome = Outcome(initiative=f.initiative(), title="Formula tabled", description="d", contribution="c")
    outcome.observed_on = timezone.localdate() + timedelta(days=1)
    with pytest.raises(Exception, match="An outcome is a change already seen: not in the future"):
        outcome.full_clean()
    outcome.observed_on = timezone.localdate()
    outcome.full_clean(exclude=["compartment"])
