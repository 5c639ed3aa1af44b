"""Every change to the registry, compartments and memberships, and every login, leaves an entry that
names objects by code or id and changes by field name: never a value."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.test import Client

from multitrack.web.accounts.models import KeyCheck, Membership
from multitrack.web.audit.log import object_type_of, verify
from multitrack.web.registry.models import Actor, Event
from tests import factories as f
from tests.conftest import PASSWORD

from .conftest import entries, sql

pytestmark = pytest.mark.django_db


def last(**filters):
    found = entries(**filters)
    assert found, f"no audit entry with {filters}"
    return found[-1]


def test_an_actor_is_audited_by_code_and_field_names_only():
    compartment = f.compartment()
    person = f.actor(name="Amina Example", compartment=compartment, contact="amina@example.org")
    created = last(object_type="registry.actor")
    assert (created.action, created.object_id, created.compartment_id) == (
        "create",
        str(person.pk),
        compartment.pk,
    )
    assert created.summary == f"Actor {person.code} created"

    person = Actor.objects.get(pk=person.pk)
    person.name = "Amina B. Example"
    person.level = "top"
    person.save()
    updated = last(object_type="registry.actor")
    assert updated.action == "update"
    assert updated.summary == f"Actor {person.code} updated: fields name, level"

    person.delete()
    deleted = last(object_type="registry.actor")
    assert (deleted.action, deleted.summary) == ("delete", f"Actor {person.code} deleted")

    # Nothing identifying anywhere in the table, whatever the column.
    for row in sql("SELECT * FROM {t}"):
        text = " ".join(str(value) for value in row)
        assert "Amina" not in text and "Example" not in text and "example.org" not in text
    assert verify().ok


def test_a_save_that_changes_nothing_is_not_recorded():
    actor = f.actor()
    before = len(entries())
    Actor.objects.get(pk=actor.pk).save()
    assert len(entries()) == before


def test_update_fields_limit_the_comparison():
    actor = f.actor()
    actor.level = "top"
    actor.country = "COL"
    actor.save(update_fields=["country"])
    assert last().summary == f"Actor {actor.code} updated: fields country"


def test_a_change_of_foreign_key_is_named_by_field():
    initiative = f.initiative()
    initiative.context = f.context()
    initiative.save()
    assert last().summary == f"Initiative {initiative.code} updated: fields context"


def test_objects_without_a_code_are_named_by_id_and_take_their_initiatives_compartment():
    initiative = f.initiative(compartment=f.compartment())
    event = f.event(initiative, title="Secret meeting at the lake house")
    created = last(object_type="registry.event")
    assert created.summary == f"Event {event.pk} created"
    assert created.compartment_id == initiative.compartment_id
    assert "lake house" not in created.summary


def test_many_to_many_changes_name_the_field_from_either_side():
    actor = f.actor()
    context = f.context()
    actor.contexts.add(context)
    assert last().summary == f"Actor {actor.code} updated: fields contexts"
    other = f.actor()
    context.actors.add(other)
    entry = last()
    assert (entry.object_type, entry.summary) == (
        "registry.context",
        f"Context {context.pk} updated: fields actors",
    )
    before = len(entries())
    actor.contexts.add(context)  # already there: nothing added, nothing recorded
    assert len(entries()) == before
    actor.contexts.clear()
    assert last().summary == f"Actor {actor.code} updated: fields contexts"


def test_deleting_an_initiative_records_what_went_with_it():
    initiative = f.initiative()
    event = f.event(initiative)
    initiative_code, compartment_id = initiative.code, initiative.compartment_id
    initiative.delete()
    deleted = [(e.object_type, e.object_id, e.compartment_id) for e in entries(action="delete")]
    assert ("registry.event", str(event.pk), compartment_id) in deleted
    assert last(action="delete").summary == f"Initiative {initiative_code} deleted"
    assert not Event.objects.exists()


def test_memberships_and_compartments():
    from django.contrib.auth import get_user_model

    compartment = f.compartment(name="Very discreet talks")
    assert last(object_type="accounts.compartment").summary == f"Compartment {compartment.pk} created"
    user = get_user_model().objects.create_user("member")
    membership = Membership.objects.create(user=user, compartment=compartment, role="analyst")
    entry = last(action="membership")
    assert entry.compartment_id == compartment.pk
    assert entry.summary == (
        f"Membership {membership.pk} created: user {user.pk} is analyst in compartment {compartment.pk}"
    )
    membership.role = "editor"
    membership.save()
    assert last(action="membership").summary == (
        f"Membership {membership.pk} updated: fields role (user {user.pk} is now editor in compartment "
        f"{compartment.pk})"
    )
    membership_pk = membership.pk
    membership.delete()
    assert last(action="membership").summary == (
        f"Membership {membership_pk} deleted: user {user.pk} was editor in compartment {compartment.pk}"
    )
    assert not entries(summary__contains="discreet")


def test_the_key_check_is_not_audited():
    KeyCheck.objects.create(key_id="x", token="y")
    assert not entries(object_type="accounts.keycheck")


def test_a_model_that_names_an_audit_label_is_recorded_under_it(monkeypatch):
    """A model moved to another app keeps the object type its earlier entries were sealed under."""
    monkeypatch.setattr(Actor, "audit_label", "oldapp.actor", raising=False)
    actor = f.actor()
    assert object_type_of(Actor) == object_type_of(actor) == "oldapp.actor"
    assert last(object_type="oldapp.actor").summary == f"Actor {actor.code} created"
    assert not entries(object_type="registry.actor")
    assert object_type_of(Event) == "registry.event"  # no audit label: app label and model name


def test_rows_loaded_by_a_deserializer_are_not_recorded_one_by_one():
    """A restore records one entry for the whole archive; its rows bring their own history."""
    actor = f.actor()
    actor.contexts.add(f.context())
    data = serializers.serialize("json", [actor])
    Actor.objects.filter(pk=actor.pk).delete()
    before = len(entries())
    for obj in serializers.deserialize("json", data):
        obj.save()
    assert Actor.objects.get(pk=actor.pk).contexts.count() == 1
    assert len(entries()) == before


def test_login_logout_and_failed_login(user):
    client = Client()
    assert client.post("/accounts/login/", {"username": "analyst", "password": PASSWORD}).status_code == 302
    login = last(action="login")
    assert (login.user_id, login.username, login.summary) == (user.pk, "analyst", "login")
    client.post("/accounts/logout/")
    logout = last(action="logout")
    assert (logout.user_id, logout.username) == (user.pk, "analyst")

    Client().post("/accounts/login/", {"username": "analyst", "password": "wrong"})
    failed = last(action="login_failed")
    assert (failed.user_id, failed.username, failed.summary) == (None, "analyst", "failed login")
    assert verify().ok


def test_the_request_user_is_the_author_of_changes(audit_middleware, auth_client):
    response = auth_client.post("/contexts/new/", {"name": "Northern Highlands", "countries": "COL"})
    assert response.status_code == 302
    entry = last(object_type="registry.context")
    assert (entry.action, entry.username) == ("create", "analyst")
    assert entry.user_id is not None


def test_changes_outside_a_request_have_no_user():
    f.context()
    entry = last(object_type="registry.context")
    assert (entry.user_id, entry.username) == (None, "")


def test_a_failed_login_under_an_unknown_name_keeps_only_a_keyed_hash():
    """A name that is no account's is often a password typed in the wrong box."""
    for _attempt in range(2):
        Client().post("/accounts/login/", {"username": "my-secret-password", "password": "x"})
    first, second = entries(action="login_failed")
    assert first.username.startswith("unknown:") and "secret" not in first.username
    assert second.username == first.username  # repeated attempts can still be told apart
    for row in sql("SELECT * FROM {t}"):
        assert "secret" not in " ".join(str(value) for value in row)


def test_failed_logins_feed_the_login_throttle(user):
    from multitrack.web.accounts.throttle import MAX_FAILURES, too_many_failures

    for _attempt in range(MAX_FAILURES):
        Client().post("/accounts/login/", {"username": "analyst", "password": "wrong"})
    assert too_many_failures("analyst")
