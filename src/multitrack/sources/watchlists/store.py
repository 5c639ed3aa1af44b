"""Storing a parsed list version and computing what it changed (added, removed, changed entries).

Atomic: the whole version is written in one transaction or not at all. Idempotent: importing the same
file again changes no entry (and says so: 0 added, 0 removed, 0 changed). An entry missing from the new
version is marked removed, not deleted, so that decisions about it keep their subject; if it comes back,
it counts as added again. A version older than the one already imported is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from multitrack.core.screening.entries import ParsedList, WatchlistFormatError

BATCH = 1000
KINDS = ("un-sc", "ofac-sdn", "ftm")


class WatchlistImportError(ValueError):
    """The list could not be imported; nothing was written."""


def parser(kind: str) -> Callable[..., ParsedList]:
    if kind == "un-sc":
        from . import un_sc

        return un_sc.parse
    if kind == "ofac-sdn":
        from . import ofac_sdn

        return ofac_sdn.parse
    if kind == "ftm":
        from . import ftm

        return ftm.parse
    raise WatchlistImportError(f"unknown list kind {kind!r}; expected one of: {', '.join(KINDS)}")


def read(kind: str, path: Path, version: str | None = None) -> ParsedList:
    parse = parser(kind)
    if not path.is_file():
        raise WatchlistImportError(f"{path}: no such file")
    try:
        return parse(path) if version is None or kind == "un-sc" else parse(path, version=version)
    except WatchlistFormatError as exc:
        raise WatchlistImportError(str(exc)) from None


def store(parsed: ParsedList, file_name: str) -> Any:
    """Write one list version; returns its WatchlistImport row (with the counts)."""
    from multitrack.web.screening.models import ListedEntity, WatchlistImport

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
