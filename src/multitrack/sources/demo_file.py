"""The demo file: its schema, reading it, and checking every record before anything is written.

Written through the models by multitrack.demo.dataset. The fictional sanctions list the demo imports ships
beside the file (`DEMO_WATCHLIST`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from multitrack.core import conflictmap, toc, vocab
from multitrack.core import indicators as indicators_core

MAX_PROBLEMS = 20  # problems listed in one error message
MEMBER_KINDS = ("organisation", "group")  # who may be an affiliation or a funder (see the models)
DEMO_USER = "demo-analyst"  # records the demo's judgements; the only user the file may name
# A fictional sanctions list (FollowTheMoney JSON lines) naming some demo actors, for the screening queue.
DEMO_WATCHLIST = Path(__file__).with_name("demo") / "veloria-regional-list.ftm.json"


class DemoDataError(ValueError):
    """The demo file is malformed, or the database holds the remains of an earlier demo load."""


# Kept as a table, one record type to a paragraph.
# fmt: off
_SPECS: dict[str, dict[str, str]] = {
    "file": {
        "notice": "str*", "version": "int", "contexts": "records:contexts*", "actors": "records:actors*",
        "initiatives": "records:initiatives*", "relationships": "records:relationships",
        "documents": "records:documents", "conflict_maps": "records:conflict_maps",
        "theories_of_change": "records:theories_of_change", "indicators": "records:indicators",
        "outcomes": "records:outcomes", "transfers": "records:transfers",
        "person_attributes": "records:person_attributes",
    },
    # An attribute the organisation records about persons for inclusion analysis (beside gender and age).
    "person_attributes": {"code": "str*", "label": "str*", "description": "str", "values": "list:str"},
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
        "attributes": "attrs",
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
    # A version of a participatory conflict map, written in full. `based_on` names an earlier entry of the
    # list: the version starts as a copy of it (node keys carry over) and is then made to match what is
    # written here. Every version is saved (immutable) unless marked as a draft. Nodes are named by a key
    # of the file's choosing, kept across the versions of one perspective.
    "conflict_maps": {
        "ref": "str*", "context": "ref:contexts*", "as_of": "date*", "perspective": "str*",
        "based_on": "ref:conflict_maps", "draft": "bool", "notes": "str", "nodes": "records:map_nodes*",
        "ties": "records:map_ties", "factors": "records:dnh_factors",
        "contributors": "records:map_contributors", "comments": "records:map_comments",
    },
    "map_nodes": {
        "key": "node*", "kind": "code:map_elements*", "label": "str", "power": "int", "actor": "ref:actors",
        "names_person": "bool", "notes": "str", "comments": "records:map_comments",
    },
    "map_ties": {
        "source": "node*", "target": "node*", "type": "code:relationship_types*", "notes": "str",
        "comments": "records:map_comments",
    },
    "dnh_factors": {
        "kind": "code:dnh_kinds*", "category": "code:saves*", "description": "str*",
        "initiatives": "list:ref:initiatives", "comments": "records:map_comments",
    },
    "map_contributors": {
        "actor": "ref:actors", "user": "user", "consent": "code:consent*", "consent_on": "date",
        "consent_note": "str",
    },
    "map_comments": {"text": "str*"},
    # A version of an initiative's theory of change, written in full (the shape `multitrack toc check`
    # reads). `based_on` names an earlier entry: the version is a new version of it, its elements keeping
    # the keys the file gives them. Every version is saved unless marked as a draft.
    "theories_of_change": {
        "ref": "str*", "initiative": "ref:initiatives*", "title": "str*", "as_of": "date*",
        "based_on": "ref:theories_of_change", "draft": "bool", "notes": "str",
        "elements": "records:toc_elements*", "links": "records:toc_links", "notes_on": "records:toc_notes",
    },
    "toc_elements": {"key": "str*", "level": "code:toc_levels*", "label": "str*"},
    "toc_links": {"from": "str*", "to": "str*", "rationale": "str"},
    "toc_notes": {"kind": "code:toc_notes*", "text": "str*", "element": "str", "link": "list:str"},
    # An indicator of an initiative; `measures` names an element of a theory of change as "T-02/c-agenda"
    # (the entry's ref and the element's key). Periods are written 2024, 2024-H1, 2024-Q3 or 2024-03.
    "indicators": {
        "initiative": "ref:initiatives*", "code": "str*", "name": "str*", "kind": "str", "unit": "str",
        "direction": "str", "frequency": "str", "measures": "str", "baseline_value": "number",
        "baseline_text": "str", "baseline_date": "date", "disaggregation": "str", "categories": "list:str",
        "data_source": "str",
        "targets": "records:indicator_targets", "values": "records:indicator_values",
    },
    "indicator_targets": {"period": "str*", "value": "number", "text": "str"},
    # A harvested outcome; `toc_elements` names elements of theories of change as "T-02/c-agenda".
    "outcomes": {
        "initiative": "ref:initiatives*", "title": "str*", "description": "str*",
        "social_actor": "ref:actors", "observed_on": "date*", "place": "str", "significance": "str",
        "contribution": "str*", "sources": "str", "positive": "bool", "intended": "bool",
        "direction": "code:transfer_directions", "pathway": "code:transfer_pathways",
        "transferred": "code:transfer_objects", "effect_on": "code:transfer_effects",
        "rpp_reach": "code:rpp_reach", "rpp_level": "code:rpp_levels",
        "dac_criteria": "list:code:dac_criteria", "toc_elements": "list:str",
        "evidence": "list:ref:documents", "substantiations": "records:substantiations",
    },
    # A decision on a possible transfer: the demo traces every Track Two output, then finds the proposal
    # from `source` into `target` whose official passage contains `contains`, and records the decision;
    # `outcome` names an outcome of the file by its title.
    "transfers": {
        "source": "ref:documents*", "target": "ref:documents*", "contains": "str*",
        "status": "str*", "outcome": "str", "note": "str",
    },
    "substantiations": {
        "substantiator": "str*", "agreement": "code:substantiation*", "comment": "str", "on": "date*",
    },
    "indicator_values": {
        "period": "str*", "category": "str", "value": "number", "text": "str", "source": "str",
    },
}
# fmt: on
_KEYED = ("contexts", "actors", "initiatives", "events", "documents", "conflict_maps", "theories_of_change")


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
    yield from _check_maps(records["conflict_maps"], records["initiatives"])
    yield from _check_tocs(records["theories_of_change"])
    yield from _check_indicators(_dicts(data.get("indicators")), records["theories_of_change"])
    yield from _check_transfers(data)
    yield from _check_attributes(data)
    elements = _toc_elements(records["theories_of_change"])
    for index, rec in enumerate(_dicts(data.get("outcomes"))):
        names = rec.get("toc_elements")
        for name in names if isinstance(names, list) else []:
            if name not in elements:
                yield f"outcomes[{index}]: field toc_elements: no theory-of-change element {name!r} (ref/key)"


def _check_attributes(data: dict[str, Any]) -> Iterator[str]:
    """Actors' attributes are defined in `person_attributes`, with one of its values when it lists them."""
    defined = {a.get("code"): a.get("values") or [] for a in _dicts(data.get("person_attributes"))}
    for index, actor in enumerate(_dicts(data.get("actors"))):
        attributes = actor.get("attributes")
        for code, value in attributes.items() if isinstance(attributes, dict) else []:
            where = f"actors[{index}] {actor.get('ref', '')}".rstrip()
            if code not in defined:
                yield f"{where}: field attributes: {code!r} is not defined in person_attributes"
            elif defined[code] and value not in defined[code]:
                allowed = ", ".join(defined[code])
                yield f"{where}: field attributes: {value!r} is not a value of {code}: {allowed}"


def _check_transfers(data: dict[str, Any]) -> Iterator[str]:
    """Decisions from a Track Two output into a later Track One text, on an outcome of the file."""
    docs = {d.get("ref"): d for d in _dicts(data.get("documents"))}
    titles = {o.get("title") for o in _dicts(data.get("outcomes"))}
    tracks = {t.code: t.attrs.get("track") for t in vocab.DOCUMENT_KINDS}
    for index, rec in enumerate(_dicts(data.get("transfers"))):
        where = f"transfers[{index}]"
        source, target = docs.get(rec.get("source"), {}), docs.get(rec.get("target"), {})
        if source and tracks.get(source.get("kind", "report")) == "one":
            yield f"{where}: field source: {rec.get('source')} is an official text, not a Track Two output"
        if target and tracks.get(target.get("kind", "report")) != "one":
            yield f"{where}: field target: {rec.get('target')} is not an official (Track One) text"
        if source.get("date") and target.get("date") and str(target["date"]) < str(source["date"]):
            yield f"{where}: field target: {rec.get('target')} is dated before {rec.get('source')}"
        if rec.get("status") not in {"confirmed", "rejected", "proposed"}:
            yield f"{where}: field status: {rec.get('status')!r} is not confirmed, rejected or proposed"
        if rec.get("outcome") and rec.get("outcome") not in titles:
            yield f"{where}: field outcome: no outcome titled {rec.get('outcome')!r}"


def _toc_elements(tocs: list[dict[str, Any]]) -> set[str]:
    """The elements of the file's theories of change, named "ref/key"."""
    return {
        f"{t.get('ref')}/{e.get('key')}"
        for t in tocs
        for e in _dicts(t.get("elements"))
        if _key(t.get("ref"))
    }


def _check_indicators(indicators: list[dict[str, Any]], tocs: list[dict[str, Any]]) -> Iterator[str]:
    """Periods that can be read, and `measures` naming an element of a theory of change in the file."""
    elements = {
        f"{t.get('ref')}/{e.get('key')}"
        for t in tocs
        for e in _dicts(t.get("elements"))
        if _key(t.get("ref"))
    }
    for index, rec in enumerate(indicators):
        where = f"indicators[{index}] {rec.get('code') or ''}".rstrip()
        measures = rec.get("measures")
        if isinstance(measures, str) and measures and measures not in elements:
            yield f"{where}: field measures: no theory-of-change element {measures!r} (write ref/key)"
        for part in ("targets", "values"):
            for j, item in enumerate(_dicts(rec.get(part))):
                try:
                    indicators_core.period(str(item.get("period", "")))
                except indicators_core.PeriodError as exc:
                    yield f"{where}, {part}[{j}]: field period: {exc}"


def _check_tocs(tocs: list[dict[str, Any]]) -> Iterator[str]:
    """Each theory of change as `multitrack toc check` would check it (problems only: a demo may show
    warnings), and versions based on an earlier entry of the same initiative."""
    earlier: dict[str, Any] = {}
    for index, rec in enumerate(tocs):
        where = f"theories_of_change[{index}] {rec.get('ref') or ''}".rstrip()
        based_on = _key(rec.get("based_on"))
        if based_on is not None and based_on not in earlier:
            yield f"{where}: field based_on: {based_on} must be an earlier entry of the list"
        elif based_on is not None and earlier[based_on] != rec.get("initiative"):
            yield f"{where}: field based_on: {based_on} is of another initiative"
        if _key(rec.get("ref")):
            earlier[rec["ref"]] = rec.get("initiative")
        try:
            parsed = toc.from_data(toc_shape(rec))
        except toc.TocError as exc:
            yield f"{where}: {exc}"
            continue
        yield from (f"{where}: {problem}" for problem in toc.problems(parsed))


def toc_shape(rec: dict[str, Any]) -> dict[str, Any]:
    """A demo record in the JSON shape of `core.toc.from_data` (notes are `notes_on` in the demo file,
    `notes` being the version's free-text notes there)."""
    return {
        "elements": rec.get("elements", []),
        "links": rec.get("links", []),
        "notes": rec.get("notes_on", []),
    }


def _check_maps(maps: list[dict[str, Any]], initiatives: list[dict[str, Any]]) -> Iterator[str]:
    """The rules of conflict maps that involve more than one field: versions, node keys, ties, links.

    Nodes are named by their key in the file, never by their label (which may name a person).
    """
    context_of = {i["ref"]: i.get("context") for i in initiatives if _key(i.get("ref"))}
    earlier: dict[str, Any] = {}  # refs of the maps read so far -> their context
    for index, rec in enumerate(maps):
        where = f"conflict_maps[{index}] {rec.get('ref') or ''}".rstrip()
        based_on = _key(rec.get("based_on"))
        if based_on is not None and based_on == rec.get("ref"):
            yield f"{where}: field based_on: a version cannot be based on itself"
        elif based_on in earlier and earlier[based_on] != rec.get("context"):
            yield f"{where}: field based_on: map {based_on} is of another context"
        elif based_on is not None and based_on not in earlier and any(m.get("ref") == based_on for m in maps):
            yield f"{where}: field based_on: map {based_on} must come earlier in the list"
        if _key(rec.get("ref")):
            earlier[rec["ref"]] = rec.get("context")
        nodes = _dicts(rec.get("nodes"))
        if not nodes and not rec.get("draft"):
            yield f"{where}: a saved version needs at least one node (or mark it as a draft)"
        keys = Counter(_key(n.get("key")) for n in nodes)
        yield from (f"{where}: node key {k!r} is used {n} times" for k, n in keys.items() if n > 1 and k)
        for j, node in enumerate(nodes):
            yield from _check_node(node, f"{where}, nodes[{j}] {node.get('key') or ''}".rstrip())
        seen: set[tuple[str, ...]] = set()
        for j, tie in enumerate(_dicts(rec.get("ties"))):
            place = f"{where}, ties[{j}]"
            ends = [_key(tie.get(end)) for end in ("source", "target")]
            for end, key in zip(("source", "target"), ends, strict=True):
                if key is not None and key not in keys:
                    yield f"{place}: field {end}: no node with key {key!r} on this map"
            if ends[0] is None or ends[1] is None:
                continue
            if ends[0] == ends[1]:
                yield f"{place}: a tie needs two different nodes"
            identity = conflictmap.MapTie(ends[0], ends[1], str(tie.get("type"))).identity()
            if identity in seen:
                what = "an influence arrow in this direction" if identity[0] == "arrow" else "a line"
                yield f"{place}: nodes {ends[0]} and {ends[1]} already have {what}; give one tie only"
            seen.add(identity)
        for j, factor in enumerate(_dicts(rec.get("factors"))):
            linked = factor.get("initiatives")
            for ref in linked if isinstance(linked, list) else []:
                if _key(ref) in context_of and context_of[ref] != rec.get("context"):
                    yield f"{where}, factors[{j}]: field initiatives: initiative {ref} is of another context"
        who: list[str | None] = []
        for j, person in enumerate(_dicts(rec.get("contributors"))):
            if (person.get("actor") is None) == (person.get("user") is None):
                yield f"{where}, contributors[{j}]: give either an actor or a user"
            who.append(_key(person.get("actor")) or _key(person.get("user")))
        yield from (
            f"{where}: contributor {k} is listed {n} times" for k, n in Counter(who).items() if n > 1 and k
        )


def _check_node(node: dict[str, Any], place: str) -> Iterator[str]:
    power = node.get("power")
    if isinstance(power, int) and not isinstance(power, bool):
        if node.get("kind") == "issue":
            yield f"{place}: field power: an issue has no power; leave it out"
        elif not conflictmap.POWER_MIN <= power <= conflictmap.POWER_MAX:
            yield (
                f"{place}: field power: must be from {conflictmap.POWER_MIN} (little) to "
                f"{conflictmap.POWER_MAX} (dominant), not {power}"
            )
    if not node.get("label") and not node.get("actor"):
        yield f"{place}: field label is required unless the node is linked to an actor"


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
            label = item.get("ref") or item.get("key") or item.get("actor") or item.get("code") or ""
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
    elif base == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        yield f"{where}: field {name}: expected a number"
    elif base == "attrs" and (
        not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values())
    ):
        yield f"{where}: field {name}: expected an object of attribute codes and text values"
    elif base in ("str", "node") and not isinstance(value, str):
        yield f"{where}: field {name}: expected text"
    elif base == "user" and value != DEMO_USER:
        yield f"{where}: field {name}: unknown user {value!r}; the demo file can name only {DEMO_USER!r}"


def _plain(record: dict[str, Any], table: str) -> dict[str, Any]:
    """The record's own model fields (not keys, references or nested records), with dates parsed.

    Absent and empty values are left out, so the model's defaults apply.
    """
    values: dict[str, Any] = {}
    for name, kind in _SPECS[table].items():
        base = kind.rstrip("*").split(":")[0]
        if name == "ref" or base in ("ref", "records", "node", "user") or kind.startswith("list:ref"):
            continue
        if record.get(name) in (None, ""):
            continue
        values[name] = date.fromisoformat(record[name]) if base == "date" else record[name]
    return values


# --- Writing -----------------------------------------------------------------------------------------
