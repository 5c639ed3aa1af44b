"""The candidate index over the lists as imported: every active `ListedEntity`, analysed once."""

from __future__ import annotations

from typing import Any

from multitrack.core.screening.entries import BirthDate, ListedName
from multitrack.core.screening.index import CandidateIndex, IndexedEntry


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
    from multitrack.web.screening.models import ListedEntity

    rows = ListedEntity.objects.filter(removed_in__isnull=True)
    if sources is not None:
        rows = rows.filter(source__in=sources)
    values = rows.order_by("source", "entry_id").values_list("source", "entry_id", "schema", "data")
    return CandidateIndex(indexed_entry(s, e, sc, d) for s, e, sc, d in values.iterator(chunk_size=2000))
