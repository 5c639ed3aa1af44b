"""`multitrack screen pairs`: JSON in file order with exact keys, a table otherwise, clear CSV errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from multitrack.cli.screening import screen_app

runner = CliRunner()


def write(tmp_path, text):
    path = tmp_path / "pairs.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_pairs_json_keeps_order_and_shape(tmp_path):
    path = write(
        tmp_path,
        "name1,name2,schema\nVladimir Putin,Владимир Путин,Person\nJohn Smith,Maria Gonzalez,\n"
        "Siemens AG,Siemens Aktiengesellschaft,Company\n",
    )
    result = runner.invoke(screen_app, ["pairs", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [set(d) for d in data] == [{"score", "match"}] * 3
    assert [d["match"] for d in data] == [True, False, True]
    assert all(isinstance(d["score"], float) and 0 <= d["score"] <= 1 for d in data)


def test_pairs_without_schema_column_and_threshold(tmp_path):
    path = write(tmp_path, "name2,name1\nJ. Smith,John Smith\n")
    default = json.loads(runner.invoke(screen_app, ["pairs", str(path), "--json"]).stdout)
    assert default[0]["match"] is False
    low = json.loads(runner.invoke(screen_app, ["pairs", str(path), "--json", "--threshold", "0.5"]).stdout)
    assert low[0]["match"] is True and low[0]["score"] == default[0]["score"]


def test_pairs_table(tmp_path):
    path = write(tmp_path, "name1,name2\nMuammar Gaddafi,Muammar Qadhafi\n")
    result = runner.invoke(screen_app, ["pairs", str(path)])
    assert result.exit_code == 0
    assert "Gaddafi" in result.stdout and "yes" in result.stdout


def test_missing_column(tmp_path):
    path = write(tmp_path, "name1,other\na,b\n")
    result = runner.invoke(screen_app, ["pairs", str(path), "--json"])
    assert result.exit_code == 2
    assert "pairs.csv: missing column name2" in result.stderr


def test_bad_schema(tmp_path):
    path = write(tmp_path, "name1,name2,schema\na,b,Person\nc,d,Planet\n")
    result = runner.invoke(screen_app, ["pairs", str(path), "--json"])
    assert result.exit_code == 2
    assert "row 2, field schema:" in result.stderr
