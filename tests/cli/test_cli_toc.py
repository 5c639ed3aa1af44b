"""`multitrack toc check|list|show|diff`: checking a JSON theory of change, and versions from the database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.evaluation.models import TocLink
from tests import factories as f

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "toc.json"


def test_check_the_documented_example():
    result = runner.invoke(app, ["toc", "check", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert [w["code"] for w in data["warnings"]] == [
        "orphan_outcome",
        "activity_leads_nowhere",
        "link_without_rationale",
    ]
    text = runner.invoke(app, ["toc", "check", str(EXAMPLE)]).stdout
    assert "warning (orphan_outcome): nothing leads to Public support for a water deal grows" in text


def test_check_reports_problems_and_bad_files(tmp_path: Path):
    bad = tmp_path / "toc.json"
    bad.write_text(
        json.dumps({"elements": [{"key": "a", "level": "goal", "label": "Peace"}]}), encoding="utf-8"
    )
    result = runner.invoke(app, ["toc", "check", str(bad)])
    assert result.exit_code == 1
    assert "problem: Peace: level 'goal' is not one of activity, output, outcome, impact" in result.stdout
    bad.write_text(json.dumps({"elements": [{"key": "a", "level": "activity"}]}), encoding="utf-8")
    result = runner.invoke(app, ["toc", "check", str(bad)])
    assert result.exit_code == 2 and "elements[0].label: a non-empty text is required" in result.output
    bad.write_text("{", encoding="utf-8")
    assert "not valid JSON" in runner.invoke(app, ["toc", "check", str(bad)]).output
    assert "no such file" in runner.invoke(app, ["toc", "check", str(tmp_path / "none.json")]).output


@pytest.fixture
def versions(db):
    user = get_user_model().objects.create_user("evaluator")
    initiative = f.initiative()
    first = f.toc(initiative, as_of=date(2023, 1, 1))
    a = f.toc_element(first, "Dialogue rounds")
    i = f.toc_element(first, "Fewer clashes", "impact")
    TocLink.objects.create(toc=first, source=a, target=i, rationale="Trust grows.")
    first.freeze(user)
    second = first.new_version(user, as_of=date(2024, 1, 1))
    f.toc_element(second, "Joint paper", "output")
    return initiative, first, second


def test_list_show_and_diff(versions):
    initiative, first, second = versions
    rows = json.loads(runner.invoke(app, ["toc", "list", "--json"]).stdout)
    assert [(r["id"], r["initiative"], r["saved"] is not None, r["elements"]) for r in rows] == [
        (first.pk, initiative.code, True, 2),
        (second.pk, initiative.code, False, 3),
    ]
    shown = json.loads(runner.invoke(app, ["toc", "show", str(second.pk), "--json"]).stdout)
    assert shown["based_on"] == first.pk
    assert {e["label"] for e in shown["elements"]} == {"Dialogue rounds", "Fewer clashes", "Joint paper"}
    assert shown["links"][0]["rationale"] == "Trust grows."
    assert [w["code"] for w in shown["warnings"]] == []
    text = runner.invoke(app, ["toc", "show", str(first.pk)]).stdout
    assert "Dialogue rounds → Fewer clashes: Trust grows." in text
    d = json.loads(runner.invoke(app, ["toc", "diff", str(first.pk), str(second.pk), "--json"]).stdout)
    assert d["elements"]["added"] == ["Joint paper"] and d["unchanged"] == {"elements": 2, "links": 1}
    assert (
        "+ element Joint paper" in runner.invoke(app, ["toc", "diff", str(first.pk), str(second.pk)]).stdout
    )
    missing = runner.invoke(app, ["toc", "show", "999"])
    assert missing.exit_code == 2 and "no theory of change with id 999" in missing.output
