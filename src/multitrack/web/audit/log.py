"""Append to the audit log, and check that nobody changed it.

The log is a hash chain. Entry n carries `prev_hash`, the `hash` of entry n-1 (64 zeros for entry 1),
and its own `hash`: an HMAC-SHA256, with the MAC sub-key of the encryption key named by `key_id`, of its
canonical bytes (see `canonical`). Editing an entry breaks its MAC; removing, inserting or reordering
entries breaks a `prev_hash` link or the 1, 2, 3… numbering. Without the key nobody can re-seal an edit.

What the chain cannot show: entries removed from the end (the shorter chain is still whole), and edits
by someone who holds both the database and the key. See docs/audit.md.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone

from multitrack.core.crypto import KeyRing
from multitrack.web.crypto import keyring

from .middleware import current_user
from .models import ACTION_CODES, AuditEvent

GENESIS = "0" * 64
# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends to the chain.
_PG_LOCK = 0x6D74_6175_6469_7400  # "mtaudit\0"
_BATCH = 1000


class AuditChainBroken(RuntimeError):
    """The audit log failed verification; nothing was re-sealed."""


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `verify()`: `count` entries read; when not ok, the first bad entry and why."""

    ok: bool
    count: int
    first_bad: int | None = None
    reason: str = ""


def canonical(event: AuditEvent) -> bytes:
    """The bytes an entry's MAC is taken of: its content and its link, as compact JSON with sorted keys.

    Times count to the millisecond, the precision Django's JSON serialisation keeps, so that entries
    restored from a backup still verify; `record` stores them at that precision. The user id and key
    id are left out: the first changes when a user is deleted (the name stays), the
    second only says which key to check with, and a wrong one fails the check anyway.
    """
    at = event.at.astimezone(UTC).isoformat(timespec="milliseconds")
    content = {
        "seq": event.seq,
        "at": at,
        "username": event.username,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "compartment_id": event.compartment_id,
        "summary": event.summary,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")


def object_type_of(model: type[models.Model] | models.Model) -> str:
    """The object type an entry records for a model (or an instance of it): the model's `audit_label` when
    it sets one, else its "app_label.modelname".

    A model that moved to another app sets `audit_label` to the label its entries were recorded under:
    entries are sealed in the chain and never rewritten, so old and new entries of the model keep one
    object type, and a search by it finds both.
    """
    label = getattr(model, "audit_label", None)
    return str(label) if label else model._meta.label_lower


def compartment_of(obj: models.Model) -> int | None:
    """The compartment an object belongs to, when it belongs to one (contexts are shared: None)."""
    if obj._meta.label_lower == "accounts.compartment":
        return int(obj.pk) if obj.pk is not None else None
    for path in (
        ("compartment_id",),
        ("initiative", "compartment_id"),
        ("event", "initiative", "compartment_id"),
        ("map", "compartment_id"),  # the elements, contributors and comments of a conflict map
        ("toc", "compartment_id"),  # the elements, links and notes of a theory of change
        ("indicator", "compartment_id"),  # the targets and values of an indicator
        ("outcome", "compartment_id"),  # the substantiations of an outcome
        ("actor", "compartment_id"),  # screening hits
        ("hit", "actor", "compartment_id"),  # screening decisions and engagement records
        ("consultation", "compartment_id"),  # a consultation's statements and groups
    ):
        value: Any = obj
        try:
            for attr in path:
                value = getattr(value, attr, None)
                if value is None:
                    break
        except ObjectDoesNotExist:
            value = None
        if value is not None:
            return int(value)
    return None


def _lock_head() -> None:
    """Serialise appenders until the end of the current transaction.

    PostgreSQL: a transaction-level advisory lock (it also covers the empty log, where there is no
    row to lock). SQLite: the project opens every transaction with BEGIN IMMEDIATE (settings.py), so
    the write lock is already held. Should two appenders still race, the unique `seq` refuses the
    second: the chain cannot fork.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])
    elif connection.vendor != "sqlite":
        AuditEvent.objects.select_for_update().order_by("-seq").values_list("seq").first()


def _now() -> datetime:
    """The current time to the millisecond (see `canonical`)."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    user: Any = None,
    summary: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    compartment_id: int | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one entry and return it.

    `user` defaults to the user of the request being served (AuditUserMiddleware); `username` to that
    user's name (give it for a failed login). With `obj`, the object type, id and compartment are taken
    from it unless given. `summary` must name objects by code or id and fields by name, never a value.
    The entry is written in the caller's transaction, if any: it is rolled back with the change it
    records.
    """
    if action not in ACTION_CODES:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id if object_id is not None else str(obj.pk)
        if compartment_id is None:
            compartment_id = compartment_of(obj)
    if user is None:
        user = current_user()
    elif not getattr(user, "is_authenticated", False):
        user = None
    if username is None:
        username = user.get_username() if user is not None else ""
    ring = keyring()
    with transaction.atomic():
        _lock_head()
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
        event = AuditEvent(
            seq=seq,
            at=_now(),
            user_id=user.pk if user is not None else None,
            username=username[:150],
            action=action,
            object_type=object_type or "",
            object_id=str(object_id or "")[:64],
            compartment_id=compartment_id,
            summary=summary,
            key_id=ring.current.id,
            prev_hash=prev_hash,
        )
        event.hash = ring.mac(canonical(event))
        event.save()
    return event


def _problem(event: AuditEvent, expected_seq: int, prev_hash: str, ring: KeyRing) -> tuple[int, str] | None:
    """Why `event` does not belong at `expected_seq` after an entry whose hash is `prev_hash`, or None."""
    if event.seq != expected_seq:
        return expected_seq, f"entry {expected_seq} is missing (the next entry is {event.seq})"
    if event.prev_hash != prev_hash:
        previous = f"entry {expected_seq - 1}" if expected_seq > 1 else "the start of the log"
        return event.seq, f"it does not follow {previous} (entries removed, inserted or reordered)"
    if event.key_id not in ring.ids:
        return event.seq, f"it was sealed with key {event.key_id}, which is not in the key ring"
    if not hmac.compare_digest(ring.mac(canonical(event), event.key_id), event.hash):
        return event.seq, "its content does not match its seal (the entry was altered)"
    return None


def _walk(events: Iterable[AuditEvent], ring: KeyRing) -> VerifyResult:
    count, prev_hash = 0, GENESIS
    for event in events:
        problem = _problem(event, count + 1, prev_hash, ring)
        if problem is not None:
            return VerifyResult(False, count, *problem)
        count += 1
        prev_hash = event.hash
    return VerifyResult(True, count)


def verify(ring: KeyRing | None = None) -> VerifyResult:
    """Walk the whole chain in order, checking numbering, links and MACs; stop at the first problem.

    Each MAC is checked with the key its entry names, so `ring` (default: this process's key ring) must
    hold every key the log was sealed with; after a rotation that is only the current one (`rechain`).
    """
    return _walk(AuditEvent.objects.order_by("seq").iterator(chunk_size=_BATCH), ring or keyring())


def rechain(old_ring: KeyRing, new_ring: KeyRing) -> int:
    """Re-seal every entry with `new_ring`'s current key; returns the number of entries.

    Used by key rotation (accounts.keys.rotate), which calls it inside its own transaction after
    `verify()`. Each entry is checked again with `old_ring` as it is re-sealed, under the append lock,
    so that a broken chain is never laundered into a valid one: on any problem AuditChainBroken is
    raised and, the transaction being rolled back, nothing is changed. Contents, numbering and times
    stay as they were; only `key_id`, `prev_hash` and `hash` are rewritten.
    """
    # the plain QuerySet: this is the one sanctioned rewrite
    base: models.QuerySet[AuditEvent] = models.QuerySet(model=AuditEvent)
    count, old_prev, new_prev = 0, GENESIS, GENESIS
    with transaction.atomic():
        _lock_head()
        while True:
            batch = list(AuditEvent.objects.filter(seq__gt=count).order_by("seq")[:_BATCH])
            if not batch:
                return count
            for event in batch:
                problem = _problem(event, count + 1, old_prev, old_ring)
                if problem is not None:
                    raise AuditChainBroken(f"audit log broken at entry {problem[0]}: {problem[1]}")
                old_prev = event.hash
                event.prev_hash = new_prev
                event.key_id = new_ring.current.id
                event.hash = new_ring.mac(canonical(event))
                new_prev = event.hash
                count += 1
            base.bulk_update(batch, ["key_id", "prev_hash", "hash"])
