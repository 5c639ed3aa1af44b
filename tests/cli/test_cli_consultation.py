"""`multitrack consultation analyse|import-polis|export|list|show` on the two real Pol.is conversations."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.sources import polis
from multitrack.web.consultations.models import Consultation, Vote
from tests import factories as f

runner = CliRunner()
POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"


@pytest.mark.parametrize("name", ["15-per-hour-seattle", "brexit-consensus"])
def test_analyse_a_polis_export_without_the_database(name):
    folder = POLIS / name
    result = runner.invoke(
        app,
        ["consultation", "analyse", "--votes", str(folder / "votes.csv"),
         "--comments", str(folder / "comments.csv"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"participants", "groups", "assignments", "consensus", "representative"}
    with (folder / "participants-votes.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    seven = {int(r["participant"]) for r in rows if int(r["n-votes"]) >= 7}
    clustered_by_polis = {int(r["participant"]) for r in rows if r["group-id"] != ""}
    assert data["groups"] == 2  # as Pol.is found
    # Grouped: exactly those with at least 7 votes. Pol.is grouped the same people in Seattle (138); in the
    # 2017 Brexit export it also grouped 8 people with a single vote, which its rule today would not.
    assert {a["participant"] for a in data["assignments"]} == seven
    assert seven <= clustered_by_polis and data["participants"] == len(seven)
    comments = {c.id: c for c in polis.read_comments(folder / "comments.csv")}
    for ids in data["representative"].values():
        assert ids and all(comments[i].moderated != -1 for i in ids)  # rejected comments are left out


def test_analyse_votes_alone_and_bad_files(tmp_path):
    votes = POLIS / "brexit-consensus" / "votes.csv"
    alone = runner.invoke(app, ["consultation", "analyse", "--votes", str(votes)])
    assert alone.exit_code == 0 and "opinion groups" in alone.stdout
    bad = tmp_path / "votes.csv"
    rows = votes.read_text(encoding="utf-8").splitlines()
    rows[3] = rows[3].rsplit(",", 1)[0] + ",yes"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["consultation", "analyse", "--votes", str(bad), "--json"])
    assert result.exit_code == 2
    assert "votes.csv, row 4, field vote" in result.output and "Nothing was analysed." in result.output


@pytest.mark.django_db
def test_import_export_list_and_show(tmp_path):
    initiative = f.initiative()
    folder = POLIS / "15-per-hour-seattle"
    result = runner.invoke(
        app, ["consultation", "import-polis", str(folder), "--initiative", initiative.code]
    )
    assert result.exit_code == 0, result.output
    assert "54 statements, 339 participants" in result.stdout
    again = runner.invoke(app, ["consultation", "import-polis", str(folder), "--initiative", initiative.code])
    assert "already imported" in again.stdout and Consultation.objects.count() == 1
    c = Consultation.objects.get()
    assert c.statements.filter(status="rejected").count() == 23 and Vote.objects.count() == 2995
    listed = json.loads(runner.invoke(app, ["consultation", "list", "--json"]).stdout)
    assert listed[0]["id"] == c.pk and listed[0]["initiative"] == initiative.code
    shown = json.loads(runner.invoke(app, ["consultation", "show", str(c.pk), "--json"]).stdout)
    assert shown["summary"]["groups"] == 2 and shown["participants_grouped"] == 138
    out = tmp_path / "out"
    assert runner.invoke(app, ["consultation", "export", str(c.pk), "-o", str(out)]).exit_code == 0
    back = polis.read_export(out)
    original = polis.read_export(folder)
    assert len(back.comments) == 54 and len(back.voters) == 339
    assert sorted(v.value for v in back.latest_votes()) == sorted(v.value for v in original.latest_votes())
    assert sum(1 for p in back.participants if p.group is not None) == 138


@pytest.mark.django_db
def test_import_refuses_a_broken_export_and_an_unknown_initiative(tmp_path):
    initiative = f.initiative()
    broken = tmp_path / "broken"
    shutil.copytree(POLIS / "brexit-consensus", broken)
    (broken / "comments.csv").unlink()
    result = runner.invoke(
        app, ["consultation", "import-polis", str(broken), "--initiative", initiative.code]
    )
    assert (
        result.exit_code == 2
        and "no comments.csv" in result.output
        and "Nothing was imported." in result.output
    )
    unknown = runner.invoke(
        app, ["consultation", "import-polis", str(POLIS / "brexit-consensus"), "--initiative", "I-ZZZZ"]
    )
    assert unknown.exit_code == 2 and "no initiative with code 'I-ZZZZ'" in unknown.output
    assert not Consultation.objects.exists()
