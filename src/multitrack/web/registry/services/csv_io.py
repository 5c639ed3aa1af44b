"""The registry's services: importing and exporting actors and initiatives in the documented CSV
templates (docs/import.md; the file is read and written by sources.csv_templates).

An import is all or nothing: every row is read and checked first, and one problem anywhere means nothing
is written (`ImportFailed` lists them all). Rows are matched on `ref`, so running a file twice creates
nothing the second time. An export writes the same columns, so an exported file imports back unchanged.

`plan_actors` and `plan_initiatives` only read: they find each row's stored record (by ref, or else
by Multitrack code), resolve the references, apply the row to an in-memory model instance, run the
model's validation and note what would change. `apply` writes a plan in one transaction. Reads are
batched (`BATCH` keys per query); writes go through `Model.save()` so that the models' own rules (an
actor's code allocation) hold for imported rows too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from multitrack.sources import csv_templates
from multitrack.sources.csv_file import ImportFailed, Problem, sort_problems
from multitrack.sources.csv_rows import ParsedRow, Withhold
from multitrack.sources.csv_templates import iso, joined
from multitrack.web.audit.log import record
from multitrack.web.screening.services import screen

from ..models import Actor, Context, Initiative

Coded = TypeVar("Coded", Actor, Initiative)

BATCH = 500
MEMBER_KINDS = ("organisation", "group")  # who may be an affiliation or a funder (see the models)

# Template columns that name a relation rather than a model field.
_ACTOR_FIELDS = {"affiliation_ref": "affiliation"}
_INITIATIVE_FIELDS = {"third_party_ref": "third_party", "funder_refs": "funders"}
_NO_COMPARTMENT = "a new record needs a compartment to be kept in (give --compartment)"
_NO_ACTOR = "no actor has this ref or code in the database; import the actors first"


@dataclass(eq=False)
class Item:
    """A row with its model instance: new or stored, and what the import would change."""

    row: ParsedRow
    obj: Any  # Actor or Initiative
    is_new: bool
    changed: bool = False
    pending: dict[str, Item] = field(default_factory=dict)  # FK attname -> row whose actor is new
    m2m: dict[str, set[int]] = field(default_factory=dict)  # relation -> ids, only when they change


@dataclass
class Plan:
    items: list[Item]
    problems: list[Problem]


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    batch = sorted(set(values))
    for start in range(0, len(batch), BATCH):
        yield batch[start : start + BATCH]


def _by_key(keys: Iterable[str], queryset: models.QuerySet[Coded]) -> dict[str, Coded]:
    """Stored rows (actors or initiatives) whose ref or code is one of `keys`, keyed by both; a ref
    wins over a code."""
    by_code: dict[str, Coded] = {}
    by_ref: dict[str, Coded] = {}
    for chunk in _chunks(keys):
        for obj in queryset.filter(models.Q(ref__in=chunk) | models.Q(code__in=chunk)):
            by_code[obj.code] = obj
            if obj.ref:
                by_ref[obj.ref] = obj
    return by_code | by_ref


def _contexts_by_name(names: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(names):
        found.update(Context.objects.filter(name__in=chunk).values_list("name", "pk"))
    return found


def _assign(item: Item, values: dict[str, Any]) -> None:
    """Set the row's values on the instance; an empty cell takes the field's default when it needs one."""
    meta = item.obj._meta
    for name, value in values.items():
        model_field = meta.get_field(name)
        if value == "" and not model_field.blank:
            value = model_field.get_default()
        if getattr(item.obj, name) != value:
            setattr(item.obj, name, value)
            item.changed = True


def _set_fk(item: Item, attname: str, value: int | None) -> None:
    if getattr(item.obj, attname) != value:
        setattr(item.obj, attname, value)
        item.changed = True


def _set_m2m(item: Item, name: str, ids: set[int]) -> None:
    current = set() if item.is_new else {o.pk for o in getattr(item.obj, name).all()}
    if ids != current:
        item.m2m[name] = ids
        item.changed = True


def _validate(item: Item, columns: dict[str, str]) -> list[Problem]:
    """The model's own validation of the template's fields, as problems on the matching columns.

    Columns that already have a problem, and fields the template does not hold, are not checked again.
    """
    row = item.row
    failed = {columns.get(c, c) for c in row.failed}
    checked = set(row.values) - failed
    exclude = [f.name for f in item.obj._meta.fields if f.name not in checked]
    try:
        item.obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        to_column = {f: c for c, f in columns.items()}
        return [
            Problem(row.number, "" if name == NON_FIELD_ERRORS else to_column.get(name, name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _match(rows: list[ParsedRow], stored: dict[str, Any], noun: str) -> tuple[list[Item], list[Problem]]:
    """One item per row: the stored record with the row's ref (or code), or a new one."""
    items: list[Item] = []
    problems: list[Problem] = []
    claimed: dict[int, int] = {}
    seen: set[str] = set()
    for row in rows:
        obj = stored.get(row.ref) if row.ref else None
        if row.ref in seen:
            pass  # a repeated ref, already reported by parse_rows
        elif obj is not None and obj.pk in claimed:
            problems.append(Problem(row.number, "ref", f"the same {noun} as row {claimed[obj.pk]}"))
        elif obj is not None:
            claimed[obj.pk] = row.number
        seen.add(row.ref)
        # A new row always writes; a stored one only if some value differs.
        items.append(Item(row, obj, is_new=obj is None, changed=obj is None))
    return items, problems


def _context_ids(
    item: Item, column: str, names: dict[str, int], problems: list[Problem], withhold: Withhold
) -> set[int]:
    ids = set()
    for name in item.row.links[column]:
        if name in names:
            ids.add(names[name])
        else:
            problems.append(Problem(item.row.number, column, f"no context named {withhold.shown(name)}"))
    return ids


def _compartment_problems(items: list[Item], compartment: Any) -> list[Problem]:
    if compartment is not None:
        return []
    return [Problem(i.row.number, "ref", _NO_COMPARTMENT) for i in items if i.is_new]


def plan_actors(rows: list[ParsedRow], withhold: Withhold, compartment: Any = None) -> Plan:
    """What importing these actor rows would do, and every problem it would meet."""
    keys = {r.ref for r in rows} | {k for r in rows for k in r.links["affiliation_ref"]}
    stored = _by_key(keys, Actor.objects.prefetch_related("contexts"))
    contexts = _contexts_by_name(n for r in rows for n in r.links["contexts"])
    items, problems = _match(rows, stored, "actor")
    problems += _compartment_problems(items, compartment)
    in_file = {item.row.ref: item for item in items}
    by_pk = {item.obj.pk: item for item in items if not item.is_new}
    for item in items:
        if item.is_new:
            item.obj = Actor(ref=item.row.ref, compartment=compartment)
        _assign(item, item.row.values)

    def resolve(key: str) -> Item | Actor | None:
        """The actor `key` names: its row when it is in the file (by ref, or as a stored actor), else
        the stored actor, else None."""
        if key in in_file:
            return in_file[key]
        actor = stored.get(key)
        return by_pk.get(actor.pk, actor) if actor is not None else None

    for item in items:
        row = item.row
        affiliation_id = None
        for key in row.links["affiliation_ref"]:
            target = resolve(key)
            kind = target.row.values["kind"] if isinstance(target, Item) else getattr(target, "kind", "")
            if target is None:
                message = "no actor has this ref or code, in this file or in the database"
                problems.append(Problem(row.number, "affiliation_ref", message))
            elif target is item:
                message = "an actor cannot be its own affiliation"
                problems.append(Problem(row.number, "affiliation_ref", message))
            elif kind and kind not in MEMBER_KINDS:
                message = f"the affiliation must be an organisation or a group, not a {kind}"
                problems.append(Problem(row.number, "affiliation_ref", message))
            elif isinstance(target, Item) and target.is_new:
                item.pending["affiliation_id"] = target  # its pk exists only once it is saved
                item.changed = True
            else:
                affiliation_id = target.obj.pk if isinstance(target, Item) else target.pk
        _set_fk(item, "affiliation_id", affiliation_id)
        _set_m2m(item, "contexts", _context_ids(item, "contexts", contexts, problems, withhold))
        problems += _validate(item, _ACTOR_FIELDS)
    return Plan(items, problems)


def plan_initiatives(rows: list[ParsedRow], withhold: Withhold, compartment: Any = None) -> Plan:
    """What importing these initiative rows would do, and every problem it would meet."""
    stored = _by_key((r.ref for r in rows if r.ref), Initiative.objects.prefetch_related("funders"))
    actor_keys = {k for r in rows for k in r.links["third_party_ref"] + r.links["funder_refs"]}
    actors = _by_key(actor_keys, Actor.objects.all())
    contexts = _contexts_by_name(n for r in rows for n in r.links["context"])
    items, problems = _match(rows, stored, "initiative")
    problems += _compartment_problems(items, compartment)
    for item in items:
        row = item.row
        if item.is_new:
            item.obj = Initiative(ref=row.ref, compartment=compartment)
        _assign(item, row.values)
        context_ids = _context_ids(item, "context", contexts, problems, withhold)
        _set_fk(item, "context_id", next(iter(context_ids), None))
        third_party_id = None
        for key in row.links["third_party_ref"]:
            if key in actors:
                third_party_id = actors[key].pk
            else:
                problems.append(Problem(row.number, "third_party_ref", _NO_ACTOR))
        _set_fk(item, "third_party_id", third_party_id)
        funder_ids = set()
        for position, key in enumerate(row.links["funder_refs"], start=1):
            funder = actors.get(key)
            if funder is None:
                message = f"item {position}: {_NO_ACTOR}"
                problems.append(Problem(row.number, "funder_refs", message))
            elif funder.kind not in MEMBER_KINDS:
                message = f"item {position}: a funder must be an organisation or a group, not a {funder.kind}"
                problems.append(Problem(row.number, "funder_refs", message))
            else:
                funder_ids.add(funder.pk)
        _set_m2m(item, "funders", funder_ids)
        problems += _validate(item, _INITIATIVE_FIELDS)
    return Plan(items, problems)


PLANNERS = {"actors": plan_actors, "initiatives": plan_initiatives}


def _write_m2m(items: list[Item]) -> None:
    """Replace the changed many-to-many links, batched: one delete and one insert per `BATCH` rows.

    This writes the link table directly, so `m2m_changed` signals are not sent (nothing listens now).
    """
    by_relation: dict[str, list[Item]] = {}
    for item in items:
        for name in item.m2m:
            by_relation.setdefault(name, []).append(item)
    for name, changed in by_relation.items():
        relation = changed[0].obj._meta.get_field(name)
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        stale = [item.obj.pk for item in changed if not item.is_new]
        for start in range(0, len(stale), BATCH):
            through.objects.filter(**{f"{source}_id__in": stale[start : start + BATCH]}).delete()
        links = [
            through(**{f"{source}_id": item.obj.pk, f"{target}_id": pk})
            for item in changed
            for pk in sorted(item.m2m[name])
        ]
        through.objects.bulk_create(links, batch_size=BATCH)


def apply(plan: Plan) -> tuple[int, int, int]:
    """Write the plan in one transaction: (created, updated, unchanged). Raises ImportFailed if the
    database refuses a row (someone else wrote the same ref meanwhile); then nothing is written."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    try:
        with transaction.atomic():
            for item in plan.items:
                for attname, target in list(item.pending.items()):
                    if target.obj.pk is not None:  # saved already: an earlier row of the file
                        setattr(item.obj, attname, target.obj.pk)
                        del item.pending[attname]
                if item.changed:
                    item.obj.save()
                counts["created" if item.is_new else "updated" if item.changed else "unchanged"] += 1
            for item in plan.items:
                if item.pending:
                    for attname, target in item.pending.items():
                        setattr(item.obj, attname, target.obj.pk)
                    item.obj.save(update_fields=[*item.pending, "updated_at"])
            _write_m2m(plan.items)
    except IntegrityError:
        # Not the database's own text: it may quote a row's values.
        raise ImportFailed(
            [
                "the database refused a row (was the same ref saved elsewhere meanwhile?); nothing was "
                "written, run the import again"
            ]
        ) from None
    return counts["created"], counts["updated"], counts["unchanged"]


# --- Import and export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What an import did, counted by row; it names no actor."""

    kind: str
    created: int
    updated: int
    unchanged: int
    screening: str = ""  # actors: what screening the new and changed ones found, or why it did not run

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def import_file(kind: str, path: str | Path, compartment: Any = None) -> ImportReport:
    """Import a CSV file in the `kind` template, atomically and idempotently.

    New rows are kept in `compartment` (a Compartment); rows that update a stored record stay where
    they are. Raises ImportFailed, having written nothing, if the file or any row has a problem (a new
    row without a compartment is one); raises ValueError for an unknown kind.
    """
    parsed = csv_templates.read(kind, path)
    plan = PLANNERS[kind](parsed.rows, parsed.withhold, compartment)
    problems = sort_problems([*parsed.problems, *plan.problems], csv_templates.columns(kind))
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        created, updated, unchanged = apply(plan)
        report = ImportReport(kind, created, updated, unchanged)
        record("import", summary=f"{kind} CSV imported: {report}", object_type=f"registry.{kind}")
    if kind == "actors":  # after the import has landed: screening records its own hits and audit entry
        saved = [item.obj for item in plan.items if item.changed]
        result = screen.screen_saved(saved, scope=f"{len(saved)} imported actor(s)")
        summary = str(result.report) if result.report else result.skipped
        report = dataclasses.replace(report, screening=summary)
    return report


def _actor_key(actor: Actor | None) -> str:
    """The key an actor is exported under: the user's ref, or else its code; empty for no actor."""
    return (actor.ref or actor.code) if actor else ""


def _actor_row(a: Actor) -> list[str]:
    contexts = sorted(c.name for c in a.contexts.all())
    return [
        _actor_key(a), a.kind, a.name, a.level, a.official_status, joined(a.nine_tracks), a.position,
        _actor_key(a.affiliation), a.country, a.gender, a.age_group, joined(contexts), a.notes,
    ]  # fmt: skip


def _initiative_row(i: Initiative) -> list[str]:
    funders = sorted(_actor_key(f) for f in i.funders.all())
    return [
        i.ref or i.code, i.context.name, i.title, i.summary, i.third_party_type, _actor_key(i.third_party),
        i.format, joined(i.objectives), i.declared_track, i.discretion, i.status, iso(i.start_date),
        iso(i.end_date), joined(funders),
    ]  # fmt: skip


def _rows(kind: str) -> list[list[str]]:
    if kind == "actors":
        actors = Actor.objects.select_related("affiliation").prefetch_related("contexts")
        return [_actor_row(a) for a in actors]
    initiatives = Initiative.objects.select_related("context", "third_party").prefetch_related("funders")
    return [_initiative_row(i) for i in initiatives]


def export(kind: str, fh: TextIO) -> int:
    """Write every actor or initiative to `fh` in the import template, ordered by ref; the row count.

    Persons' names are written: an export is a deliberate act of the user, and audited. Raises
    ValueError for an unknown kind, before reading anything.
    """
    csv_templates.columns(kind)
    count = csv_templates.write(kind, _rows(kind), fh)
    record("export", summary=f"{count} {kind} exported to CSV", object_type=f"registry.{kind}")
    return count
