"""The database's link to its encryption key: a start-up check, and key rotation.

A `KeyCheck` row holds a known value encrypted with the current key. If the key at hand cannot open
it, Multitrack stops at start-up with a message naming the key ids, rather than failing later on the
first encrypted field or, worse, writing values under a second key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from multitrack import config
from multitrack.core.crypto import KeyProblem, KeyRing, UndecryptableValue, generate_key
from multitrack.web.crypto import EncryptedMixin, keyring, reset_keyring

from .models import KeyCheck

CHECK_CONTEXT = "accounts_keycheck.token"
CHECK_VALUE = "multitrack key check"


class KeyMismatch(config.ConfigError):
    """The key at hand does not open this database."""


def ensure_key_check() -> None:
    """Record the current key as this database's key, if none is recorded yet (a new database)."""
    if not KeyCheck.objects.exists():
        ring = keyring()
        KeyCheck.objects.create(key_id=ring.current.id, token=ring.encrypt(CHECK_VALUE, CHECK_CONTEXT))


def recorded_check() -> KeyCheck | None:
    """This database's key check row; None for a new database (no row, or no table yet)."""
    if KeyCheck._meta.db_table not in connection.introspection.table_names():
        return None
    return KeyCheck.objects.first()


def verify_key() -> None:
    """Raise KeyMismatch unless the key ring opens this database's check value.

    A missing or malformed key is a KeyMismatch too when the database already records its key; for a
    new database a missing key stays the ConfigError that says to run `multitrack init`.
    """
    check = recorded_check()
    where = "MULTITRACK_KEY" if config.raw("MULTITRACK_KEY") else str(config.key_file())
    try:
        ring = keyring()
    except KeyProblem as exc:
        raise KeyMismatch(f"the encryption key in {where} is not usable: {exc}") from None
    except config.ConfigError:
        if check is None:
            raise
        raise KeyMismatch(
            f"no encryption key: {where} does not exist and MULTITRACK_KEY is not set, but this database "
            f"was encrypted with key {check.key_id}; restore that key file or set MULTITRACK_KEY"
        ) from None
    if check is None:
        return
    try:
        opened = ring.decrypt(check.token, CHECK_CONTEXT)
    except UndecryptableValue:
        opened = None
    if opened != CHECK_VALUE:
        raise KeyMismatch(
            f"the encryption key in {where} (id {ring.current.id}) does not open this database, which was "
            f"encrypted with key {check.key_id}; restore the right key file or set MULTITRACK_KEY"
        )


def encrypted_models() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if fields:
            yield model, fields


def reencrypt_all() -> int:
    """Rewrite every encrypted value (and blind index) under the current key; the number of rows."""
    from multitrack.web.registry.models import Actor

    count = 0
    for model, fields in encrypted_models():
        batch: list[Any] = []
        extra = ["name_index"] if model is Actor else []
        for obj in model._default_manager.all().iterator(chunk_size=500):
            if isinstance(obj, Actor):
                obj.name_index = Actor.name_index_of(obj.name) if obj.name else ""
            batch.append(obj)
            if len(batch) == 500:
                model._default_manager.bulk_update(batch, fields + extra)
                count += len(batch)
                batch = []
        if batch:
            model._default_manager.bulk_update(batch, fields + extra)
            count += len(batch)
    return count


def rotate() -> tuple[str, str, int]:
    """Replace the key: re-encrypt every value and re-seal the audit chain in one transaction.

    The key file is first written with the new key followed by the old one, so that whatever happens
    the file holds a key for every value in the database; after the commit the old key is dropped.
    Returns (old id, new id, rows rewritten).
    """
    if config.raw("MULTITRACK_KEY"):
        raise config.ConfigError(
            "MULTITRACK_KEY is set: rotate with a key file (unset MULTITRACK_KEY, put the key in "
            f"{config.key_file()}), or replace the key where you keep it and run this with both keys"
        )
    verify_key()
    from multitrack.web.audit.log import rechain, record, verify

    old_ring = keyring()
    chain = verify()
    if not chain.ok:
        raise config.ConfigError(f"the audit log is broken at entry {chain.first_bad}; not rotating over it")
    path = config.key_file()
    old_lines = [line for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    new_key = generate_key()
    config.write_private(path, "\n".join([new_key, *old_lines]) + "\n")
    reset_keyring()
    new_ring = keyring()
    with transaction.atomic():
        rows = reencrypt_all()
        KeyCheck.objects.all().delete()
        ensure_key_check()
        rechain(old_ring, new_ring)
        record(
            "keys_rotated", summary=f"encryption key {old_ring.current.id} replaced by {new_ring.current.id}"
        )
    config.write_private(path, new_key + "\n")
    reset_keyring()
    return old_ring.current.id, KeyRing.from_lines([new_key]).current.id, rows
