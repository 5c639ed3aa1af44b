"""A file named on the command line that cannot be read gets the same one-line message, exit code 2,
whichever command reads it (cli/common.read_text and read_json)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multitrack.cli import app

runner = CliRunner()

COMMANDS = {
    "classify": lambda f: ["classify", str(f)],
    "toc check": lambda f: ["toc", "check", str(f)],
    "inclusion table": lambda f: ["inclusion", "table", "--by", "gender", "--input", str(f)],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_unreadable_files_are_named_with_the_same_words(tmp_path: Path, command: str):
    args = COMMANDS[command]
    missing = tmp_path / "missing.json"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"title": "Caf\u00e9"}'.encode("latin-1"))
    for path, message in (
        (missing, f"Error: {missing}: no such file\n"),
        (tmp_path, f"Error: {tmp_path}: cannot be read (Is a directory)\n"),
        (latin, f"Error: {latin}: not UTF-8 text\n"),
    ):
        result = runner.invoke(app, args(path))
        assert (result.exit_code, result.stderr) == (2, message)


@pytest.mark.parametrize("command", ["classify", "toc check"])
def test_bad_json_names_line_and_column(tmp_path: Path, command: str):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "elements": [,]\n}\n', encoding="utf-8")
    result = runner.invoke(app, COMMANDS[command](bad))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {bad}: not valid JSON: Expecting value at line 2, column 16\n",
    )
