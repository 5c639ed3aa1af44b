from __future__ import annotations

import pytest

from multitrack.web.registry.forms import (
    ActorForm,
    CommaListField,
    InitiativeForm,
    OverrideForm,
    ParticipationForm,
)
from tests import factories as f


def test_comma_list_field_kinds():
    assert CommaListField().clean(" col; ven ,") == ["COL", "VEN"]
    assert CommaListField(items="int").clean("100, 101") == [100, 101]
    assert CommaListField(items="text").clean("Highland Ayari, youth") == ["Highland Ayari", "youth"]
    with pytest.raises(Exception, match="Not whole numbers: x1"):
        CommaListField(items="int").clean("5, x1")


def test_comma_list_field_shows_a_stored_list_as_text():
    assert CommaListField().prepare_value(["COL", "VEN"]) == "COL, VEN"


def test_override_reason_is_mandatory_and_substantial():
    assert not OverrideForm({"track": "2", "reason": ""}).is_valid()
    short = OverrideForm({"track": "2", "reason": "because"})
    assert not short.is_valid() and "reason" in short.errors
    assert OverrideForm({"track": "2", "reason": "Participants are advisers, not officials."}).is_valid()


@pytest.mark.django_db
def test_actor_form_rejects_unknown_codes_and_keeps_input(user):
    form = ActorForm(
        {
            "kind": "person",
            "name": "X",
            "level": "sky",
            "official_status": "unofficial",
            "nine_tracks": ["10"],
        },
        user=user,
    )
    assert not form.is_valid()
    assert set(form.errors) == {"level", "nine_tracks", "compartment"}
    assert form["name"].value() == "X"


@pytest.mark.django_db
def test_actor_cannot_be_its_own_affiliation(user):
    org = f.actor(kind="organisation", name="Forum")
    form = ActorForm(instance=org, user=user)
    assert org not in form.fields["affiliation"].queryset


@pytest.mark.django_db
def test_initiative_form_offers_only_organisations_and_groups_as_third_party(user):
    person, org = f.actor(), f.actor(kind="organisation", name="Centre")
    choices = set(InitiativeForm(user=user).fields["third_party"].queryset)
    assert org in choices and person not in choices


@pytest.mark.django_db
def test_initiative_form_stores_objectives_as_codes(user, compartment):
    context = f.context()
    form = InitiativeForm(
        {
            "title": "T",
            "compartment": compartment.pk,
            "context": context.pk,
            "format": "shuttle",
            "discretion": "secret",
            "status": "planned",
            "objectives": ["capacity", "local_agreement"],
        },
        user=user,
    )
    assert form.is_valid(), form.errors
    assert form.save().objectives == ["capacity", "local_agreement"]


@pytest.mark.django_db
def test_participation_form_refuses_a_duplicate_role(user):
    ini = f.initiative()
    person = f.actor()
    f.participate(ini, person)
    form = ParticipationForm({"actor": person.pk, "role": "participant"}, initiative=ini, user=user)
    assert not form.is_valid()
    assert form.non_field_errors() == [f"{person.code} already has this role here."]
    assert ParticipationForm({"actor": person.pk, "role": "observer"}, initiative=ini, user=user).is_valid()
