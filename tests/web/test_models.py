from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from multitrack.web.registry.models import Actor, Participation, Relationship
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_person_gets_a_stable_pseudonym_code():
    person = f.actor(name="Amina Example")
    assert re.fullmatch(r"P-[0-9A-HJKMNP-TV-Z]{4}", person.code)
    code = person.code
    person.position = "Adviser"
    person.save()
    person.refresh_from_db()
    assert person.code == code


def test_codes_carry_the_kind_and_are_unique():
    org = f.actor(kind="organisation", name="Peace Institute")
    group = f.actor(kind="group", name="Women's caucus")
    assert org.code.startswith("O-") and group.code.startswith("G-")
    codes = {f.actor(name=f"Person {i}").code for i in range(50)}
    assert len(codes) == 50


def test_a_person_is_shown_by_pseudonym_never_by_name():
    person = f.actor(name="Amina Example")
    assert str(person) == person.code
    assert "Amina" not in str(person)
    org = f.actor(kind="organisation", name="Peace Institute")
    assert str(org) == f"Peace Institute ({org.code})"


def test_search_never_matches_a_person_by_name():
    person = f.actor(name="Amina Example")
    org = f.actor(kind="organisation", name="Amina Foundation")
    found = set(Actor.objects.search("Amina"))
    assert org in found and person not in found
    assert set(Actor.objects.search(person.code)) == {person}


def test_participation_is_unique_per_actor_role_and_place():
    initiative = f.initiative()
    event = f.event(initiative)
    person = f.actor()
    f.participate(initiative, person)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.participate(initiative, person)
    Participation.objects.create(initiative=initiative, event=event, actor=person, role="participant")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(initiative=initiative, event=event, actor=person, role="participant")


def test_participation_at_an_event_takes_the_event_initiative():
    event = f.event()
    p = Participation(event=event, actor=f.actor(), role="observer")
    p.save()
    assert p.initiative_id == event.initiative_id


def test_participation_capacity_is_inferred_from_status():
    initiative = f.initiative()
    official = f.participate(initiative, f.actor(official_status="serving_official"))
    private = f.participate(initiative, f.actor(official_status="former_official"))
    explicit = f.participate(
        initiative, f.actor(official_status="serving_official"), acting_capacity="private"
    )
    assert (official.capacity, private.capacity, explicit.capacity) == ("official", "private", "private")


def test_relationship_cannot_tie_an_actor_to_itself():
    a = f.actor()
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(source=a, target=a, type="close")
    with pytest.raises(ValidationError) as exc:
        Relationship(source=a, target=a, type="close").full_clean()
    assert "target" in exc.value.message_dict


def test_relationship_influence_is_directed():
    a, b = f.actor(), f.actor()
    assert Relationship(source=a, target=b, type="influence").directed
    assert not Relationship(source=a, target=b, type="alliance").directed


def test_coded_lists_are_validated():
    with pytest.raises(ValidationError) as exc:
        ini = f.initiative(objectives=["transfer_to_track_one", "world_peace"])
        ini.full_clean()
    assert "objectives" in exc.value.message_dict
    assert "world_peace" in exc.value.message_dict["objectives"][0]
    ctx = f.context(countries=["COL", "XYZ"])
    with pytest.raises(ValidationError) as exc:
        ctx.full_clean()
    assert exc.value.message_dict["countries"] == ["not ISO 3166 alpha-3 codes: XYZ"]


def test_event_dates_must_be_in_order():
    event = f.event(start_date=date(2024, 5, 2), end_date=date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert exc.value.message_dict["end_date"] == ["The end date is before the start date."]


def test_migrations_match_the_models():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero when one is missing
