"""The UCDP importer on the real ACD 25.1 file: published counts, idempotence, bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.sources import ucdp
from multitrack.sources.ucdp import UCDP_ACD
from multitrack.web.ucdp import services
from multitrack.web.ucdp.models import UcdpConflictYear, UcdpDyadYear, UcdpImport

ACD = UCDP_ACD
runner = CliRunner()

pytestmark = pytest.mark.django_db


def test_acd_reproduces_the_published_counts():
    report = services.import_acd(ACD)
    assert (report.rows_read, report.added, report.version) == (2752, 2752, "25.1")
    result = runner.invoke(app, ["ucdp", "yearly", "--from", "2023", "--to", "2024", "--json"])
    assert result.exit_code == 0, result.output
    years = json.loads(result.stdout)
    assert [(y["year"], y["conflicts"], y["wars"]) for y in years] == [(2023, 59, 9), (2024, 61, 11)]
    assert years[0]["by_type"] == {
        "extrasystemic": 0, "interstate": 2, "intrastate": 36, "internationalized_intrastate": 21
    }  # fmt: skip
    assert "dyads" not in years[0]


def test_a_quoted_newline_stays_inside_its_field():
    services.import_acd(ACD)
    row = UcdpConflictYear.objects.get(conflict_id=11349, year=2008)
    # The quoted newline stayed inside its field (white space around a value is trimmed): the row is whole.
    assert (row.territory_name, row.version) == ("East Turkestan", "25.1")


def test_reimport_changes_nothing_and_a_new_version_updates_in_place(tmp_path: Path):
    services.import_acd(ACD)
    ids = dict(UcdpConflictYear.objects.values_list("pk", "conflict_id"))
    again = services.import_acd(ACD)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2752)
    newer = tmp_path / "acd-26.csv"
    text = ACD.read_text(encoding="utf-8")
    newer.write_text(text.replace(",25.1\n", ",26.1\n").replace(",25.1\r\n", ",26.1\r\n"), encoding="utf-8")
    report = services.import_acd(newer)
    assert (report.added, report.updated, report.version) == (0, 2752, "26.1")
    assert UcdpConflictYear.objects.count() == 2752
    assert set(UcdpConflictYear.objects.values_list("version", flat=True)) == {"26.1"}
    # updated in place: every row keeps its id
    assert dict(UcdpConflictYear.objects.values_list("pk", "conflict_id")) == ids
    assert list(UcdpImport.objects.order_by("imported_at").values_list("version", flat=True)) == [
        "25.1",
        "25.1",
        "26.1",
    ]


def test_truncated_file_is_refused_with_its_row_and_nothing_written(tmp_path: Path):
    services.import_acd(ACD)
    before = list(UcdpConflictYear.objects.order_by("pk").values_list("pk", "version", "intensity_level"))
    lines = ACD.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.csv"
    cut.write_text("".join(lines[:40]) + lines[40][:30], encoding="utf-8")
    with pytest.raises(ucdp.UcdpImportError) as failure:
        services.import_acd(cut)
    assert str(failure.value).startswith(f"{cut}: row 41")
    assert (
        list(UcdpConflictYear.objects.order_by("pk").values_list("pk", "version", "intensity_level"))
        == before
    )


def test_missing_column_and_bad_value(tmp_path: Path):
    header, *rows = ACD.read_text(encoding="utf-8").splitlines()
    no_year = tmp_path / "no-year.csv"
    no_year.write_text("\n".join([header.replace(",year,", ",yr,"), *rows[:3]]) + "\n", encoding="utf-8")
    with pytest.raises(ucdp.UcdpImportError, match=r"row 1, column year: missing column"):
        services.import_acd(no_year)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([header, rows[0], rows[1].replace(",2014,", ",20x4,", 1)]) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        ucdp.UcdpImportError, match=r"row 3, column year: expected a whole number, got '20x4'"
    ):
        services.import_acd(bad)
    assert not UcdpConflictYear.objects.exists()


def test_cli_import_summary_and_errors(tmp_path: Path):
    result = runner.invoke(app, ["import", "ucdp-acd", str(ACD)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"{ACD}: UCDP acd version 25.1: 2752 rows read, 2752 added, 0 updated, 0 unchanged\n"
    )
    missing = runner.invoke(app, ["import", "ucdp-acd", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: {tmp_path / 'none.csv'}: no such file; nothing was imported\n"


def test_dyadic_import_adds_active_dyads_to_the_yearly_figures(tmp_path: Path):
    dyadic = tmp_path / "dyadic.csv"
    dyadic.write_text(
        "dyad_id,conflict_id,location,side_a,side_b,year,intensity_level,type_of_conflict,gwno_loc,region,version\n"
        "406,230,Iran,Government of Iran,KDPI,2023,1,3,630,2,25.1\n"
        '407,230,Iran,Government of Iran,"PJAK, Party of\nFree Life",2023,1,3,630,2,25.1\n'
        "406,230,Iran,Government of Iran,KDPI,2024,1,3,630,2,25.1\n",
        encoding="utf-8",
    )
    report = services.import_dyadic(dyadic)
    assert (report.rows_read, report.added) == (3, 3) and UcdpDyadYear.objects.count() == 3
    services.import_acd(ACD)
    years = json.loads(
        runner.invoke(app, ["ucdp", "yearly", "--from", "2023", "--to", "2024", "--json"]).stdout
    )
    assert [y["dyads"] for y in years] == [2, 1]
