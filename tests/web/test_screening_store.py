"""Storing list versions: the delta between versions, idempotence, atomicity, older versions refused."""

from __future__ import annotations

import pytest

from multitrack.core.screening.entries import BirthDate, ListedName, ListEntry, ParsedList
from multitrack.sources.watchlists.read import WatchlistImportError
from multitrack.web.audit.models import AuditEvent
from multitrack.web.screening.models import ListedEntity, WatchlistImport
from multitrack.web.screening.services.lists import store

pytestmark = pytest.mark.django_db


def entry(entry_id: str, name: str, **kw) -> ListEntry:
    return ListEntry("un-sc", entry_id, kw.pop("schema", "Person"), (ListedName(name),), **kw)


def version(v: str, *entries: ListEntry) -> ParsedList:
    return ParsedList("un-sc", v, f"hash-{v}", entries)


V1 = version(
    "2024-01-01",
    entry("QDi.001", "Ahmad Example", birth_dates=(BirthDate("year", "1960"),)),
    entry("QDi.002", "Boris Example"),
    entry("QDe.001", "Example Front", schema="Organization"),
)


def test_first_import_adds_everything():
    run = store(V1, "un.xml")
    assert run.summary() == {
        "source": "un-sc",
        "version": "2024-01-01",
        "total": 3,
        "added": 3,
        "removed": 0,
        "changed": 0,
    }
    stored = ListedEntity.objects.get(entry_id="QDi.001")
    assert stored.primary_name == "Ahmad Example" and stored.data["birth_dates"][0]["date"] == "1960"
    assert stored.first_seen == run and stored.active
    assert AuditEvent.objects.filter(object_type="screening.watchlistimport").count() == 1


def test_reimporting_the_same_version_changes_nothing():
    store(V1, "un.xml")
    before = list(ListedEntity.objects.values_list("entry_id", "content_hash", "last_changed_id"))
    again = store(V1, "un.xml")
    assert (again.added, again.removed, again.changed, again.unchanged) == (0, 0, 0, 3)
    assert list(ListedEntity.objects.values_list("entry_id", "content_hash", "last_changed_id")) == before


def test_a_newer_version_gives_the_delta_and_keeps_removed_entries():
    first = store(V1, "un.xml")
    v2 = version(
        "2024-06-01",
        entry("QDi.001", "Ahmad Example", birth_dates=(BirthDate("exact", "1960-03-02"),)),  # changed
        entry("QDe.001", "Example Front", schema="Organization"),  # unchanged
        entry("QDi.003", "Chen Example"),  # added; QDi.002 removed
    )
    second = store(v2, "un2.xml")
    assert second.summary() | {"unchanged": second.unchanged} == {
        "source": "un-sc",
        "version": "2024-06-01",
        "total": 3,
        "added": 1,
        "removed": 1,
        "changed": 1,
        "unchanged": 1,
    }
    removed = ListedEntity.objects.get(entry_id="QDi.002")
    assert removed.removed_in == second and not removed.active
    changed = ListedEntity.objects.get(entry_id="QDi.001")
    assert changed.last_changed == second and changed.first_seen == first
    # what a re-screening needs: the entries this version touched
    touched = ListedEntity.objects.filter(last_changed=second) | ListedEntity.objects.filter(
        removed_in=second
    )
    assert sorted(touched.values_list("entry_id", flat=True)) == ["QDi.001", "QDi.002", "QDi.003"]
    # an entry that comes back is added again
    v3 = version("2024-07-01", *v2.entries, entry("QDi.002", "Boris Example"))
    third = store(v3, "un3.xml")
    assert (third.added, third.removed, third.changed) == (1, 0, 0)
    assert ListedEntity.objects.get(entry_id="QDi.002").active


def test_an_older_version_is_refused_and_nothing_changes():
    store(version("2024-06-01", *V1.entries), "un2.xml")
    with pytest.raises(WatchlistImportError, match="older than the imported version 2024-06-01"):
        store(V1, "un.xml")
    assert WatchlistImport.objects.count() == 1


def test_duplicate_ids_or_an_empty_list_are_refused_whole():
    with pytest.raises(WatchlistImportError, match="more than once"):
        store(version("2024-01-01", entry("A", "X"), entry("A", "Y")), "dup.xml")
    with pytest.raises(WatchlistImportError, match="no entries"):
        store(version("2024-01-01"), "empty.xml")
    assert not ListedEntity.objects.exists() and not WatchlistImport.objects.exists()


def test_sources_are_kept_apart():
    store(V1, "un.xml")
    ofac = ParsedList(
        "ofac-sdn", "2024-05-01", "h", (ListEntry("ofac-sdn", "QDi.001", "Person", (ListedName("Z"),)),)
    )
    run = store(ofac, "sdn.csv")
    assert run.added == 1 and ListedEntity.objects.filter(source="un-sc").count() == 3
