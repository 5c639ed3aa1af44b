"""`multitrack watchlist import|list` on the real published lists: counts, the delta, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.screening.models import ListedEntity, WatchlistImport

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data" / "sanctions"
UN = DATA / "un-sc-consolidated-2018-10-29.xml"
SDN = DATA / "ofac-sdn-2024-05-01.csv"

pytestmark = pytest.mark.django_db


def test_import_un_then_again_json():
    first = runner.invoke(app, ["watchlist", "import", "un-sc", str(UN), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {
        "source": "un-sc",
        "version": "2018-10-29",
        "total": 1093,
        "added": 1093,
        "removed": 0,
        "changed": 0,
    }
    assert ListedEntity.objects.filter(schema="Person").count() == 703
    again = runner.invoke(app, ["watchlist", "import", "un-sc", str(UN), "--json"])
    assert json.loads(again.stdout)["added"] == 0 and json.loads(again.stdout)["changed"] == 0


def test_import_ofac_sdn_text_summary_and_list():
    result = runner.invoke(app, ["watchlist", "import", "ofac-sdn", str(SDN)])
    assert result.exit_code == 0, result.output
    assert "ofac-sdn version 2024-05-01: 14966 entries, 14966 added, 0 removed, 0 changed" in result.stdout
    listed = json.loads(runner.invoke(app, ["watchlist", "list", "--json"]).stdout)
    assert [(r["source"], r["total"]) for r in listed] == [("ofac-sdn", 14966)]
    assert len(listed[0]["sha256"]) == 64


def test_a_newer_version_reports_the_delta(tmp_path: Path):
    runner.invoke(app, ["watchlist", "import", "un-sc", str(UN)])
    text = UN.read_text(encoding="utf-8")
    newer = text.replace('dateGenerated="2018-10-29', 'dateGenerated="2018-11-05', 1)
    # drop the first individual and rename the second in the newer version
    start = newer.index("<INDIVIDUAL>")
    end = newer.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    newer = newer[:start] + newer[end:]
    path = tmp_path / "un-newer.xml"
    path.write_text(newer, encoding="utf-8")
    result = runner.invoke(app, ["watchlist", "import", "un-sc", str(path), "--json"])
    assert result.exit_code == 0, result.output
    delta = json.loads(result.stdout)
    assert (delta["version"], delta["total"], delta["added"], delta["removed"], delta["changed"]) == (
        "2018-11-05",
        1092,
        0,
        1,
        0,
    )
    assert WatchlistImport.objects.count() == 2


def test_broken_files_are_refused_and_nothing_is_written(tmp_path: Path):
    truncated = tmp_path / "un-truncated.xml"
    truncated.write_bytes(UN.read_bytes()[:200_000])
    result = runner.invoke(app, ["watchlist", "import", "un-sc", str(truncated)])
    assert result.exit_code == 2
    assert "un-truncated.xml" in result.output and "nothing was imported" in result.output
    missing = runner.invoke(app, ["watchlist", "import", "ofac-sdn", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    unknown = runner.invoke(app, ["watchlist", "import", "eu-fsf", str(UN)])
    assert unknown.exit_code == 2 and "unknown list kind" in unknown.output
    assert not ListedEntity.objects.exists() and not WatchlistImport.objects.exists()
