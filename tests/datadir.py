"""Running the real `multitrack` command in a subprocess against its own data folder, and the demo's
sensitive strings to look for in what it stores.

The test process sets MULTITRACK_KEY (tests/conftest.py) and may set DATABASE_URL; a subprocess gets
neither, so that it keeps its key in `<data dir>/multitrack.key` and its data in
`<data dir>/multitrack.sqlite3` unless a test says otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

# The console script `multitrack = "multitrack.cli:app"`, run by the interpreter of this test run.
COMMAND = [sys.executable, "-c", "import sys; from multitrack.cli import app; sys.exit(app())"]
UNSET = ("MULTITRACK_KEY", "DATABASE_URL", "MULTITRACK_BACKUP_PASSPHRASE")
MIN_LENGTH = 6  # shorter strings would be found by chance


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a subprocess using `data_dir`, without the test process's key or database.

    Re-ranking with the sentence-embedding model is off (MULTITRACK_SEMANTIC=0): these commands are tested
    for keys, backups and what is stored, and loading the model would cost each subprocess that traces
    (the demo does) about ten seconds. tests/core/test_semantic.py runs a subprocess with it on."""
    env = {name: value for name, value in os.environ.items() if name not in UNSET}
    env["MULTITRACK_DATA_DIR"] = str(data_dir)
    env["MULTITRACK_SEMANTIC"] = "0"
    env.update(extra)
    return env


def run_cli(*args: str | Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the command; the timeout only guards a hang (loading the demo takes ~15 s alone, and well over
    a minute on a busy machine)."""
    return subprocess.run(
        [*COMMAND, *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def ok(*args: str | Path, env: dict[str, str]) -> str:
    """Run a command that must succeed; its standard output."""
    result = run_cli(*args, env=env)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """Assert that the command failed with `code` and one `Error: …` line, no traceback; the message."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0].removeprefix("Error: ")


def demo_data() -> dict[str, Any]:
    text = (resources.files("multitrack.sources") / "demo" / "demo.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _initiative_parts(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    events = [e for i in data["initiatives"] for e in i.get("events", [])]
    participations = [p for x in (*data["initiatives"], *events) for p in x.get("participations", [])]
    return events, participations


def clear_texts(data: dict[str, Any]) -> list[str]:
    """The demo's texts that are stored in clear: context names and summaries, titles (of initiatives,
    events, documents, theories of change and outcomes), indicators' names, units and sources, locations,
    evidence, override reasons."""
    events, _ = _initiative_parts(data)
    texts = [c["name"] for c in data["contexts"]] + [c.get("summary", "") for c in data["contexts"]]
    texts += [i["title"] for i in data["initiatives"]]
    texts += [o["reason"] for i in data["initiatives"] for o in i.get("overrides", [])]
    texts += [e["title"] for e in events] + [e.get("location", "") for e in events]
    texts += [r.get("evidence", "") for r in data["relationships"]]
    texts += [d["title"] for d in data["documents"]] + [d.get("url", "") for d in data["documents"]]
    texts += [t["title"] for t in data.get("theories_of_change", [])]
    texts += [o["title"] for o in data.get("outcomes", [])]
    texts += [i.get(f, "") for i in data.get("indicators", []) for f in ("name", "unit", "data_source")]
    texts += [v.get("source", "") for i in data.get("indicators", []) for v in i.get("values", [])]
    return [t for t in texts if t]


def sensitive_strings() -> list[str]:
    """Every value the demo keeps in an encrypted field, long enough to be looked for.

    Actors' names, aliases, contact details, positions, notes and identity groups; initiatives' and
    events' summaries; participation and relationship notes; document texts; conflict maps' labels,
    notes and comments; theories of change's labels, rationales, assumptions and risks; indicators'
    qualitative baselines, targets and statements; outcomes' statements and substantiation. Left out: one-word
    values (generic titles such as "Chair" or "Member", which also occur in the schema), and values
    that also occur inside a text the demo stores in clear (e.g. "Peace Commissioner", a position, is
    part of a context summary) — finding those would prove nothing.
    """
    data = demo_data()
    events, participations = _initiative_parts(data)
    values: list[str] = []
    for actor in data["actors"]:
        values += [actor.get(f, "") for f in ("name", "contact", "position", "notes")]
        values += [*actor.get("aliases", []), *actor.get("identity_groups", [])]
    values += [x.get("summary", "") for x in (*data["initiatives"], *events)]
    values += [p.get("notes", "") for p in participations]
    values += [r.get("notes", "") for r in data["relationships"]]
    values += [d.get("text", "") for d in data["documents"]]
    # each paragraph too: tracing keeps passages of the texts, and notes on its proposals
    values += [p for d in data["documents"] for p in d.get("text", "").split("\n\n")]
    values += [t.get("note", "") for t in data.get("transfers", [])]
    for m in data.get("conflict_maps", []):  # labels, notes and comments of conflict maps
        values += [m.get("notes", "")]
        elements = (*m.get("nodes", []), *m.get("ties", []))
        values += [x.get(f, "") for x in elements for f in ("label", "notes")]
        values += [c.get("text", "") for c in m.get("comments", [])]
    for t in data.get("theories_of_change", []):  # labels, rationales, assumptions and risks
        values += [t.get("notes", "")]
        values += [e.get("label", "") for e in t.get("elements", [])]
        values += [x.get("rationale", "") for x in t.get("links", [])]
        values += [n.get("text", "") for n in t.get("notes_on", [])]
    for o in data.get("outcomes", []):  # outcome statements and their substantiation
        values += [o.get(f, "") for f in ("description", "place", "significance", "contribution", "sources")]
        values += [x.get(f, "") for x in o.get("substantiations", []) for f in ("substantiator", "comment")]
    for i in data.get("indicators", []):  # qualitative baselines, targets and statements
        values += [i.get("baseline_text", "")]
        values += [x.get("text", "") for x in (*i.get("targets", []), *i.get("values", []))]
    in_clear = "\n".join(clear_texts(data))
    return sorted({v for v in values if len(v) >= MIN_LENGTH and " " in v.strip() and v not in in_clear})


def person_names() -> list[str]:
    return [a["name"] for a in demo_data()["actors"] if a["kind"] == "person"]


def found_in(blob: bytes, strings: list[str]) -> list[str]:
    """The strings that occur in `blob` as UTF-8, or as JSON escapes them (non-ASCII as \\uXXXX)."""
    forms = {s: {s.encode("utf-8"), json.dumps(s).strip('"').encode("ascii")} for s in strings}
    return [s for s, encoded in forms.items() if any(form in blob for form in encoded)]
