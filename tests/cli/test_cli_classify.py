"""`multitrack classify`: exact output and exit codes, no database needed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from multitrack.cli import app

runner = CliRunner()

GOOD = {
    "title": "Highland water talks",
    "declared_track": "2",
    "third_party": {"type": "ngo_mediator"},
    "participants": [
        {
            "label": "deputy ministers",
            "official_status": "serving_official",
            "acting_capacity": "official",
            "level": "top",
            "count": 2,
        },
        {
            "label": "village elders",
            "official_status": "unofficial",
            "acting_capacity": "private",
            "level": "grassroots",
            "count": 6,
        },
    ],
    "format": "dialogue_series",
    "objectives": ["link_track_three_to_one"],
    "proscribed": False,
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "initiatives.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_classify_one_object_as_json(tmp_path: Path):
    result = runner.invoke(app, ["classify", str(write(tmp_path, GOOD)), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["track", "linked_tracks", "phase", "mode", "explanation", "warnings"]
    assert (out["track"], out["linked_tracks"], out["phase"], out["mode"]) == (
        "1.5",
        ["1", "3"],
        "new",
        "soft",
    )
    assert [w["code"] for w in out["warnings"]] == ["declared_track_differs"]


def test_classify_a_list_gives_a_list(tmp_path: Path):
    grassroots = {
        **GOOD,
        "title": "Village",
        "declared_track": None,
        "participants": [GOOD["participants"][1]],
        "objectives": ["local_agreement"],
    }
    result = runner.invoke(app, ["classify", str(write(tmp_path, [GOOD, grassroots])), "--json"])
    assert result.exit_code == 0
    assert [r["track"] for r in json.loads(result.stdout)] == ["1.5", "3"]


def test_classify_human_readable(tmp_path: Path):
    result = runner.invoke(app, ["classify", str(write(tmp_path, GOOD))])
    assert result.exit_code == 0
    assert "Track: 1.5   linked: 1, 3   phase: new   mode: soft" in result.stdout
    assert "! declared_track_differs:" in result.stdout


def test_unknown_code_names_object_and_field(tmp_path: Path):
    bad = json.loads(json.dumps(GOOD))
    bad["participants"][1]["level"] = "local"
    path = write(tmp_path, [GOOD, bad])
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: object 1: field participants[1].level: unknown code 'local'; "
        "expected one of: top, middle, grassroots\n"
    )
    assert result.stdout == ""


def test_missing_field(tmp_path: Path):
    bad = {k: v for k, v in GOOD.items() if k != "format"}
    path = write(tmp_path, bad)
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: object 0: field format: required field is missing\n"


def test_not_json_and_missing_file(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": ', encoding="utf-8")
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: not valid JSON: Expecting value at line 1, column 11\n"
    missing = runner.invoke(app, ["classify", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'nope.json'}: no such file\n"
