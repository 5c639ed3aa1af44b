"""`multitrack screen names` against the real UN list: variant spellings found, JSON shape, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.sources.watchlists.read import read
from multitrack.web.screening.services.lists import store

runner = CliRunner()
UN = Path(__file__).resolve().parents[1] / "data" / "sanctions" / "un-sc-consolidated-2018-10-29.xml"

pytestmark = pytest.mark.django_db


@pytest.fixture
def un_list() -> None:
    store(read("un-sc", UN), UN.name)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "names.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_screen_names_json(tmp_path: Path, un_list: None) -> None:
    path = write(
        tmp_path,
        "name,birth_date,nationality,schema\n"
        "Ahmad Najmudin Faraj,1956-07-07,Iraq,\n"
        "أبو بكر البغدادي,,,Person\n"
        "Jonathan Whitaker,1980,GB,\n",
    )
    result = runner.invoke(app, ["screen", "names", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["row"], d["name"]) for d in data] == [
        (1, "Ahmad Najmudin Faraj"),
        (2, "أبو بكر البغدادي"),
        (3, "Jonathan Whitaker"),
    ]
    assert all(set(d) == {"row", "name", "candidates"} for d in data)
    first = data[0]["candidates"][0]
    assert set(first) == {"list", "entry_id", "matched_name", "score", "explanation"}
    assert (first["list"], first["entry_id"]) == ("un-sc", "QDi.226")
    assert first["score"] >= 0.86
    assert any("same date of birth" in line for line in first["explanation"])
    assert any("shared nationality IQ" in line for line in first["explanation"])
    assert data[1]["candidates"][0]["entry_id"] == "QDi.299"
    assert data[2]["candidates"] == []


def test_screen_names_table_and_list_filter(tmp_path: Path, un_list: None) -> None:
    path = write(tmp_path, "name\nNajmudin Farraj Ahmed\n")
    table = runner.invoke(app, ["screen", "names", str(path)])
    assert table.exit_code == 0, table.output
    assert "QDi.226" in table.stdout
    other = runner.invoke(app, ["screen", "names", str(path), "--json", "--list", "ofac-sdn"])
    assert other.exit_code == 2
    assert "no sanctions list imported; run multitrack watchlist import" in other.stderr
    strict = runner.invoke(app, ["screen", "names", str(path), "--json", "--threshold", "0.99"])
    assert json.loads(strict.stdout)[0]["candidates"] == []


def test_no_list_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "name\nJohn Smith\n")
    result = runner.invoke(app, ["screen", "names", str(path), "--json"])
    assert result.exit_code == 2
    assert "no sanctions list imported; run multitrack watchlist import" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nom\nJohn\n", "names.csv: missing column name"),
        ("name,birth_date\nJohn,1980\nJane,31/12/1980\n", "names.csv: row 2, field birth_date:"),
        ("name,birth_date\nJohn,1980-13\n", "names.csv: row 1, field birth_date:"),
        ("name,nationality\nJohn,Atlantis\n", "names.csv: row 1, field nationality:"),
        ("name,schema\nJohn,Planet\n", "names.csv: row 1, field schema:"),
        ("name\n\n,\n", "names.csv: row 1, field name: empty"),
    ],
)
def test_bad_input(tmp_path: Path, text: str, message: str) -> None:
    result = runner.invoke(app, ["screen", "names", str(write(tmp_path, text)), "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_list(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", "names", str(write(tmp_path, "name\nx\n")), "--list", "eu"])
    assert result.exit_code == 2
    assert "--list 'eu' is not one of" in result.stderr
