"""Tampering beneath the ORM (plain SQL) is found by verify(); through the ORM it is refused."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from multitrack.web.audit.log import GENESIS, canonical, record, verify
from multitrack.web.audit.models import AppendOnly, AuditEvent

from .conftest import entries, sql

pytestmark = pytest.mark.django_db

ALTERED = "its content does not match its seal (the entry was altered)"


@pytest.fixture
def chain() -> list[AuditEvent]:
    events = [record("other", summary=f"entry {n}") for n in range(1, 6)]
    assert verify().ok and verify().count == 5
    return events


def broken() -> tuple[int | None, str]:
    result = verify()
    assert not result.ok
    return result.first_bad, result.reason


def test_an_edited_summary(chain):
    sql("UPDATE {t} SET summary = %s WHERE seq = 3", ["nothing happened"])
    assert broken() == (3, ALTERED)


def test_an_edited_user_name(chain):
    sql("UPDATE {t} SET username = %s WHERE seq = 4", ["somebody-else"])
    assert broken() == (4, ALTERED)


def test_an_edited_time(chain):
    sql("UPDATE {t} SET at = %s WHERE seq = 2", [chain[1].at - timedelta(days=1)])
    assert broken() == (2, ALTERED)


def test_a_deleted_entry_in_the_middle(chain):
    sql("DELETE FROM {t} WHERE seq = 3")
    assert broken() == (3, "entry 3 is missing (the next entry is 4)")


def test_a_deleted_first_entry(chain):
    sql("DELETE FROM {t} WHERE seq = 1")
    assert broken() == (1, "entry 1 is missing (the next entry is 2)")


def test_a_deleted_entry_with_the_rest_renumbered(chain):
    sql("DELETE FROM {t} WHERE seq = 3")
    sql("UPDATE {t} SET seq = seq - 1 WHERE seq = 4")
    sql("UPDATE {t} SET seq = seq - 1 WHERE seq = 5")
    assert broken() == (3, "it does not follow entry 2 (entries removed, inserted or reordered)")


@pytest.mark.parametrize(("a", "b"), [(2, 4), (3, 4)])
def test_two_entries_swapped(chain, a, b):
    sql("UPDATE {t} SET seq = 999 WHERE seq = %s", [a])
    sql("UPDATE {t} SET seq = %s WHERE seq = %s", [a, b])
    sql("UPDATE {t} SET seq = %s WHERE seq = 999", [b])
    assert broken() == (a, f"it does not follow entry {a - 1} (entries removed, inserted or reordered)")


@pytest.mark.parametrize("seq", [2, 5])
def test_an_altered_hash(chain, seq):
    sql("UPDATE {t} SET hash = %s WHERE seq = %s", ["f" * 64, seq])
    assert broken() == (seq, ALTERED)


def test_an_altered_link(chain):
    sql("UPDATE {t} SET prev_hash = %s WHERE seq = 1", ["1" * 64])
    assert broken() == (1, "it does not follow the start of the log (entries removed, inserted or reordered)")


def test_an_edit_resealed_without_the_key(chain):
    """Someone who can write the table but has no key cannot make an edit look sealed."""
    event = AuditEvent.objects.get(seq=5)
    event.summary = "nothing happened"
    forged = hashlib.sha256(canonical(event)).hexdigest()
    sql("UPDATE {t} SET summary = %s, hash = %s WHERE seq = 5", [event.summary, forged])
    assert broken() == (5, ALTERED)


def test_a_changed_key_id(chain):
    sql("UPDATE {t} SET key_id = %s WHERE seq = 2", ["deadbeef"])
    assert broken() == (2, "it was sealed with key deadbeef, which is not in the key ring")


def test_a_truncated_tail_is_not_detected_by_the_chain_alone(chain):
    """Documented limit (docs/audit.md): a shorter chain is still a whole chain. Only a copy of the
    count and last hash kept elsewhere (an export) shows that entries are gone."""
    sql("DELETE FROM {t} WHERE seq >= 4")
    result = verify()
    assert result.ok and result.count == 3


def test_the_orm_refuses_to_change_or_delete_entries(chain):
    event = AuditEvent.objects.get(seq=2)
    event.summary = "changed"
    with pytest.raises(AppendOnly, match="cannot be updated"):
        event.save()
    with pytest.raises(AppendOnly, match="cannot be updated"):
        event.save(update_fields=["summary"])
    with pytest.raises(AppendOnly, match="cannot be deleted"):
        event.delete()
    with pytest.raises(AppendOnly, match="cannot be updated"):
        AuditEvent.objects.filter(seq=2).update(summary="changed")
    with pytest.raises(AppendOnly, match="cannot be deleted"):
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(AppendOnly, match="cannot be deleted"):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnly, match="cannot be updated"):
        AuditEvent.objects.bulk_update([event], ["summary"])
    assert verify().ok and verify().count == 5


def test_the_orm_refuses_an_entry_that_is_not_an_insert(chain):
    copy = AuditEvent(pk=chain[0].pk, seq=1, at=chain[0].at, action="other", prev_hash=GENESIS, hash="0" * 64)
    with pytest.raises(AppendOnly):
        copy.save(force_update=True)
    assert entries()[0].hash == chain[0].hash
