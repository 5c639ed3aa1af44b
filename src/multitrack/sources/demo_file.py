"""The demo file: its schema, reading it, and checking every record before anything is written.

Split from `demo.py`, which writes a checked file through the models.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from multitrack.core import vocab

MAX_PROBLEMS = 20  # problems listed in one error message
MEMBER_KINDS = ("organisation", "group")  # who may be an affiliation or a funder (see the models)


class DemoDataError(ValueError):
    """The demo file is malformed, or the database holds the remains of an earlier demo load."""


# Kept as a table, one record type to a paragraph.
# fmt: off
_SPECS: dict[str, dict[str, str]] = {
    "file": {
        "notice": "str*", "version": "int", "contexts": "records:contexts*", "actors": "records:actors*",
        "initiatives": "records:initiatives*", "relationships": "records:relationships",
        "documents": "records:documents",
    },
    "contexts": {
        "ref": "str*", "name": "str*", "summary": "str", "countries": "list:str", "gw_codes": "list:int",
        "ucdp_conflict_ids": "list:int",
    },
    "actors": {
        "ref": "str*", "kind": "code:actor_kinds*", "name": "str*", "level": "code:levels",
        "nine_tracks": "list:code:nine_tracks", "official_status": "code:official_status",
        "position": "str", "affiliation": "ref:actors", "country": "str", "gender": "code:genders",
        "age_group": "code:age_groups", "identity_groups": "list:str",
        "proscription_status": "code:proscription_status", "contexts": "list:ref:contexts", "notes": "str",
    },
    "initiatives": {
        "ref": "str*", "context": "ref:contexts*", "title": "str*", "summary": "str",
        "third_party_type": "code:third_party_types", "third_party": "ref:actors",
        "format": "code:formats*", "objectives": "list:code:objectives", "declared_track": "code:tracks",
        "discretion": "code:discretion", "status": "code:initiative_status", "start_date": "date",
        "end_date": "date", "funders": "list:ref:actors", "participations": "records:participations",
        "events": "records:events", "overrides": "records:overrides",
    },
    "events": {
        "ref": "str*", "title": "str*", "format": "code:formats", "start_date": "date*", "end_date": "date",
        "location": "str", "summary": "str", "participations": "records:participations",
    },
    "participations": {
        "actor": "ref:actors*", "role": "code:participant_roles*", "acting_capacity": "code:acting_capacity",
        "attended": "bool", "spoke": "bool", "notes": "str",
    },
    "overrides": {"track": "code:tracks*", "reason": "str*"},
    "relationships": {
        "source": "ref:actors*", "target": "ref:actors*", "type": "code:relationship_types*",
        "context": "ref:contexts", "valid_from": "date", "valid_to": "date", "evidence": "str",
        "confidence": "code:confidence", "notes": "str",
    },
    "documents": {
        "ref": "str*", "title": "str*", "kind": "code:document_kinds", "date": "date",
        "context": "ref:contexts", "initiative": "ref:initiatives", "url": "str", "text": "str",
    },
}
# fmt: on
_KEYED = ("contexts", "actors", "initiatives", "events", "documents")


def read(path: str | Path | None = None) -> dict[str, Any]:
    """The demo file (the packaged one unless `path` is given), parsed and checked.

    Raises DemoDataError listing the problems found.
    """
    if path is None:
        source = resources.files("multitrack.sources") / "demo" / "demo.json"
        text = source.read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DemoDataError(f"the demo file is not valid JSON: {exc}") from None
    problems = list(check(data))
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        raise DemoDataError(f"the demo file is invalid: {shown}{more}")
    checked: dict[str, Any] = data  # `check` found no problem, so it is an object
    return checked


def check(data: Any) -> Iterator[str]:
    """Every problem in a parsed demo file: fields, codes, references, dates and cross-record rules."""
    if not isinstance(data, dict):
        yield "the file must hold a JSON object"
        return
    records = {table: _records(data, table) for table in (*_KEYED, "relationships")}
    keys: dict[str, set[str]] = {}
    for table in _KEYED:
        counts = Counter(_key(r.get("ref")) for r in records[table])
        yield from (f"{table}: key {k!r} is used {n} times" for k, n in counts.items() if n > 1 and k)
        keys[table] = {k for k in counts if isinstance(k, str)}
    yield from _check_record(data, "file", "file", keys)
    kinds = {a["ref"]: a.get("kind") for a in records["actors"] if _key(a.get("ref"))}
    for actor in records["actors"]:
        affiliation = _key(actor.get("affiliation"))
        if affiliation in kinds and kinds[affiliation] not in MEMBER_KINDS:
            yield f"actor {actor.get('ref')}: the affiliation must be an organisation or a group"
    for item in records["initiatives"]:
        where = f"initiative {item.get('ref')}"
        funders = item.get("funders")
        if isinstance(funders, list) and any(
            kinds.get(_key(f), "organisation") not in MEMBER_KINDS for f in funders
        ):
            yield f"{where}: funders must be organisations or groups"
        # The models allow an actor one row per role at an event, and one per role across the initiative.
        groups = [(where, item.get("participations"))]
        groups += [
            (f"{where}, event {ev.get('ref')}", ev.get("participations")) for ev in _dicts(item.get("events"))
        ]
        for place, parts in groups:
            pairs = Counter((_key(part.get("actor")), _key(part.get("role"))) for part in _dicts(parts))
            yield from (
                f"{place}: actor {a} is recorded {n} times as {r}" for (a, r), n in pairs.items() if n > 1
            )
    for index, tie in enumerate(records["relationships"]):
        if tie.get("source") == tie.get("target"):
            yield f"relationships[{index}]: an actor cannot have a relationship with itself"


def _key(value: Any) -> str | None:
    """A key or code as text; anything else (a malformed value, reported elsewhere) as None."""
    return value if isinstance(value, str) else None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _records(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The records of a table, with events taken from inside the initiatives.

    Malformed parts are skipped here; `_check_record` reports them.
    """
    if table == "events":
        return [e for i in _dicts(data.get("initiatives")) for e in _dicts(i.get("events"))]
    return _dicts(data.get(table))


def _check_record(record: dict[str, Any], table: str, where: str, keys: dict[str, set[str]]) -> Iterator[str]:
    spec = _SPECS[table]
    for name in sorted(record.keys() - spec.keys()):
        yield f"{where}: unknown field {name!r}"
    for name, kind in spec.items():
        value = record.get(name)
        if value is None or value == "":
            if kind.endswith("*"):
                yield f"{where}: field {name} is required"
            continue
        yield from _check_value(value, kind.rstrip("*"), where, name, keys)


def _check_value(value: Any, kind: str, where: str, name: str, keys: dict[str, set[str]]) -> Iterator[str]:
    base, _, arg = kind.partition(":")
    if base == "records":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            yield f"{where}: field {name} must be a list of objects"
            return
        prefix = "" if where == "file" else f"{where}, "
        for index, item in enumerate(value):
            label = item.get("ref") or item.get("actor") or ""
            yield from _check_record(item, arg, f"{prefix}{name}[{index}] {label}".rstrip(), keys)
    elif base == "list":
        if not isinstance(value, list):
            yield f"{where}: field {name} must be a list"
            return
        for item in value:
            yield from _check_value(item, arg, where, name, keys)
    elif base == "code":
        if _key(value) not in vocab.ALL[arg]:
            allowed = ", ".join(vocab.ALL[arg].codes())
            yield f"{where}: field {name}: unknown {arg} code {value!r}; expected one of: {allowed}"
    elif base == "ref":
        if _key(value) not in keys[arg]:
            yield f"{where}: field {name}: no record in {arg} has the key {value!r}"
    elif base == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            yield f"{where}: field {name}: expected a date as YYYY-MM-DD, got {value!r}"
    elif base == "bool" and not isinstance(value, bool):
        yield f"{where}: field {name}: expected true or false"
    elif base == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        yield f"{where}: field {name}: expected a whole number"
    elif base == "str" and not isinstance(value, str):
        yield f"{where}: field {name}: expected text"


def _plain(record: dict[str, Any], table: str) -> dict[str, Any]:
    """The record's own model fields (not keys, references or nested records), with dates parsed.

    Absent and empty values are left out, so the model's defaults apply.
    """
    values: dict[str, Any] = {}
    for name, kind in _SPECS[table].items():
        base = kind.rstrip("*").split(":")[0]
        if name == "ref" or base in ("ref", "records") or kind.startswith("list:ref"):
            continue
        if record.get(name) in (None, ""):
            continue
        values[name] = date.fromisoformat(record[name]) if base == "date" else record[name]
    return values


# --- Writing -----------------------------------------------------------------------------------------
