"""Encrypted, consistent backups of a whole installation, and their restore into an empty one.

An archive is a JSON envelope around one AES-256-GCM ciphertext whose key is derived (scrypt) from a
passphrase. Inside: every row (Django's serialisation, with encrypted fields as plain values) and the
encryption key, so that the restored installation opens its own audit chain. Neither the key nor any
value is in the archive in clear.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.core import serializers
from django.db import connection, transaction

from multitrack import __version__, config

FORMAT = "multitrack-backup"
VERSION = 1
APPS = ("auth", "accounts", "registry", "audit")
MIN_PASSPHRASE = 12
SCRYPT_N = 2**15


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; nothing was written."""


def _key(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _models() -> list[Any]:
    wanted = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in {"auth.Permission", "accounts.KeyCheck"}:
                wanted.append(model)
    return wanted


def snapshot() -> str:
    """Every row of the backed-up apps as Django JSON, read in one consistent transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects = (obj for model in _models() for obj in model._default_manager.order_by("pk").iterator())
        text: str = serializers.serialize(
            "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False
        )
        return text


def backup(path: Path, passphrase: str) -> int:
    """Write an encrypted archive of the database to `path`; returns the number of rows."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase must be at least {MIN_PASSPHRASE} characters")
    data = snapshot()
    payload = json.dumps(
        {"key_lines": config.key_lines(), "app_version": __version__, "data": data}, ensure_ascii=False
    ).encode("utf-8")
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(passphrase, salt, SCRYPT_N)).encrypt(nonce, gzip.compress(payload), FORMAT.encode())
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1, "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(json.dumps(envelope), encoding="ascii")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return len(json.loads(data))


def open_archive(path: Path, passphrase: str) -> dict[str, Any]:
    """The archive's contents; BackupError if it is not an archive or the passphrase is wrong."""
    try:
        envelope = json.loads(path.read_text(encoding="ascii"))
        if envelope.get("format") != FORMAT or envelope.get("version") != VERSION:
            raise BackupError(f"{path}: not a Multitrack backup (version {VERSION})")
        kdf = envelope["kdf"]
        key = _key(passphrase, base64.b64decode(kdf["salt"]), int(kdf["n"]))
        plain = AESGCM(key).decrypt(
            base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["ciphertext"]), FORMAT.encode()
        )
    except InvalidTag:
        raise BackupError(f"{path}: wrong passphrase, or the archive was altered") from None
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path}: not a readable Multitrack backup ({type(exc).__name__})") from None
    contents: dict[str, Any] = json.loads(gzip.decompress(plain))
    return contents


def database_is_empty() -> bool:
    return not any(model._default_manager.exists() for model in _models())


def restore_key(contents: dict[str, Any]) -> None:
    """Put the archive's key where this installation reads it (before Django opens any value)."""
    lines: list[str] = contents["key_lines"]
    if config.raw("MULTITRACK_KEY"):
        if config.raw("MULTITRACK_KEY") != lines[0]:
            raise BackupError(
                "MULTITRACK_KEY is set to a different key than the backup's; unset it to restore"
            )
        return
    path = config.key_file()
    if path.exists() and path.read_text(encoding="ascii").split() != lines:
        raise BackupError(f"{path} already holds another key: restore into an empty data folder")
    config.write_private(path, "\n".join(lines) + "\n")


def restore_rows(contents: dict[str, Any]) -> int:
    """Load the archive's rows in one transaction into an empty, migrated database."""
    if not database_is_empty():
        raise BackupError("the database is not empty: restore into a new data folder or database")
    count = 0
    deferred = []
    with transaction.atomic():
        for obj in serializers.deserialize("json", contents["data"], handle_forward_references=True):
            obj.save()
            count += 1
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:  # links to rows that came later in the archive (e.g. an affiliation)
            obj.save_deferred_fields()
        _reset_sequences()
    return count


def _reset_sequences() -> None:
    """PostgreSQL's id sequences must continue after the restored ids (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
