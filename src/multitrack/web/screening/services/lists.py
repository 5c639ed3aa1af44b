"""The screening app's services: storing the lists as imported, re-screening after an import, and the
candidate index over the lists.

Storing a version (`store`) writes what it changed (added, removed, changed entries). Atomic: the whole
version is written in one transaction or not at all. Idempotent: importing the same file again changes
no entry (and says so: 0 added, 0 removed, 0 changed). An entry missing from the new version is marked
removed, not deleted, so that decisions about it keep their subject; if it comes back, it counts as added
again. A version older than the one already imported is refused. Reading the file is
sources.watchlists.read's.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from multitrack.core.screening.entries import BirthDate, ListedName, ParsedList
from multitrack.core.screening.index import CandidateIndex, IndexedEntry
from multitrack.sources.watchlists.read import WatchlistImportError
from multitrack.web.registry.models import Actor

from ..models import ListedEntity, WatchlistImport
from .screen import ScreenReport, rescreen_after_import

BATCH = 1000


def store(parsed: ParsedList, file_name: str) -> Any:
    """Write one list version; returns its WatchlistImport row (with the counts)."""
    if not parsed.entries:
        raise WatchlistImportError(f"{file_name}: the list has no entries")
    seen = [e.entry_id for e in parsed.entries]
    if len(set(seen)) != len(seen):
        raise WatchlistImportError(f"{file_name}: an entry id occurs more than once")
    latest = WatchlistImport.objects.filter(source=parsed.source).order_by("-imported_at", "-pk").first()
    if latest is not None and parsed.version < latest.version:
        raise WatchlistImportError(
            f"{file_name}: version {parsed.version} is older than the imported version {latest.version}; "
            "nothing was imported"
        )
    with transaction.atomic():
        stored = {e.entry_id: e for e in ListedEntity.objects.filter(source=parsed.source)}
        run = WatchlistImport.objects.create(
            source=parsed.source,
            version=parsed.version,
            file_name=file_name,
            file_hash=parsed.file_hash,
            total=len(parsed.entries),
            added=0,
            removed=0,
            changed=0,
            unchanged=0,
        )
        new, updated = [], []
        added = changed = unchanged = 0
        for entry in parsed.entries:
            digest = entry.content_hash()
            current = stored.get(entry.entry_id)
            fields = {
                "schema": entry.schema,
                "primary_name": entry.primary_name,
                "data": entry.as_dict(),
                "content_hash": digest,
            }
            if current is None:
                new.append(
                    ListedEntity(
                        source=parsed.source,
                        entry_id=entry.entry_id,
                        first_seen=run,
                        last_changed=run,
                        **fields,
                    )
                )
                added += 1
            elif current.removed_in_id is not None or current.content_hash != digest:
                if current.removed_in_id is not None:
                    added += 1
                else:
                    changed += 1
                for name, value in fields.items():
                    setattr(current, name, value)
                current.last_changed, current.removed_in = run, None
                updated.append(current)
            else:
                unchanged += 1
        present = {e.entry_id for e in parsed.entries}
        gone = [e for e in stored.values() if e.entry_id not in present and e.removed_in_id is None]
        for e in gone:
            e.removed_in = run
        ListedEntity.objects.bulk_create(new, batch_size=BATCH)
        ListedEntity.objects.bulk_update(
            updated,
            ["schema", "primary_name", "data", "content_hash", "last_changed", "removed_in"],
            batch_size=BATCH,
        )
        ListedEntity.objects.bulk_update(gone, ["removed_in"], batch_size=BATCH)
        WatchlistImport.objects.filter(pk=run.pk).update(
            added=added, removed=len(gone), changed=changed, unchanged=unchanged
        )
        run.refresh_from_db()
    return run


def import_list(parsed: ParsedList, file_name: str) -> tuple[WatchlistImport, ScreenReport | None]:
    """Store one list version (`store`), then re-screen after it (`_rescreen`): the stored import and the
    re-screening's report, None when there was nothing to re-screen."""
    run = store(parsed, file_name)
    return run, _rescreen(run)


def _rescreen(run: WatchlistImport) -> ScreenReport | None:
    """Once actors have been screened, a list update re-screens them against what it added or changed
    only, and reopens decided hits on what it removed."""
    screened = Actor.objects.exclude(proscription_status="not_screened")
    if not screened.exists() and not Actor.objects.filter(screening_hits__isnull=False).exists():
        return None
    return rescreen_after_import(run, Actor.objects.all())


# --- The candidate index over the lists as imported: every active `ListedEntity`, analysed once ----------


def indexed_entry(source: str, entry_id: str, schema: str, data: dict[str, Any]) -> IndexedEntry:
    """An `IndexedEntry` from a stored entry's `data` (`ListEntry.as_dict()`)."""
    names = tuple(
        ListedName(n.get("name", ""), n.get("kind", "primary"), n.get("quality", ""))
        for n in data.get("names", ())
    )
    births = tuple(
        BirthDate(d.get("kind", ""), d.get("date", ""), d.get("start", ""), d.get("end", ""))
        for d in data.get("birth_dates", ())
    )
    return IndexedEntry(source, entry_id, schema, names, births, tuple(data.get("nationalities", ())))


def load_index(sources: tuple[str, ...] | None = None) -> CandidateIndex:
    """The index over the active entries (not removed by a later import) of `sources` (all when None)."""
    rows = ListedEntity.objects.filter(removed_in__isnull=True)
    if sources is not None:
        rows = rows.filter(source__in=sources)
    values = rows.order_by("source", "entry_id").values_list("source", "entry_id", "schema", "data")
    return CandidateIndex(indexed_entry(s, e, sc, d) for s, e, sc, d in values.iterator(chunk_size=2000))
