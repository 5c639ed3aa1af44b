"""`multitrack audit verify|export`: exit codes and exact messages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from multitrack.cli.audit import audit_app
from multitrack.web.audit.export import COLUMNS
from multitrack.web.audit.log import record

from .conftest import entries, sql

pytestmark = pytest.mark.django_db

runner = CliRunner()


def test_verify_an_intact_log():
    for n in range(3):
        record("other", summary=f"entry {n}")
    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Audit log intact: 3 entries.\n"
    assert result.stderr == ""


def test_verify_an_empty_log():
    result = runner.invoke(audit_app, ["verify"])
    assert (result.exit_code, result.stdout) == (0, "Audit log intact: 0 entries.\n")


def test_verify_an_edited_log():
    for n in range(3):
        record("other", summary=f"entry {n}")
    sql("UPDATE {t} SET summary = %s WHERE seq = 2", ["edited"])
    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Audit log broken at entry 2: its content does not match its seal (the entry was altered)\n"
    )


def test_verify_a_log_with_an_entry_removed():
    for n in range(3):
        record("other", summary=f"entry {n}")
    sql("DELETE FROM {t} WHERE seq = 2")
    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 1
    assert result.stderr == "Audit log broken at entry 2: entry 2 is missing (the next entry is 3)\n"


def test_export_csv_to_a_file(tmp_path):
    record("other", summary="one")
    record("login_failed", username="=HYPERLINK(1)", summary="failed login")
    path = tmp_path / "audit.csv"
    result = runner.invoke(audit_app, ["export", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 audit entries to {path}\n"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert tuple(rows[0]) == COLUMNS
    assert [r["seq"] for r in rows] == ["1", "2"]
    assert rows[1]["username"] == "'=HYPERLINK(1)"  # never read as a formula
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    export = entries()[-1]
    assert (export.action, export.summary) == ("export", "audit log exported (2 entries, csv)")


def test_export_jsonl_to_standard_output():
    first = record("other", summary="one")
    result = runner.invoke(audit_app, ["export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in io.StringIO(result.stdout)]
    assert len(lines) == 1
    assert lines[0]["seq"] == 1 and lines[0]["hash"] == first.hash and lines[0]["summary"] == "one"
    assert list(lines[0]) == list(COLUMNS)


def test_export_refuses_an_unknown_format():
    result = runner.invoke(audit_app, ["export", "--format", "xml"])
    assert result.exit_code == 2
