"""Screening registry actors against the imported lists, and the decisions that follow.

- `screen_actors` screens actors (by name and aliases, with date of birth and country when known) and
  records a hit per actor and listed entry above the threshold. A hit already decided stays closed as
  long as the listed entry has not changed since the decision; if it has changed, or the entry was
  removed from the list, the hit is reopened with the reason.
- `rescreen_after_import` re-screens only against what one list import added or changed, and reopens
  hits on entries it removed: after a list update, only affected actors are flagged.
- `screen_saved` screens actors just created or renamed (web form, CSV import) against the current lists,
  and `hits_to_heed` gives the open and confirmed hits of a group of actors, for the warnings shown when
  a person is added to an event and on an initiative.
- `decide` records a reviewer's verdict; a true match marks the actor as listed (which gives the
  initiatives it takes part in the `proscribed_participant` warning), false positives clear it.

Names never reach the audit log: entries name actors by code and hits by id.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.core import countries
from multitrack.core.screening.entries import BirthDate
from multitrack.web.audit.log import record

from ..models import ListedEntity, ScreeningDecision, ScreeningHit, WatchlistImport


@dataclass
class ScreenReport:
    actors: int = 0
    new_hits: int = 0
    reopened: int = 0
    still_decided: int = 0

    def __str__(self) -> str:
        return (
            f"{self.actors} actor(s) screened: {self.new_hits} new hit(s), {self.reopened} reopened, "
            f"{self.still_decided} already decided and unchanged"
        )


def build_index(entities: Iterable[ListedEntity]) -> Any:
    """The candidate index over these stored entries (each read as `services.load_index` reads them)."""
    from multitrack.core.screening.index import CandidateIndex

    from .lists import indexed_entry

    return CandidateIndex(indexed_entry(e.source, e.entry_id, e.schema, e.data) for e in entities)


def active_entities() -> Any:
    return ListedEntity.objects.filter(removed_in__isnull=True)


_cache_lock = threading.Lock()
_cached: tuple[str, Any] | None = None


def current_index() -> Any:
    """The candidate index over every active entry, built once per state of the lists and kept in this
    process (building it over UN + OFAC takes seconds; the state is checked on each call by a hash of the
    active entries' ids and content hashes, a cheap query)."""
    global _cached
    digest = hashlib.sha256()
    for source, entry_id, content_hash in (
        active_entities().order_by("source", "entry_id").values_list("source", "entry_id", "content_hash")
    ):
        digest.update(f"{source}\t{entry_id}\t{content_hash}\n".encode())
    key = digest.hexdigest()
    with _cache_lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        index = build_index(active_entities())
        _cached = (key, index)
        return index


def _queries(actor: Any) -> tuple[list[str], str, tuple[BirthDate, ...], tuple[str, ...]]:
    names = [actor.name, *(actor.aliases or [])]
    schema = "Person" if actor.kind == "person" else "Organization"
    dob = (BirthDate("exact", actor.date_of_birth.isoformat()),) if actor.date_of_birth else ()
    alpha2 = countries.alpha2(actor.country) if actor.country else None
    return [n for n in names if n and n.strip()], schema, dob, ((alpha2,) if alpha2 else ())


@transaction.atomic
def screen_actors(actors: Iterable[Any], index: Any, user: Any = None, *, scope: str = "") -> ScreenReport:
    report = ScreenReport()
    now = timezone.now()
    entity_ids = {(e.source, e.entry_id): e for e in ListedEntity.objects.all()}
    for actor in actors:
        report.actors += 1
        names, schema, dob, nationality = _queries(actor)
        best: dict[int, Any] = {}
        for name in names:
            for hit in index.search(name, schema, birth_dates=dob, nationalities=nationality):
                entity = entity_ids.get((hit.source, hit.entry_id))
                if entity is not None and (entity.pk not in best or hit.score > best[entity.pk][1].score):
                    best[entity.pk] = (entity, hit)
        for entity, hit in best.values():
            _record_hit(actor, entity, hit, now, user, report)
        _update_status(actor)
    record("other", summary=f"screening{' of ' + scope if scope else ''}: {report}", object_type="screening")
    return report


def _record_hit(
    actor: Any, entity: ListedEntity, hit: Any, now: Any, user: Any, report: ScreenReport
) -> None:
    existing = ScreeningHit.objects.filter(actor=actor, entity=entity).first()
    values = {"score": hit.score, "matched_name": hit.matched_name, "explanation": list(hit.explanation)}
    if existing is None:
        ScreeningHit.objects.create(
            actor=actor,
            entity=entity,
            entity_hash=entity.content_hash,
            screened_at=now,
            screened_by=user,
            **values,
        )
        report.new_hits += 1
        return
    for name, value in values.items():
        setattr(existing, name, value)
    existing.screened_at, existing.screened_by = now, user
    decision = existing.latest_decision
    if decision is not None and decision.entity_hash != entity.content_hash:
        existing.open, existing.reopened_because = True, "the list entry changed since the decision"
        report.reopened += 1
    elif not existing.open:
        report.still_decided += 1
    existing.entity_hash = entity.content_hash
    existing.save()


# What a change must touch for an actor to be screened again when it is saved.
SCREENED_FIELDS = frozenset({"name", "aliases", "date_of_birth", "country", "kind"})
# At most this many actors are screened in the request or command that saved them; a larger import is
# screened with the compartment (the screening page's button), which says so.
AUTO_LIMIT = 1000


@dataclass(frozen=True)
class AutoScreen:
    """What `screen_saved` did: the report, or why nothing was screened."""

    report: ScreenReport | None
    skipped: str = ""


def screen_saved(actors: list[Any], user: Any = None, *, scope: str) -> AutoScreen:
    """Screen actors just created or renamed against the current lists: nothing when no list is loaded,
    or when there are more than AUTO_LIMIT of them (then `skipped` says what to do)."""
    if not actors:
        return AutoScreen(None)
    if not active_entities().exists():
        return AutoScreen(None, "no sanctions list is loaded: import one to screen actors")
    if len(actors) > AUTO_LIMIT:
        return AutoScreen(
            None,
            f"{len(actors)} actors were not screened automatically (more than {AUTO_LIMIT}): screen their "
            "compartment from the screening page",
        )
    return AutoScreen(screen_actors(actors, current_index(), user, scope=scope))


def hits_to_heed(actor_ids: Iterable[int]) -> dict[int, str]:
    """actor id -> "listed" (a true match decided) or "open" (a hit not yet decided), for the actors
    among `actor_ids` that have either; the others are left out."""
    from multitrack.web.registry.models import Actor

    ids = list(actor_ids)
    open_hits = ScreeningHit.objects.filter(actor_id__in=ids, open=True)
    found = dict.fromkeys(open_hits.values_list("actor_id", flat=True), "open")
    listed = Actor.objects.filter(pk__in=ids, proscription_status="listed")
    found |= dict.fromkeys(listed.values_list("pk", flat=True), "listed")
    return found


@transaction.atomic
def rescreen_after_import(run: WatchlistImport, actors: Iterable[Any], user: Any = None) -> ScreenReport:
    """Screen `actors` against the entries `run` added or changed only, and reopen the decided hits on
    entries it removed."""
    touched = ListedEntity.objects.filter(last_changed=run, removed_in__isnull=True)
    report = screen_actors(actors, build_index(touched), user, scope=f"list update {run.pk}")
    for hit in ScreeningHit.objects.filter(entity__removed_in=run, open=False):
        hit.open, hit.reopened_because = True, "the entry was removed from the list"
        hit.save()
        report.reopened += 1
    return report


@transaction.atomic
def decide(hit: ScreeningHit, verdict: str, rationale: str, user: Any) -> ScreeningDecision:
    """Record a verdict on the hit's current list entry. Unsure keeps the hit open for another look."""
    latest = WatchlistImport.objects.filter(source=hit.entity.source).order_by("-imported_at", "-pk").first()
    decision = ScreeningDecision.objects.create(
        hit=hit,
        verdict=verdict,
        rationale=rationale,
        entity_hash=hit.entity.content_hash,
        list_version=latest.version if latest else "",
        decided_by=user,
    )
    hit.open = verdict == "unsure"
    hit.reopened_because = ""
    hit.save()
    _update_status(hit.actor)
    return decision


def _update_status(actor: Any) -> None:
    """listed: a current true-match decision; clear: screened, nothing open, no true match; with hits
    still open and no true match, the status stays as it was until they are reviewed."""
    hits = list(actor.screening_hits.prefetch_related("decisions"))
    listed = any(
        (d := h.latest_decision) is not None and d.verdict == "true_match" and not h.open for h in hits
    )
    if listed:
        status = "listed"
    elif any(h.open for h in hits):
        return
    else:
        status = "clear"
    if actor.proscription_status != status:
        actor.proscription_status = status
        actor.save(update_fields=["proscription_status"])
