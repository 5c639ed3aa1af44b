"""`multitrack network brokerage`: exact output on small files and clear errors on bad ones."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from tests import factories as f

runner = CliRunner()


def files(tmp_path: Path, edges: str, groups: str) -> list[str]:
    (tmp_path / "edges.csv").write_text(edges, encoding="utf-8")
    (tmp_path / "groups.csv").write_text(groups, encoding="utf-8")
    return [
        "network",
        "brokerage",
        "--edges",
        str(tmp_path / "edges.csv"),
        "--groups",
        str(tmp_path / "groups.csv"),
    ]


GROUPS = "node,group\nelder,3\nngo,2\nminister,1\nadviser,1\n"
ZERO = {"coordinator": 0, "itinerant": 0, "representative": 0, "gatekeeper": 0, "liaison": 0}


def test_json_output_is_exact(tmp_path: Path):
    args = files(tmp_path, "source,target\nelder,ngo\nngo,minister\nminister,adviser\n", GROUPS)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "elder": ZERO,
        "ngo": {**ZERO, "liaison": 1},
        "minister": {**ZERO, "gatekeeper": 1},  # ngo (2) → minister (1) → adviser (1)
        "adviser": ZERO,
    }
    assert list(json.loads(result.stdout)) == ["elder", "ngo", "minister", "adviser"]


def test_undirected(tmp_path: Path):
    args = files(tmp_path, "source,target\nelder,ngo\nngo,minister\n", GROUPS)
    result = runner.invoke(app, [*args, "--undirected", "--json"])
    assert json.loads(result.stdout)["ngo"] == {**ZERO, "liaison": 2}


def test_self_loops_and_repeats_are_dropped_with_a_note(tmp_path: Path):
    args = files(tmp_path, "source,target\nelder,ngo\nngo,ngo\nelder,ngo\nngo,minister\n", GROUPS)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ngo"]["liaison"] == 1
    assert result.stderr == (
        "Note: 1 self-loop(s) dropped: a tie to oneself brokers nothing\n"
        "Note: 1 repeated edge(s) counted once\n"
    )


def test_missing_column(tmp_path: Path):
    args = files(tmp_path, "from,to\nelder,ngo\n", GROUPS)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'edges.csv'}: missing column(s) source, target; "
        "the header must be source,target\n"
    )


def test_unknown_node(tmp_path: Path):
    args = files(tmp_path, "source,target\nelder,ngo\nngo,mayor\n", GROUPS)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path / 'edges.csv'}: row 3, column target: "
        f"node 'mayor' is not in {tmp_path / 'groups.csv'}\n"
    )


def test_node_listed_twice_and_empty_cell(tmp_path: Path):
    args = files(tmp_path, "source,target\n", GROUPS + "ngo,3\n")
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {tmp_path / 'groups.csv'}: row 6, column node: 'ngo' is already on row 3\n"
    )
    args = files(tmp_path, "source,target\nelder,\n", GROUPS)
    result = runner.invoke(app, args)
    assert result.stderr == f"Error: {tmp_path / 'edges.csv'}: row 2, column target: empty\n"


def test_table_output(tmp_path: Path):
    args = files(tmp_path, "source,target\nelder,ngo\nngo,minister\n", GROUPS)
    result = runner.invoke(app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0
    line = next(row for row in result.stdout.splitlines() if " ngo " in row)
    assert [cell.strip() for cell in line.split("│")[1:-1]] == ["ngo", "2", "0", "0", "0", "0", "1"]


@pytest.fixture
def stored(db):
    from datetime import date

    compartment = f.compartment(name="Highlands")
    elder = f.actor(name="Elder Example", level="grassroots", compartment=compartment)
    ngo = f.actor(kind="organisation", name="Peace Forum", level="middle", compartment=compartment)
    minister = f.actor(name="Minister Example", level="top", official_status="serving_official",
                       compartment=compartment)  # fmt: skip
    f.relationship(elder, ngo, "close", valid_from=date(2020, 1, 1))
    f.relationship(ngo, minister, "influence", valid_from=date(2021, 1, 1), valid_to=date(2022, 12, 31))
    return elder, ngo, minister


def test_metrics_csv_and_json(stored):
    elder, ngo, _minister = stored
    result = runner.invoke(app, ["network", "metrics", "--compartment", "Highlands"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {a.code for a in stored}
    assert by_id[ngo.code]["articulation"] == "True" and by_id[elder.code]["articulation"] == "False"
    as_json = json.loads(runner.invoke(app, ["network", "metrics", "--compartment", "Highlands",
                                             "--format", "json"]).stdout)  # fmt: skip
    assert as_json["cuts"] == [{"node": ngo.code, "separates": [["1", "3"]]}]
    assert "Elder Example" not in result.stdout


def test_metrics_refuses_unknown_compartment_and_format(stored):
    missing = runner.invoke(app, ["network", "metrics", "--compartment", "Nowhere"])
    assert (missing.exit_code, missing.stderr) == (2, "Error: no compartment named 'Nowhere'\n")
    bad = runner.invoke(app, ["network", "metrics", "--compartment", "Highlands", "--format", "xlsx"])
    assert (bad.exit_code, bad.stderr) == (2, "Error: unknown format 'xlsx'; expected csv or json\n")


def test_export_gexf_has_time_intervals_and_no_person_names(stored, tmp_path: Path):
    import xml.etree.ElementTree as ET

    _elder, _ngo, minister = stored
    out = tmp_path / "net.gexf"
    result = runner.invoke(
        app, ["network", "export", "--compartment", "Highlands", "--format", "gexf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Elder Example" not in text and "Minister Example" not in text and minister.code in text
    ns = {"g": "http://gexf.net/1.3"}
    edges = ET.fromstring(text).findall(".//g:edge", ns)
    assert sorted((e.get("start"), e.get("end")) for e in edges) == [
        ("2020-01-01", None),
        ("2021-01-01", "2022-12-31"),
    ]
    graphml = runner.invoke(app, ["network", "export", "--compartment", "Highlands", "--format", "graphml"])
    assert graphml.exit_code == 0 and graphml.stdout.startswith("<?xml")
