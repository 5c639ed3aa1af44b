"""`multitrack inclusion table|gaps|flags`: on a researcher's CSV file without a database, and on the
registry; small cells suppressed unless the caller may see raw counts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.accounts.models import Membership
from tests import factories as f

runner = CliRunner()


def write_file(path: Path) -> Path:
    """12 women and 9 men on Track 2; on Track 1, 6 men and 2 women; 3 women negotiate on Track 2."""
    rows = [("person", "gender", "track", "role", "period", "displacement")]
    rows += [
        (f"w{i}", "woman", "2", "participant", "2023", "displaced" if i < 2 else "host") for i in range(12)
    ]
    rows += [(f"m{i}", "man", "2", "participant", "2023", "host") for i in range(9)]
    rows += [(f"m{i}", "man", "1", "negotiator", "2024", "host") for i in range(6)]
    rows += [
        ("w0", "woman", "1", "participant", "2024", "displaced"),
        ("w1", "woman", "1", "observer", "2024", ""),
    ]
    rows += [(f"w{i}", "woman", "2", "negotiator", "2024", "host") for i in range(5, 8)]
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_table_from_a_file_is_suppressed_unless_raw(tmp_path: Path):
    path = write_file(tmp_path / "people.csv")
    result = runner.invoke(
        app, ["inclusion", "table", "--input", str(path), "--by", "gender,track", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["row_labels"] == ["man", "woman"] and data["column_labels"] == ["1", "2"]
    # woman on Track 1 is 2: hidden, and enough else that it cannot be derived from the totals
    assert data["cells"][1][0] is None and data["suppressed"] and data["threshold"] == 5
    shown = [n for row in data["cells"] for n in row if n is not None] + [
        n for n in data["row_totals"] + data["column_totals"] if n is not None
    ]
    assert all(n == 0 or n >= 5 for n in shown)
    assert "counts below 5 are suppressed" in data["statement"]
    raw = json.loads(
        runner.invoke(
            app, ["inclusion", "table", "--input", str(path), "--by", "gender,track", "--json", "--raw"]
        ).stdout
    )
    assert raw["cells"] == [[6, 9], [2, 12]] and raw["total"] == 29 and not raw["suppressed"]
    # intersections as rows, influence roles only, CSV with the statement
    text = runner.invoke(
        app,
        [
            "inclusion",
            "table",
            "--input",
            str(path),
            "--by",
            "gender,displacement,track",
            "--role-group",
            "influence",
            "--csv",
            "--raw",
        ],
    ).stdout
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["", "1", "2", "Total"] and ["woman × host", "0", "3", "3"] in rows
    assert rows[-1] == ["# raw counts: not for publication"]


def test_gaps_and_flags_from_a_file(tmp_path: Path):
    path = write_file(tmp_path / "people.csv")
    data = json.loads(
        runner.invoke(
            app,
            [
                "inclusion",
                "gaps",
                "--input",
                str(path),
                "--by",
                "gender",
                "--over",
                "track",
                "--json",
                "--raw",
            ],
        ).stdout
    )
    by = {(s["column"], s["group"]): s for s in data["shares"]}
    women2 = by[("2", "woman")]
    # the three negotiators count with influence only; the share of presence is of all 21 in the room
    assert (women2["present"], women2["influential"]) == (9, 3)
    assert women2["presence_share"] == round(12 / 21, 4) and women2["influence_share"] == 1.0
    # Track 1: the six men negotiating are 6 of the 8 in the room and all of those with influence
    assert by[("1", "woman")]["influence_share"] == 0 and by[("1", "man")]["gap"] == 0.25
    suppressed = json.loads(
        runner.invoke(
            app, ["inclusion", "gaps", "--input", str(path), "--by", "gender", "--over", "track", "--json"]
        ).stdout
    )
    small = {(s["column"], s["group"]): s for s in suppressed["shares"]}[("1", "woman")]
    assert small["present"] is None and small["presence_share"] is None and small["gap"] is None
    flags = json.loads(
        runner.invoke(
            app, ["inclusion", "flags", "--input", str(path), "--by", "gender", "--unit", "track", "--json"]
        ).stdout
    )
    # Track 1: two women, no woman negotiates (2 is suppressed); Track 2: the nine men, none negotiates
    # (the three negotiators there are suppressed too)
    assert flags["flags"] == [
        {"unit": "1", "group": "woman", "present": None, "influence_roles": 6},
        {"unit": "2", "group": "man", "present": 9, "influence_roles": None},
    ]
    named = json.loads(
        runner.invoke(
            app,
            [
                "inclusion",
                "flags",
                "--input",
                str(path),
                "--by",
                "gender",
                "--unit",
                "track",
                "--json",
                "--raw",
            ],
        ).stdout
    )
    assert named["flags"] == [
        {"unit": "1", "group": "woman", "present": 2, "influence_roles": 6},
        {"unit": "2", "group": "man", "present": 9, "influence_roles": 3},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "gender,caste"], "--by: unknown dimension caste; this data has: gender, track, period"),
        (["--by", ""], "--by: give at least one dimension"),
        (["--by", "gender", "--role-group", "voice"], "--role-group: 'voice' is not presence or influence"),
    ],
)
def test_bad_options_say_what_is_wrong(tmp_path: Path, args: list[str], message: str):
    path = write_file(tmp_path / "people.csv")
    result = runner.invoke(app, ["inclusion", "table", "--input", str(path), *args])
    assert result.exit_code == 2 and message in result.output


def test_a_bad_file_names_the_row_and_field(tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_text("person,gender,track,role,period\np1,woman,2,chair,2023\n", encoding="utf-8")
    result = runner.invoke(app, ["inclusion", "table", "--input", str(path), "--by", "gender"])
    assert result.exit_code == 2 and f"{path}, row 2, field role: unknown code 'chair'" in result.output
    missing = runner.invoke(
        app, ["inclusion", "table", "--input", str(tmp_path / "none.csv"), "--by", "gender"]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Error: MULTITRACK_MIN_CELL: expected a whole number, got 'abc'\n"),
        ("0", "Error: MULTITRACK_MIN_CELL: must be at least 1, got 0\n"),
    ],
)
def test_a_bad_threshold_setting_is_one_line_naming_it(tmp_path: Path, value: str, message: str):
    path = write_file(tmp_path / "people.csv")
    for command in (["table", "--by", "gender,track"], ["gaps", "--by", "gender", "--over", "track"]):
        result = runner.invoke(
            app, ["inclusion", *command, "--input", str(path)], env={"MULTITRACK_MIN_CELL": value}
        )
        assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    # --raw needs no threshold: the setting is not read
    raw = runner.invoke(
        app,
        ["inclusion", "table", "--by", "gender", "--input", str(path), "--raw"],
        env={"MULTITRACK_MIN_CELL": value},
    )
    assert raw.exit_code == 0, raw.output


@pytest.mark.django_db
def test_the_registry_is_suppressed_for_everyone_but_a_reader_of_rows(compartment):
    initiative = f.initiative(compartment=compartment)
    for _ in range(7):
        f.participate(initiative, f.actor(gender="woman", compartment=compartment))
    for _ in range(2):
        f.participate(initiative, f.actor(gender="man", compartment=compartment), "facilitator")
    f.participate(initiative, f.actor(kind="organisation", compartment=compartment))  # not a person
    data = json.loads(
        runner.invoke(app, ["inclusion", "table", "--by", "gender,role_group", "--json"]).stdout
    )
    assert data["row_labels"] == ["woman", "man"] and data["column_labels"] == ["presence", "influence"]
    # the two men are hidden, and the seven women too: 9 - 7 would give them away
    assert data["cells"] == [[None, 0], [0, None]] and data["total"] == 9
    refused = runner.invoke(app, ["inclusion", "table", "--by", "gender", "--raw"])
    assert refused.exit_code == 2 and "--raw needs --as a user who may read rows" in refused.output
    users = get_user_model().objects
    analyst, funder = users.create_user("analyst-x"), users.create_user("funder-x")
    Membership.objects.create(user=analyst, compartment=compartment, role="analyst")
    Membership.objects.create(user=funder, compartment=compartment, role="funder")
    raw = runner.invoke(
        app, ["inclusion", "table", "--by", "gender,role_group", "--json", "--raw", "--as", "analyst-x"]
    )
    assert raw.exit_code == 0 and json.loads(raw.stdout)["cells"][1] == [0, 2]
    denied = runner.invoke(app, ["inclusion", "table", "--by", "gender", "--raw", "--as", "funder-x"])
    assert denied.exit_code == 2
    nobody = runner.invoke(app, ["inclusion", "table", "--by", "gender", "--as", "nobody"])
    assert nobody.exit_code == 2 and "no user 'nobody'" in nobody.output


def test_reference_lines_beside_the_data(tmp_path: Path):
    path = write_file(tmp_path / "people.csv")
    data = json.loads(
        runner.invoke(app, ["inclusion", "reference", "--input", str(path), "--json", "--raw"]).stdout
    )
    lines = {line["key"]: line for line in data["lines"]}
    negotiators = lines["cfr-2020-women-negotiators"]
    assert negotiators["reference"] == 0.13 and negotiators["period"] == "1992–2019"
    assert "Council on Foreign Relations" in negotiators["source"]
    assert negotiators["here"] == {"all": round(3 / 9, 4)} and negotiators["persons_in_roles"] == 9
    assert lines["cfr-2020-women-signatories"]["here"] == {"all": None}  # nobody signs here
    per_period = json.loads(
        runner.invoke(
            app, ["inclusion", "reference", "--input", str(path), "--over", "period", "--json"]
        ).stdout
    )
    by_period = {line["key"]: line for line in per_period["lines"]}["cfr-2020-women-negotiators"]["here"]
    # nobody negotiates in 2023; 3 women of 9 negotiators in 2024: 3 is below the threshold
    assert by_period == {"2023": None, "2024": None}


def test_gaps_as_csv(tmp_path: Path):
    path = write_file(tmp_path / "people.csv")
    text = runner.invoke(
        app, ["inclusion", "gaps", "--input", str(path), "--by", "gender", "--over", "track", "--csv"]
    ).stdout
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == [
        "column",
        "group",
        "present",
        "influential",
        "presence_share",
        "influence_share",
        "gap",
    ]
    assert ["1", "woman", "suppressed", "0", "suppressed", "0.0", "suppressed"] in rows
    assert rows[-1][0].startswith("# counts below 5 are suppressed")


def test_gaps_on_each_track_over_time(tmp_path: Path):
    path = write_file(tmp_path / "people.csv")
    data = json.loads(
        runner.invoke(
            app,
            [
                "inclusion",
                "gaps",
                "--input",
                str(path),
                "--by",
                "gender",
                "--over",
                "track,period",
                "--json",
                "--raw",
            ],
        ).stdout
    )
    by = {(s["column"], s["group"]): s for s in data["shares"]}
    # Track 2 in 2023: twelve women and nine men in the room, nobody with influence; in 2024 the three women
    # negotiating are all of those with influence
    assert by[("2 × 2023", "woman")]["presence_share"] == round(12 / 21, 4)
    assert by[("2 × 2023", "woman")]["influence_share"] is None
    assert by[("2 × 2024", "woman")]["influence_share"] == 1.0 and ("1 × 2023", "man") not in by
