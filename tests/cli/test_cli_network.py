"""`multitrack network brokerage`: exact output on small files and clear errors on bad ones."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from multitrack.cli import app

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
