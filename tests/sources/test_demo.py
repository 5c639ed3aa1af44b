"""The fictional demo dataset: it says it is fiction, loads once, and covers every classification outcome."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multitrack.core.classify import Classification
from multitrack.sources import demo
from multitrack.web.registry.models import (
    Actor,
    Context,
    Document,
    Event,
    Initiative,
    Participation,
    Relationship,
    TrackOverride,
)

MODELS = (Context, Actor, Initiative, Event, Participation, Relationship, Document, TrackOverride)
NOTICE = "Fictional data for demonstration. Any resemblance to real persons or organisations is coincidental."

# What each demo initiative is meant to show: (track, phase, mode). A change here means the demo's story
# (or the classification rules) changed; update the demo's documentation with it.
EXPECTED = {
    "I-01": ("2", "classic", "hard"),  # scholar-practitioner problem-solving workshops, transfer to Track One
    "I-02": ("2", "classic", "soft"),  # reflection group: relationships and public opinion
    "I-03": ("2", "new", "hard"),  # back channel, officials in a private capacity, a listed participant
    "I-04": ("1.5", "new", "hard"),  # NGO convenes both negotiating teams in their official capacity
    "I-05": ("1", "classic", "hard"),  # regional organisation mediates the formal talks
    "I-06": ("1.5", "new", "hard"),  # grassroots consultations presented to the negotiators
    "I-07": ("3", "new", "soft"),  # elders mediate a local water-sharing agreement
    "I-08": ("2", "new", "soft"),  # faith-based healing circles; overridden to Track 3
    "I-09": ("2", "new", "hard"),  # study tour for mid-level members of both sides
    "I-10": ("2", "new", "soft"),  # practical guide for journalists
    "I-11": ("3", "classic", "soft"),  # market-day dialogue in the second context
}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def classifications() -> dict[str, Classification]:
    """Each demo initiative's classification, by its key in the demo file."""
    return {
        initiative.ref.removeprefix(demo.REF_PREFIX): initiative.classification()
        for initiative in Initiative.objects.for_classification()
    }


@pytest.fixture
def summary(db: Any) -> demo.LoadSummary:
    return demo.load()


def test_the_file_says_it_is_fiction() -> None:
    assert demo.read()["notice"] == NOTICE


def test_the_file_names_no_real_country() -> None:
    assert all(context["countries"] == [] for context in demo.read()["contexts"])


@pytest.mark.django_db
def test_load_writes_the_demo_and_summarises_it_on_one_line(summary: demo.LoadSummary) -> None:
    assert not summary.already_loaded
    assert summary.contexts == Context.objects.count() == 2
    assert summary.actors == Actor.objects.count()
    assert 55 <= summary.actors <= 75
    assert summary.initiatives == Initiative.objects.count() >= 8
    assert summary.events == Event.objects.count() >= 30
    assert summary.participations == Participation.objects.count() >= 150
    assert summary.relationships == Relationship.objects.count() >= 40
    assert summary.documents == Document.objects.count() >= 3
    assert summary.overrides == TrackOverride.objects.count() == 1
    text = str(summary)
    assert "\n" not in text
    assert re.fullmatch(
        r"2 contexts, \d+ actors, \d+ initiatives, \d+ events, \d+ participations, \d+ relationships, "
        r"\d+ documents, 1 track override loaded",
        text,
    )


@pytest.mark.django_db
def test_actors_span_the_levels_the_nine_tracks_and_kinds(summary: demo.LoadSummary) -> None:
    assert set(Actor.objects.values_list("level", flat=True)) == {"top", "middle", "grassroots"}
    nine = {code for tracks in Actor.objects.values_list("nine_tracks", flat=True) for code in tracks}
    assert len(nine) >= 6
    assert set(Actor.objects.values_list("kind", flat=True)) == {"person", "organisation", "group"}
    statuses = set(Actor.objects.filter(kind="person").values_list("official_status", flat=True))
    assert statuses == {"serving_official", "former_official", "unofficial"}
    # Gender is encrypted at rest: it is read back and counted here, not filtered on in SQL.
    genders = Actor.objects.filter(kind="person").values_list("gender", flat=True)
    assert sum(1 for g in genders if g == "") >= 2
    assert Actor.objects.filter(proscription_status="listed", kind="organisation").exists()


@pytest.mark.django_db
def test_women_and_men_take_part_in_different_roles(summary: demo.LoadSummary) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for gender, role in Participation.objects.values_list("actor__gender", "role"):
        roles[gender].add(role)
    for gender in ("woman", "man"):
        assert {"participant", "facilitator", "negotiator", "insider_mediator"} <= roles[gender], gender
    assert len(roles["woman"]) >= 6 and len(roles["man"]) >= 6
    used = {role for found in roles.values() for role in found}
    assert {"convener", "resource_person", "observer", "funder"} <= used
    assert Participation.objects.filter(attended=False).exists()
    assert (
        Participation.objects.filter(spoke=True).exists()
        and Participation.objects.filter(spoke=False).exists()
    )


@pytest.mark.django_db
def test_relationships_are_typed_dated_and_sourced(summary: demo.LoadSummary) -> None:
    types = set(Relationship.objects.values_list("type", flat=True))
    assert types == {"close", "alliance", "informal", "influence", "discord", "broken"}
    assert not Relationship.objects.filter(valid_from=None).exists()
    assert not Relationship.objects.filter(evidence="").exists()
    assert set(Relationship.objects.values_list("confidence", flat=True)) == {"low", "medium", "high"}


@pytest.mark.django_db
def test_classification_covers_every_track_phase_and_mode(summary: demo.LoadSummary) -> None:
    found = classifications()
    assert {c.track for c in found.values()} == {"1", "1.5", "2", "3"}
    assert {c.phase for c in found.values()} == {"classic", "new"}
    assert {c.mode for c in found.values()} == {"hard", "soft"}
    warnings = {code for c in found.values() for code in c.warning_codes()}
    assert {"declared_track_differs", "proscribed_participant"} <= warnings
    assert any({"1", "3"} <= set(c.linked_tracks) for c in found.values())


@pytest.mark.django_db
def test_each_initiative_classifies_as_its_story_says(summary: demo.LoadSummary) -> None:
    found = classifications()
    assert {ref: (c.track, c.phase, c.mode) for ref, c in found.items()} == EXPECTED
    assert found["I-06"].linked_tracks == ("1", "3")  # Track Three linked directly to Track One
    assert "link_track_three_to_one" in Initiative.objects.get(ref="demo-I-06").objectives
    assert "proscribed_participant" in found["I-03"].warning_codes()
    assert "declared_track_differs" in found["I-03"].warning_codes()


@pytest.mark.django_db
def test_one_override_records_its_reason_and_the_demo_analyst(summary: demo.LoadSummary) -> None:
    override = TrackOverride.objects.get()
    assert override.initiative.ref == "demo-I-08"
    assert (override.computed_track, override.track) == ("2", "3")
    assert override.reason and override.withdrawn_at is None
    assert override.created_by.username == demo.DEMO_USER
    assert not override.created_by.has_usable_password()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(summary: demo.LoadSummary) -> None:
    before = counts()
    again = demo.load()
    assert again.already_loaded
    assert "already loaded" in str(again)
    assert counts() == before


@pytest.mark.django_db
def test_an_existing_demo_analyst_is_reused() -> None:
    existing = get_user_model().objects.create_user(demo.DEMO_USER)
    demo.load()
    assert TrackOverride.objects.get().created_by == existing


def _altered(tmp_path: Path, change: Any) -> Path:
    data = demo.read()
    change(data)
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_an_unknown_code_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    person = next(a for a in demo.read()["actors"] if a["kind"] == "person")

    def change(data: dict[str, Any]) -> None:
        next(a for a in data["actors"] if a["ref"] == person["ref"])["level"] = "middle-range"

    with pytest.raises(demo.DemoDataError) as failure:
        demo.load(_altered(tmp_path, change))
    message = str(failure.value)
    assert person["ref"] in message and "unknown levels code 'middle-range'" in message
    assert person["name"] not in message  # records are named by key, never by a person's name
    assert sum(counts().values()) == 0


@pytest.mark.django_db
def test_a_model_rule_broken_midway_rolls_the_whole_load_back(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        event = data["initiatives"][-1]["events"][-1]
        event["end_date"] = "2000-01-01"  # before its start: passes the file check, fails the model's

    with pytest.raises(demo.DemoDataError, match="end date is before the start date"):
        demo.load(_altered(tmp_path, change))
    assert sum(counts().values()) == 0
    assert not get_user_model().objects.filter(username=demo.DEMO_USER).exists()


@pytest.mark.django_db
def test_remains_of_an_earlier_load_stop_a_new_one(summary: demo.LoadSummary) -> None:
    Initiative.objects.all().delete()  # the contexts are protected while initiatives point at them
    Context.objects.all().delete()
    with pytest.raises(demo.DemoDataError, match="remove what is left"):
        demo.load()


def test_check_reports_dangling_references_and_unknown_fields() -> None:
    data = demo.read()
    data["relationships"][0]["target"] = "A-999"
    data["initiatives"][0]["colour"] = "blue"
    problems = list(demo.check(data))
    assert any("no record in actors has the key 'A-999'" in p for p in problems)
    assert any("unknown field 'colour'" in p for p in problems)


def test_check_survives_a_malformed_file() -> None:
    data = {
        "notice": 1,
        "contexts": "none",
        "actors": [{"ref": ["A-1"], "kind": ["person"]}],
        "initiatives": [],
    }
    problems = list(demo.check(data))
    assert "file: field notice: expected text" in problems
    assert "file: field contexts must be a list of objects" in problems
    assert any("field kind: unknown actor_kinds code ['person']" in p for p in problems)
    assert list(demo.check([])) == ["the file must hold a JSON object"]
