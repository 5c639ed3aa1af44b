"""Appending to the chain, checking it, and re-sealing it under a new key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from multitrack.core.crypto import KeyRing, generate_key
from multitrack.web.audit.log import (
    GENESIS,
    AuditChainBroken,
    canonical,
    rechain,
    record,
    verify,
)
from multitrack.web.audit.models import AuditEvent
from multitrack.web.crypto import keyring
from multitrack.web.registry.models import MeetingNote
from tests import factories as f

from .conftest import entries, sql

pytestmark = pytest.mark.django_db


def test_the_first_entry_starts_from_zeros_and_is_sealed_with_the_current_key():
    event = record("other", summary="first")
    assert (event.seq, event.prev_hash) == (1, GENESIS)
    assert event.key_id == keyring().current.id
    assert event.hash == keyring().mac(canonical(event))


def test_each_entry_links_to_the_one_before():
    first = record("other", summary="one")
    second = record("other", summary="two")
    assert second.seq == 2 and second.prev_hash == first.hash
    assert verify().ok and verify().count == 2


def test_canonical_bytes_are_compact_json_with_sorted_keys():
    event = AuditEvent(
        seq=7,
        at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        username="owner",
        action="update",
        object_type="registry.actor",
        object_id="12",
        compartment_id=3,
        summary="Actor P-7F3K updated: fields level",
        prev_hash="a" * 64,
    )
    assert canonical(event) == (
        b'{"action":"update","at":"2024-01-02T03:04:05.000+00:00","compartment_id":3,'
        b'"object_id":"12","object_type":"registry.actor","prev_hash":"' + b"a" * 64 + b'",'
        b'"seq":7,"summary":"Actor P-7F3K updated: fields level","username":"owner"}'
    )


def test_stored_entries_verify_after_the_round_trip_through_the_database():
    for n in range(5):
        record("other", summary=f"entry {n}")
    stored = AuditEvent.objects.get(seq=3)
    assert stored.hash == keyring().mac(canonical(stored))
    assert verify().ok and verify().count == 5


def test_an_empty_log_is_intact():
    result = verify()
    assert result.ok and result.count == 0 and result.first_bad is None


def test_the_user_name_is_copied_and_survives_the_user():
    user = get_user_model().objects.create_user("someone")
    event = record("other", user=user, summary="did something")
    assert (event.user_id, event.username) == (user.pk, "someone")
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.user_id, event.username) == (None, "someone")
    assert verify().ok


def test_the_compartment_is_taken_from_the_object():
    compartment = f.compartment()
    initiative = f.initiative(compartment=compartment)
    event = f.event(initiative)
    note = MeetingNote.objects.create(event=event, text="said")
    actor = f.actor(compartment=compartment)
    for obj in (compartment, initiative, event, note, actor):
        assert record("other", obj=obj).compartment_id == compartment.pk, obj
    context_entry = record("other", obj=initiative.context)
    assert context_entry.compartment_id is None
    assert (context_entry.object_type, context_entry.object_id) == (
        "registry.context",
        str(initiative.context.pk),
    )


def test_explicit_values_win_over_the_object():
    actor = f.actor()
    event = record("export", obj=actor, object_type="x.y", object_id="9", compartment_id=42)
    assert (event.object_type, event.object_id, event.compartment_id) == ("x.y", "9", 42)


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action 'edit'"):
        record("edit")


def test_an_entry_is_rolled_back_with_the_change_it_records():
    record("other")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("other")
        raise RuntimeError
    assert [e.seq for e in entries()] == [1]
    assert record("other").seq == 2


def test_an_entry_sealed_with_a_key_not_in_the_ring_fails_verification():
    record("other")
    other = KeyRing.from_lines([generate_key()])
    result = verify(other)
    assert not result.ok and result.first_bad == 1
    assert result.reason == (f"it was sealed with key {keyring().current.id}, which is not in the key ring")


def test_rechain_reseals_every_entry_with_the_new_key():
    for n in range(4):
        record("other", summary=f"entry {n}")
    old = keyring()
    new_key = generate_key()
    new = KeyRing.from_lines([new_key])
    assert rechain(old, new) == 4
    assert {e.key_id for e in entries()} == {new.current.id}
    assert verify(new).ok and verify(new).count == 4
    assert not verify(old).ok
    summaries = [e.summary for e in entries()]
    assert summaries == [f"entry {n}" for n in range(4)]


def test_rechain_refuses_a_broken_chain_and_changes_nothing():
    for n in range(3):
        record("other", summary=f"entry {n}")
    sql("UPDATE {t} SET summary = %s WHERE seq = 2", ["rewritten"])
    before = [(e.key_id, e.hash) for e in entries()]
    with pytest.raises(AuditChainBroken, match="audit log broken at entry 2: its content does not match"):
        rechain(keyring(), KeyRing.from_lines([generate_key()]))
    assert [(e.key_id, e.hash) for e in entries()] == before


def test_entries_still_verify_after_a_backups_serialisation():
    """Backups carry rows as Django JSON, which keeps times to the millisecond: so does the seal."""
    from django.core import serializers

    for n in range(3):
        record("other", summary=f"entry {n}")
    data = serializers.serialize("json", AuditEvent.objects.order_by("seq"))
    restored = [item.object for item in serializers.deserialize("json", data)]
    assert [keyring().mac(canonical(e)) for e in restored] == [e.hash for e in entries()]
