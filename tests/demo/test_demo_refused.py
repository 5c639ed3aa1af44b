"""The demo refuses a bad file, or a database it did not leave empty, and writes nothing: the tests that
need an empty database (test_demo.py loads the demo once for its whole module)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multitrack.demo import dataset as demo
from multitrack.web.registry.models import TrackOverride
from tests.demo.common import counts


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
def test_a_bad_map_entry_is_named_by_its_place_and_nothing_is_written(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["conflict_maps"][1]["nodes"][2]["kind"] = "person"

    with pytest.raises(demo.DemoDataError) as failure:
        demo.load(_altered(tmp_path, change))
    message = str(failure.value)
    assert "conflict_maps[1] M-02, nodes[2] thlm: field kind: unknown map_elements code 'person'" in message
    assert sum(counts().values()) == 0


@pytest.mark.django_db
def test_a_map_the_models_refuse_rolls_the_whole_load_back(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["conflict_maps"][-1]["perspective"] = "x" * 201  # passes the file check, fails the model's

    with pytest.raises(demo.DemoDataError, match=r"conflict_maps\[4\] M-05: perspective: "):
        demo.load(_altered(tmp_path, change))
    assert sum(counts().values()) == 0
