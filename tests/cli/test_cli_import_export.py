from __future__ import annotations

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.sources.csv_file import ACTOR_COLUMNS
from multitrack.web.registry.models import Actor
from multitrack.web.screening.models import ScreeningHit
from tests import factories as f

pytestmark = pytest.mark.django_db

runner = CliRunner()
HEADER = ",".join(ACTOR_COLUMNS)


@pytest.fixture
def actors_csv(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(
        f"{HEADER}\n"
        "A-1,person,Amina Example,middle,,2;5,,O-1,,,,,\n"
        "O-1,organisation,Peace Institute,,,,,,,,,,\n",
        encoding="utf-8",
    )
    return path


def test_import_prints_what_it_did(actors_csv):
    result = runner.invoke(
        app, ["import", "actors", str(actors_csv), "--compartment", f.default_compartment().name]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{actors_csv}: 2 created, 0 updated, 0 unchanged\n"
        "Screening: no sanctions list is loaded: import one to screen actors\n"
    )
    assert result.stderr == ""
    assert Actor.objects.get(ref="A-1").affiliation == Actor.objects.get(ref="O-1")

    again = runner.invoke(
        app, ["import", "actors", str(actors_csv), "--compartment", f.default_compartment().name]
    )
    assert again.exit_code == 0
    assert again.stdout == f"{actors_csv}: 0 created, 0 updated, 2 unchanged\n"


def test_imported_actors_are_screened_against_the_loaded_lists(actors_csv, tmp_path):
    f.watchlist()
    path = tmp_path / "listed.csv"
    path.write_text(f"{HEADER}\nA-9,person,Muammar al-Gaddafi,top,,,,,,,,,\n", encoding="utf-8")
    result = runner.invoke(
        app, ["import", "actors", str(path), "--compartment", f.default_compartment().name]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "Screening: 1 actor(s) screened: 1 new hit(s), 0 reopened, 0 already decided and unchanged"
    )
    assert "Gaddafi" not in result.output
    (hit,) = ScreeningHit.objects.all()
    assert hit.actor == Actor.objects.get(ref="A-9") and hit.open


def test_a_bad_file_lists_every_problem_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        f"{HEADER}\nA-1,person,Amina Example,medium,,,,,,,,,\nA-2,person,Ben Example,,,,,NOBODY,,,,,\n"
        "O-1,organisation,Peace Institute,,,,,,,,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["import", "actors", str(path), "--compartment", f.default_compartment().name]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: nothing was imported.\n"
        "  row 2, field level: unknown levels code 'medium'; expected one of: top, middle, grassroots\n"
        "  row 3, field affiliation_ref: no actor has this ref or code, in this file or in the database\n"
    )
    assert "Amina" not in result.stderr and "Ben" not in result.stderr
    assert Actor.objects.count() == 0


def test_a_file_that_is_not_utf8_or_missing_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"{HEADER}\nA-1,person,José,,,,,,,,,,\n".encode("latin-1"))
    result = runner.invoke(
        app, ["import", "actors", str(path), "--compartment", f.default_compartment().name]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: nothing was imported.\n"
        "  the file is not UTF-8 text (line 2 has a byte that is not UTF-8); "
        "save it as 'CSV UTF-8' and import it again\n"
    )
    missing = tmp_path / "missing.csv"
    result = runner.invoke(
        app, ["import", "actors", str(missing), "--compartment", f.default_compartment().name]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {missing}: nothing was imported.\n  no such file\n",
    )


def test_export_to_a_file(tmp_path, actors_csv):
    runner.invoke(app, ["import", "actors", str(actors_csv), "--compartment", f.default_compartment().name])
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "actors", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 actors to {out}\n"
    assert (
        out.read_bytes()
        == (
            f"{HEADER}\r\nA-1,person,Amina Example,middle,unofficial,2;5,,O-1,,,,,\r\n"
            "O-1,organisation,Peace Institute,,unofficial,,,,,,,,\r\n"
        ).encode()
    )
    again = runner.invoke(app, ["import", "actors", str(out), "--compartment", f.default_compartment().name])
    assert again.stdout == f"{out}: 0 created, 0 updated, 2 unchanged\n"


def test_export_to_standard_output():
    context = f.context(name="Northland")
    f.initiative(ref="I-1", context=context, title="Coffee talks", objectives=["capacity"])
    result = runner.invoke(app, ["export", "initiatives"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "ref,context,title,summary,third_party_type,third_party_ref,format,objectives,declared_track,"
        "discretion,status,start_date,end_date,funder_refs\n"
        "I-1,Northland,Coffee talks,,ngo_mediator,,dialogue_series,capacity,,discreet,active,,,\n"
    )


@pytest.mark.parametrize("command", ["import", "export"])
def test_an_unknown_kind_is_a_usage_error(tmp_path, command):
    args = [command, "people", str(tmp_path / "x.csv")] if command == "import" else [command, "people"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    known = (
        "actors, initiatives, ucdp-acd, ucdp-dyadic, pax, mend, padd"
        if command == "import"
        else "actors, initiatives"
    )
    assert result.stderr == f"Error: unknown kind 'people'; expected one of: {known}\n"
