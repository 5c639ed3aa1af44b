"""The fictional demo dataset: read it, check it, and write it to the registry in one transaction.

The data sits beside this module in `demo/demo.json` (package data). Inside the file, records point at
each other by stable keys ("C-01", "A-001", "I-01"); stored actors and initiatives keep their key as
their reference with the `demo-` prefix, so the demo never takes a reference a user might choose.

Loading is idempotent: if a demo context already exists (matched by name), nothing is written. The
whole file is checked before anything is written (fields, codes against the vocabularies, references,
dates), and the models' own validation runs on every row inside the transaction, so a bad file aborts
and leaves the database as it was. Messages name records by their key, never by a person's name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from multitrack.core import vocab
from multitrack.web.accounts.models import Compartment
from multitrack.web.registry.models import (
    Actor,
    Context,
    Document,
    Event,
    Initiative,
    Participation,
    Relationship,
    TrackOverride,
)

DEMO_USER = "demo-analyst"  # records the demo's judgements; its password is unusable
REF_PREFIX = "demo-"
DEMO_COMPARTMENT_PREFIX = "Demo: "  # the demo's compartments are named after its contexts
MEMBER_KINDS = ("organisation", "group")  # who may be an affiliation or a funder (see the models)
MAX_PROBLEMS = 20  # problems listed in one error message


class DemoDataError(ValueError):
    """The demo file is malformed, or the database holds the remains of an earlier demo load."""


@dataclass(frozen=True)
class LoadSummary:
    """What `load` wrote, or that the demo was already there."""

    contexts: int = 0
    actors: int = 0
    initiatives: int = 0
    events: int = 0
    participations: int = 0
    relationships: int = 0
    documents: int = 0
    overrides: int = 0
    already_loaded: bool = False
    context: str = ""  # when already loaded: the demo context found

    def __str__(self) -> str:
        if self.already_loaded:
            return f'already loaded (context "{self.context}" exists); nothing changed'
        counts = [
            (self.contexts, "context", "contexts"),
            (self.actors, "actor", "actors"),
            (self.initiatives, "initiative", "initiatives"),
            (self.events, "event", "events"),
            (self.participations, "participation", "participations"),
            (self.relationships, "relationship", "relationships"),
            (self.documents, "document", "documents"),
            (self.overrides, "track override", "track overrides"),
        ]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts) + " loaded"


# --- The file's shape ------------------------------------------------------------------------------------
# Field kinds: str, int, bool, date, code:<vocabulary>, ref:<table>, list:<kind> (a list of values of that
# kind) and records:<table> (nested records). A trailing "*" marks a required field.

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


def load(path: str | Path | None = None) -> LoadSummary:
    """Load the demo data once; if a demo context already exists, write nothing and say so.

    Raises DemoDataError if the file is invalid or the database holds part of an earlier demo load;
    either way nothing is written.
    """
    data = read(path)
    names = [c["name"] for c in data["contexts"]]
    found = _existing_context(names)
    if found:
        return LoadSummary(already_loaded=True, context=found)
    try:
        with transaction.atomic():
            return _write(data)
    except IntegrityError:
        # Another process loaded the demo between the check above and this write.
        found = _existing_context(names)
        if found:
            return LoadSummary(already_loaded=True, context=found)
        raise


def demo_compartments() -> Any:
    """The compartments the demo loaded into (for granting the demo users their roles)."""
    return Compartment.objects.filter(name__startswith=DEMO_COMPARTMENT_PREFIX)


def _existing_context(names: list[str]) -> str | None:
    found: str | None = (
        Context.objects.filter(name__in=names).order_by("name").values_list("name", flat=True).first()
    )
    return found


def _demo_user() -> Any:
    user, created = get_user_model().objects.get_or_create(username=DEMO_USER)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _save(obj: models.Model, where: str, exclude: tuple[str, ...] = ()) -> Any:
    """Run the model's validation, then save; a failure names the record by its key.

    Relations are left out of the validation: each points at a row written earlier in this transaction,
    and the rules that involve them (affiliations and funders are organisations or groups, no duplicate
    participation, no tie to oneself) are checked on the file by `check`. This saves a query per relation.
    """
    relations = tuple(f.name for f in obj._meta.concrete_fields if f.is_relation)
    try:
        obj.full_clean(exclude=(*exclude, *relations))
    except ValidationError as exc:
        detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
        raise DemoDataError(f"{where}: {detail}") from None
    obj.save()
    return obj


def _write(data: dict[str, Any]) -> LoadSummary:
    actor_refs = [REF_PREFIX + a["ref"] for a in data["actors"]]
    initiative_refs = [REF_PREFIX + i["ref"] for i in data["initiatives"]]
    if (
        Actor.objects.filter(ref__in=actor_refs).exists()
        or Initiative.objects.filter(ref__in=initiative_refs).exists()
    ):
        raise DemoDataError(
            f"no demo context exists, but actors or initiatives with demo references ({REF_PREFIX}…) do; "
            "remove what is left of the earlier demo load, then load it again"
        )
    user = _demo_user()

    contexts = {
        c["ref"]: _save(Context(**_plain(c, "contexts")), f"context {c['ref']}") for c in data["contexts"]
    }
    # One compartment per demo context: what happens in each is need-to-know for its own team.
    compartments = {
        ref: Compartment.objects.get_or_create(name=f"{DEMO_COMPARTMENT_PREFIX}{context.name}")[0]
        for ref, context in contexts.items()
    }
    home = compartments[data["contexts"][0]["ref"]]

    actors: dict[str, Actor] = {}
    for rec in data["actors"]:
        actors[rec["ref"]] = _save(
            Actor(ref=REF_PREFIX + rec["ref"], compartment=home, **_plain(rec, "actors")),
            f"actor {rec['ref']}",
            exclude=("code",),
        )
    for rec in data["actors"]:  # second pass: affiliations may point forward in the file
        actor = actors[rec["ref"]]
        if rec.get("affiliation"):
            actor.affiliation = actors[rec["affiliation"]]
            _save(actor, f"actor {rec['ref']}")
        actor.contexts.set([contexts[c] for c in rec.get("contexts", [])])

    initiatives: dict[str, Initiative] = {}
    events = participations = overrides = 0
    for rec in data["initiatives"]:
        where = f"initiative {rec['ref']}"
        initiative = _save(
            Initiative(
                ref=REF_PREFIX + rec["ref"],
                compartment=compartments[rec["context"]],
                context=contexts[rec["context"]],
                third_party=actors[rec["third_party"]] if rec.get("third_party") else None,
                created_by=user,
                **_plain(rec, "initiatives"),
            ),
            where,
        )
        initiatives[rec["ref"]] = initiative
        initiative.funders.set([actors[f] for f in rec.get("funders", [])])
        for part in rec.get("participations", []):
            _participation(initiative, None, part, actors, where)
            participations += 1
        for ev in rec.get("events", []):
            event = _save(Event(initiative=initiative, **_plain(ev, "events")), f"{where}, event {ev['ref']}")
            events += 1
            for part in ev.get("participations", []):
                _participation(initiative, event, part, actors, f"{where}, event {ev['ref']}")
                participations += 1
        # After the participations, so the override records the track computed from them.
        for judgement in rec.get("overrides", []):
            computed = initiative.classification().track or ""
            _save(
                TrackOverride(
                    initiative=initiative,
                    computed_track=computed,
                    created_by=user,
                    **_plain(judgement, "overrides"),
                ),
                f"{where}, override",
            )
            overrides += 1

    for index, rec in enumerate(data.get("relationships", [])):
        _save(
            Relationship(
                compartment=compartments[rec["context"]] if rec.get("context") else home,
                source=actors[rec["source"]],
                target=actors[rec["target"]],
                context=contexts[rec["context"]] if rec.get("context") else None,
                recorded_by=user,
                **_plain(rec, "relationships"),
            ),
            f"relationships[{index}]",
        )

    for rec in data.get("documents", []):
        _save(
            Document(
                compartment=initiatives[rec["initiative"]].compartment
                if rec.get("initiative")
                else compartments.get(rec.get("context", ""), home),
                context=contexts[rec["context"]] if rec.get("context") else None,
                initiative=initiatives[rec["initiative"]] if rec.get("initiative") else None,
                **_plain(rec, "documents"),
            ),
            f"document {rec['ref']}",
        )

    return LoadSummary(
        contexts=len(contexts),
        actors=len(actors),
        initiatives=len(initiatives),
        events=events,
        participations=participations,
        relationships=len(data.get("relationships", [])),
        documents=len(data.get("documents", [])),
        overrides=overrides,
    )


def _participation(
    initiative: Initiative, event: Event | None, rec: dict[str, Any], actors: dict[str, Actor], where: str
) -> None:
    part = Participation(
        initiative=initiative, event=event, actor=actors[rec["actor"]], **_plain(rec, "participations")
    )
    _save(part, f"{where}, participation of {rec['actor']} as {rec['role']}")
