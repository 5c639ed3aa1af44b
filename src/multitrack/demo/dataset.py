"""The fictional demo dataset: read it, check it, and write it to the registry in one transaction.

The data ships in `multitrack/sources/demo/demo.json` (package data), which sources.demo_file reads and
checks; this module writes it through the models. Inside the file, records point at
each other by stable keys ("C-01", "A-001", "I-01"); stored actors and initiatives keep their key as
their reference with the `demo-` prefix, so the demo never takes a reference a user might choose.

The file also holds participatory conflict maps: dated versions of one perspective, each later one
started as a copy of the one before (`new_version`, so node keys carry over and versions compare), then
brought to what the file says; every version but a perspective's newest draft is then saved (frozen).

Loading is idempotent: if a demo context already exists (matched by name), nothing is written. The
whole file is checked before anything is written (fields, codes against the vocabularies, references,
dates), and the models' own validation runs on every row inside the transaction, so a bad file aborts
and leaves the database as it was. Messages name records by their key, never by a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from multitrack.core import conflictmap as core
from multitrack.core import indicators as indicators_core
from multitrack.core import toc as toc_core
from multitrack.sources.demo_file import DEMO_USER, DemoDataError, _plain, check, read, toc_shape  # noqa: F401  (check/read: the API)
from multitrack.web.accounts.models import Compartment
from multitrack.web.conflictmaps.models import (
    ConflictMap,
    DnhFactor,
    MapComment,
    MapContributor,
    MapNode,
    MapTie,
)
from multitrack.web.consultations.publishing import publish_report
from multitrack.web.evaluation.models import (
    Indicator,
    Measurement,
    Outcome,
    Substantiation,
    Target,
    TheoryOfChange,
    TocElement,
    TocLink,
    TocNote,
)
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

from . import consultation as demo_consultation

_M = TypeVar("_M", bound=models.Model)

REF_PREFIX = "demo-"
DEMO_COMPARTMENT_PREFIX = "Demo: "  # the demo's compartments are named after its contexts
CONSULTATION_INITIATIVE = "I-06"  # Voices from the Valleys: its consultation is generated (demo.consultation)


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
    maps: int = 0  # conflict map versions, saved or draft
    tocs: int = 0  # theory-of-change versions, saved or draft
    indicators: int = 0
    outcomes: int = 0
    transfers: int = 0  # possible transfers proposed by tracing the Track Two outputs
    consultations: int = 0
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
            (self.maps, "conflict map", "conflict maps"),
            (self.tocs, "theory of change", "theories of change"),
            (self.indicators, "indicator", "indicators"),
            (self.outcomes, "outcome", "outcomes"),
            (self.transfers, "possible transfer", "possible transfers"),
            (self.consultations, "consultation", "consultations"),
        ]
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts) + " loaded"


# --- The file's shape ------------------------------------------------------------------------------------
# Field kinds: str, int, bool, date, code:<vocabulary>, ref:<table>, list:<kind> (a list of values of that
# kind), records:<table> (nested records), node (a node's key on the same map) and user (the demo user).
# A trailing "*" marks a required field.


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


def _save(obj: _M, where: str, exclude: tuple[str, ...] = ()) -> _M:
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
    _write_attributes(data, user)

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

    documents: dict[str, Document] = {}
    for rec in data.get("documents", []):
        documents[rec["ref"]] = _save(
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

    maps = _write_maps(data, contexts, compartments, actors, initiatives, user)
    written_tocs = _write_tocs(data, initiatives, user)
    indicators = _write_indicators(data, initiatives, written_tocs)
    outcomes = _write_outcomes(data, initiatives, actors, documents, written_tocs, user)
    transfers = _write_transfers(data, documents, user)
    consultation = demo_consultation.write(initiatives[CONSULTATION_INITIATIVE], user)
    publish_report(consultation, user)

    return LoadSummary(
        contexts=len(contexts),
        actors=len(actors),
        initiatives=len(initiatives),
        events=events,
        participations=participations,
        relationships=len(data.get("relationships", [])),
        documents=len(data.get("documents", [])) + 1,  # and the consultation's published report
        overrides=overrides,
        maps=maps,
        tocs=len(written_tocs),
        indicators=indicators,
        outcomes=outcomes,
        transfers=transfers,
        consultations=1,
    )


def _participation(
    initiative: Initiative, event: Event | None, rec: dict[str, Any], actors: dict[str, Actor], where: str
) -> None:
    part = Participation(
        initiative=initiative, event=event, actor=actors[rec["actor"]], **_plain(rec, "participations")
    )
    _save(part, f"{where}, participation of {rec['actor']} as {rec['role']}")


# --- Theories of change ------------------------------------------------------------------------------------


def _write_tocs(
    data: dict[str, Any], initiatives: dict[str, Initiative], user: Any
) -> dict[str, TheoryOfChange]:
    """Write the theory-of-change versions in the file's order; elements keep the file's keys, so that
    versions compare element by element."""
    written: dict[str, TheoryOfChange] = {}
    for index, rec in enumerate(data.get("theories_of_change", [])):
        where = f"theories_of_change[{index}] {rec['ref']}"
        shape = toc_core.from_data(toc_shape(rec))
        if rec.get("based_on"):
            version = written[rec["based_on"]].new_version(user, as_of=date.fromisoformat(rec["as_of"]))
            version.elements.all().delete()  # rewritten below from the file, with the same keys
        else:
            initiative = initiatives[rec["initiative"]]
            version = TheoryOfChange(
                compartment=initiative.compartment,
                initiative=initiative,
                title=rec["title"],
                as_of=date.fromisoformat(rec["as_of"]),
                created_by=user,
            )
        version.notes = rec.get("notes", "")
        _save(version, where)
        elements = {
            n.key: _save(
                TocElement(toc=version, key=n.key, level=n.level, label=n.label), f"{where}, {n.key}"
            )
            for n in shape.nodes
        }
        links = {
            (x.source, x.target): _save(
                TocLink(
                    toc=version, source=elements[x.source], target=elements[x.target], rationale=x.rationale
                ),
                f"{where}, link {x.source}-{x.target}",
            )
            for x in shape.links
        }
        for note in shape.notes:
            TocNote.objects.create(
                toc=version,
                kind=note.kind,
                text=note.text,
                element=elements.get(note.node) if note.node else None,
                link=links.get(note.link) if note.link else None,
            )
        if not rec.get("draft"):
            version.freeze(user)
        written[rec["ref"]] = version
    return written


def _write_indicators(
    data: dict[str, Any], initiatives: dict[str, Initiative], tocs: dict[str, TheoryOfChange]
) -> int:
    """Write the indicators with their targets and values (periods as the file writes them)."""
    for index, rec in enumerate(data.get("indicators", [])):
        where = f"indicators[{index}] {rec['code']}"
        values = _plain(rec, "indicators")
        measures = values.pop("measures", "")
        # Unless the file says, the frequency is the one its values are recorded at.
        values.setdefault(
            "frequency", indicators_core.frequency_of(v["period"] for v in rec.get("values", []))
        )
        element = None
        if measures:
            ref, key = measures.split("/", 1)
            element = tocs[ref].elements.get(key=key)
        indicator = _save(
            Indicator(initiative=initiatives[rec["initiative"]], toc_element=element, **values),
            where,
            exclude=("compartment",),
        )
        for j, target in enumerate(rec.get("targets", [])):
            _save(
                Target(indicator=indicator, **_plain(target, "indicator_targets")), f"{where}, targets[{j}]"
            )
        for j, value in enumerate(rec.get("values", [])):
            _save(
                Measurement(indicator=indicator, **_plain(value, "indicator_values")), f"{where}, values[{j}]"
            )
    return len(data.get("indicators", []))


def _write_outcomes(
    data: dict[str, Any],
    initiatives: dict[str, Initiative],
    actors: dict[str, Actor],
    documents: dict[str, Document],
    tocs: dict[str, TheoryOfChange],
    user: Any,
) -> int:
    """Write the harvested outcomes with their substantiations, links to theory-of-change elements and
    evidence documents."""
    for index, rec in enumerate(data.get("outcomes", [])):
        where = f"outcomes[{index}]"
        values = _plain(rec, "outcomes")
        names = values.pop("toc_elements", [])
        outcome = _save(
            Outcome(
                initiative=initiatives[rec["initiative"]],
                social_actor=actors[rec["social_actor"]] if rec.get("social_actor") else None,
                harvested_by=user,
                **values,
            ),
            where,
            exclude=("compartment",),
        )
        outcome.toc_elements.set([tocs[n.split("/")[0]].elements.get(key=n.split("/", 1)[1]) for n in names])
        outcome.evidence.set([documents[d] for d in rec.get("evidence", [])])
        for j, item in enumerate(rec.get("substantiations", [])):
            _save(
                Substantiation(outcome=outcome, recorded_by=user, **_plain(item, "substantiations")),
                f"{where}, substantiations[{j}]",
            )
    return len(data.get("outcomes", []))


def _write_attributes(data: dict[str, Any], user: Any) -> None:
    """The organisation's person attributes (shared by the installation: kept if already there)."""
    from multitrack.web.inclusion.models import PersonAttribute

    for index, rec in enumerate(data.get("person_attributes", [])):
        if not PersonAttribute.objects.filter(code=rec["code"]).exists():
            _save(
                PersonAttribute(created_by=user, **_plain(rec, "person_attributes")),
                f"person_attributes[{index}]",
            )


def _write_transfers(data: dict[str, Any], documents: dict[str, Document], user: Any) -> int:
    """Trace every Track Two output with a text into the official texts, then record the file's
    decisions on the proposals it names."""
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.roles import Role
    from multitrack.web.evaluation.services import tracing

    # tracing reads the official texts of the demo's compartments (the demo user is a member of none)
    reader = CompartmentViewer({d.compartment_id for d in documents.values()}, Role.EDITOR)
    proposed = 0
    for doc in documents.values():
        if doc.track != "one" and doc.text.strip():
            proposed += len(tracing.trace_document(doc, reader).proposed)
    outcomes = {
        o.title: o
        for o in Outcome.objects.filter(initiative__in={d.initiative_id for d in documents.values()})
    }
    for index, rec in enumerate(data.get("transfers", [])):
        where = f"transfers[{index}]"
        found = [
            t
            for t in documents[rec["source"]].transfers_out.filter(target=documents[rec["target"]])
            if rec["contains"] in t.target_text
        ]
        if not found:
            raise DemoDataError(
                f"{where}: tracing {rec['source']} proposed no passage of {rec['target']} containing "
                f"{rec['contains']!r}"
            )
        tracing.decide(
            found[0], user, rec["status"], rec.get("note", ""), outcomes.get(rec.get("outcome", ""))
        )
    return proposed


# --- Conflict maps ---------------------------------------------------------------------------------------


@dataclass
class _Version:
    """A map version this load wrote, with its elements in the order of the file."""

    map: ConflictMap
    keys: dict[str, str]  # node key in the file -> the node's stored key (random, as in the app)
    nodes: list[MapNode] = field(default_factory=list)
    ties: list[MapTie] = field(default_factory=list)
    factors: list[DnhFactor] = field(default_factory=list)


def _write_maps(
    data: dict[str, Any],
    contexts: dict[str, Context],
    compartments: dict[str, Compartment],
    actors: dict[str, Actor],
    initiatives: dict[str, Initiative],
    user: Any,
) -> int:
    """Write the conflict map versions in the file's order (a version follows the one it is based on)."""
    written: dict[str, _Version] = {}
    for index, rec in enumerate(data.get("conflict_maps", [])):
        where = f"conflict_maps[{index}] {rec['ref']}"
        values = _plain(rec, "conflict_maps")
        draft = values.pop("draft", False)
        if rec.get("based_on"):
            earlier = written[rec["based_on"]]
            m = earlier.map.new_version(user, as_of=values["as_of"], perspective=values["perspective"])
            m.notes = values.get("notes", "")
            version = _Version(_save(m, where), dict(earlier.keys))
        else:
            m = ConflictMap(
                compartment=compartments[rec["context"]],
                context=contexts[rec["context"]],
                created_by=user,
                **values,
            )
            version = _Version(_save(m, where), {})
        _map_content(version, rec, actors, initiatives, where)
        if not draft:
            try:
                version.map.freeze(user)
            except ValidationError as exc:
                raise DemoDataError(f"{where}: cannot be saved: {'; '.join(exc.messages)}") from None
        _map_people(version, rec, actors, user, where)  # not content: saved versions take them too
        written[rec["ref"]] = version
    return len(written)


def _map_content(
    version: _Version,
    rec: dict[str, Any],
    actors: dict[str, Actor],
    initiatives: dict[str, Initiative],
    where: str,
) -> None:
    """Make the draft's nodes, ties, dividers and connectors what the file says.

    A copy (based_on) starts with its earlier version's content. As someone editing the copy would, this
    keeps what the file keeps (a node keeps its key), changes in place what it changes (a tie between the
    same two nodes changes type), removes what it drops and adds what is new.
    """
    m, keys = version.map, version.keys
    stored = {n.key: n for n in m.nodes.select_related("actor")}
    for j, spec in enumerate(rec["nodes"]):
        actor = actors[spec["actor"]] if spec.get("actor") else None
        values: dict[str, Any] = {
            "kind": spec["kind"],
            "label": spec.get("label") or (actor.name if actor else ""),  # as the editor's form does
            "power": spec.get("power"),
            "actor": actor,
            "names_person": spec.get("names_person", False),
            "notes": spec.get("notes", ""),
        }
        node = stored.pop(keys.get(spec["key"], ""), None) or MapNode(map=m)
        if node.pk is None or any(getattr(node, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(node, name, value)
            _save(node, f"{where}, nodes[{j}] {spec['key']}")
        keys[spec["key"]] = node.key
        version.nodes.append(node)
    for node in stored.values():  # on the earlier version only; its ties go with it
        node.delete()
    kept = {n.key for n in version.nodes}
    for dropped in [name for name, key in keys.items() if key not in kept]:
        del keys[dropped]

    by_key = {n.key: n for n in version.nodes}
    old_ties = {t.as_core().identity(): t for t in m.ties.select_related("source", "target")}
    for j, spec in enumerate(rec.get("ties", [])):
        source, target = by_key[keys[spec["source"]]], by_key[keys[spec["target"]]]
        identity = core.MapTie(source.key, target.key, spec["type"]).identity()
        tie = old_ties.pop(identity, None) or MapTie(map=m, source=source, target=target)
        if tie.pk is None or (tie.type, tie.notes) != (spec["type"], spec.get("notes", "")):
            tie.type, tie.notes = spec["type"], spec.get("notes", "")
            _save(tie, f"{where}, ties[{j}]")
        version.ties.append(tie)
    for tie in old_ties.values():
        tie.delete()

    old_factors = {(f.kind, f.category, f.description): f for f in m.factors.prefetch_related("initiatives")}
    for j, spec in enumerate(rec.get("factors", [])):
        factor = old_factors.pop((spec["kind"], spec["category"], spec["description"]), None)
        if factor is None:
            factor = _save(DnhFactor(map=m, **_plain(spec, "dnh_factors")), f"{where}, factors[{j}]")
        linked = {initiatives[ref] for ref in spec.get("initiatives", [])}
        if set(factor.initiatives.all()) != linked:
            factor.initiatives.set(linked)
        version.factors.append(factor)
    for factor in old_factors.values():
        factor.delete()


def _map_people(
    version: _Version, rec: dict[str, Any], actors: dict[str, Actor], user: Any, where: str
) -> None:
    """The version's contributors, and the comments on it and on its elements (all by the demo user)."""
    m = version.map
    for j, person in enumerate(rec.get("contributors", [])):
        _save(
            MapContributor(
                map=m,
                actor=actors[person["actor"]] if person.get("actor") else None,
                user=user if person.get("user") else None,
                recorded_by=user,
                **_plain(person, "map_contributors"),
            ),
            f"{where}, contributors[{j}]",
        )
    on: list[tuple[dict[str, Any], dict[str, Any]]] = [(rec, {})]
    on += [(spec, {"node": node}) for spec, node in zip(rec["nodes"], version.nodes, strict=True)]
    on += [(spec, {"tie": tie}) for spec, tie in zip(rec.get("ties", []), version.ties, strict=True)]
    on += [(spec, {"factor": f}) for spec, f in zip(rec.get("factors", []), version.factors, strict=True)]
    for spec, element in on:
        for comment in spec.get("comments", []):
            _save(MapComment(map=m, author=user, text=comment["text"], **element), f"{where}, comment")
