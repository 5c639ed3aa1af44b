"""`multitrack map list|show|diff|export`: versions compared as an analyst sees them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from tests import factories as f

runner = CliRunner()


@pytest.fixture
def versions(db):
    user = get_user_model().objects.create_user("mapper")
    context = f.context(name="Highlands")
    commander = f.actor(name="Amina Secretname")
    first = f.conflict_map(context, as_of=date(2023, 1, 1))
    gov = f.map_node(first, "Government", power=5)
    cmd = f.map_node(first, "Amina Secretname", actor=commander, power=3)
    f.map_node(first, "Land", kind="issue")
    f.map_tie(gov, cmd, "alliance")
    first.freeze(user)
    second = first.new_version(user, as_of=date(2024, 1, 1))
    gov2 = second.nodes.get(label__isnull=False, power=5)
    gov2.power = 4
    gov2.save()
    tie = second.ties.get()
    tie.type = "broken"
    tie.save()
    f.map_node(second, "Neighbour state", kind="external", power=4)
    return first, second, commander


def test_diff_json(versions):
    first, second, commander = versions
    result = runner.invoke(app, ["map", "diff", str(first.pk), str(second.pk), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"]["id"] == first.pk and data["to"]["date"] == "2024-01-01"
    assert [n["label"] for n in data["parties_added"]] == ["Neighbour state"]
    assert data["parties_gone"] == []
    assert [(n["label"], n["before"], n["after"]) for n in data["power_changes"]] == [("Government", 5, 4)]
    assert data["ties_broken"] == [
        {
            "source": "Government",
            "target": commander.code,
            "type": "broken",
            "before": "alliance",
            "after": "broken",
        }
    ]
    assert data["ties_formed"] == data["ties_changed"] == data["ties_removed"] == []
    assert data["unchanged"] == {"nodes": 2, "ties": 0}
    assert "Secretname" not in result.stdout


def test_diff_text_and_list_and_show(versions):
    first, second, commander = versions
    text = runner.invoke(app, ["map", "diff", str(first.pk), str(second.pk)]).stdout
    assert "+ external Neighbour state" in text and "Government: power 5 → 4" in text
    listed = json.loads(runner.invoke(app, ["map", "list", "--json"]).stdout)
    assert [(m["id"], m["saved"] is not None, m["nodes"]) for m in listed] == [
        (first.pk, True, 3),
        (second.pk, False, 4),
    ]
    shown = runner.invoke(app, ["map", "show", str(first.pk), "--json"])
    assert commander.code in shown.stdout and "Secretname" not in shown.stdout
    assert runner.invoke(app, ["map", "list", "--context", "Nowhere", "--json"]).stdout.strip() == "[]"


def test_unknown_map_is_a_clear_error(versions):
    result = runner.invoke(app, ["map", "diff", "9999", str(versions[0].pk)])
    assert result.exit_code == 2
    assert "no conflict map with id 9999" in result.output


def test_export_svg(versions, tmp_path: Path):
    target = tmp_path / "map.svg"
    result = runner.invoke(app, ["map", "export", str(versions[0].pk), "-o", str(target)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    assert "Secretname" not in target.read_text(encoding="utf-8")


def test_export_png_by_the_outputs_name(versions, tmp_path: Path):
    target = tmp_path / "map.PNG"
    result = runner.invoke(app, ["map", "export", str(versions[0].pk), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}\n"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
