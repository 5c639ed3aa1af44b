"""`multitrack import pax|mend|padd` and `multitrack landscape agreements|mediation|delegates|versions`:
exit codes, exact outputs and exact refusals."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.sources import trackone
from multitrack.web.landscape.models import Dataset
from tests import trackone_data as data

pytestmark = pytest.mark.django_db
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_import_pax_and_read_the_2018_figure(tmp_path):
    path = trackone.write_pax(tmp_path / "pax.csv", data.release_2020(), "2020-01")
    imported = run("import", "pax", str(path))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == (
        f"{path}: PA-X version 2020-01, 2020-01 layout: 183 agreements imported; shown from now on\n"
    )
    result = run("landscape", "agreements", "--from", "2018", "--to", "2018", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "dataset": "pax", "version": "2020-01",
        "years": [{"year": 2018, "agreements": 62, "gender_provisions": 7}],
    }  # fmt: skip
    text = run("landscape", "agreements", "--from", "2018", "--to", "2019")
    assert text.stdout == (
        "PA-X version 2020-01: agreements signed, with gender provisions\n"
        "2018: 62 agreements, 7 (11%)\n"
        "2019: 30 agreements, 3 (10%)\n"
    )
    again = run("import", "pax", str(path), "--version", "2020-01")
    assert again.exit_code == 0 and "nothing changed" in again.stdout


def test_mediation_by_each_key_and_delegates(tmp_path):
    assert run("import", "mend", str(trackone.write_mend(tmp_path / "m.csv", data.events()))).exit_code == 0
    padd = trackone.write_padd(tmp_path / "p.csv", data.delegations())
    assert run("import", "padd", str(padd), "--version", "Good 2024").exit_code == 0
    by_year = json.loads(run("landscape", "mediation", "--by", "year", "--json").stdout)
    assert by_year == {
        "dataset": "mend", "version": "2018–2020, 5 events",
        "rows": [{"key": 2018, "events": 2}, {"key": 2019, "events": 2}, {"key": 2020, "events": 1}],
    }  # fmt: skip
    by_party = run("landscape", "mediation")
    assert by_party.stdout.splitlines()[:3] == [
        "MEND version 2018–2020, 5 events: mediation events by third-party",
        "     2  Oman",
        "     2  UN",
    ]
    delegates = json.loads(run("landscape", "delegates", "--json").stdout)
    assert delegates["version"] == "Good 2024" and delegates["agreements"] == 3
    assert set(delegates["roles"]) == {"signatories", "negotiators", "mediators", "observers"}
    assert delegates["roles"]["observers"] == {
        "agreements": 2, "delegates": 14, "women": 3, "women_share": 0.2143
    }  # fmt: skip
    lines = run("landscape", "delegates").stdout.splitlines()
    assert lines[0] == "PADD version Good 2024: 3 agreements"
    assert lines[1] == "all delegates      14 women of    100 (14.0%) over 2 agreements"
    versions = json.loads(run("landscape", "versions", "--json").stdout)
    assert {(v["dataset"], v["version"], v["shown"]) for v in versions} == {
        ("mend", "2018–2020, 5 events", True), ("padd", "Good 2024", True)
    }  # fmt: skip


def test_refusals_say_where_and_write_nothing(tmp_path):
    path = trackone.write_pax(tmp_path / "pax.csv", data.release_2020()[:5])
    path.write_text(path.read_text("utf-8-sig").replace("2016-01-01", "01/01/2016"), "utf-8")
    refused = run("import", "pax", str(path))
    assert refused.exit_code == 2
    assert refused.stderr == (
        "Error: pax.csv: row 2, column Dat: expected a date as YYYY-MM-DD, got '01/01/2016'\n"
        "nothing was imported\n"
    )
    assert not Dataset.objects.exists()
    wrong = run("import", "padd", str(path))
    assert wrong.exit_code == 2 and "is this PADD's agreement-level file?" in wrong.stderr
    assert run("import", "actors", str(path), "--version", "1").stderr == (
        "Error: --version is for the Track One datasets (pax, mend, padd)\n"
    )
    none = run("landscape", "delegates")
    assert none.exit_code == 2 and none.stderr == (
        "Error: no PADD data yet (PADD — Peace Agreement Delegates Dataset (Good 2024, APSR)); "
        "run `multitrack import padd FILE.csv`\n"
    )
    backwards = run("landscape", "agreements", "--from", "2019", "--to", "2018")
    assert backwards.exit_code == 2 and backwards.stderr == "Error: --from 2019 is after --to 2018\n"
    assert run("landscape", "mediation", "--by", "party").exit_code == 2
