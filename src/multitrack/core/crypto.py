"""Field encryption (AES-256-GCM), blind indexes (HMAC-SHA256) and MACs, from keys kept outside the
database.

A key is 32 random bytes, written as URL-safe base64 without padding. A key ring holds the current key
(which encrypts) and older keys (which only decrypt, during and after an interrupted rotation). From each
key, HKDF derives separate sub-keys for encryption, blind indexes and MACs, so that no two uses share a
key. A token is `v1.<key id>.<base64(nonce ‖ ciphertext ‖ tag)>`; the associated data names the column
(`table.column`), so a ciphertext copied into another column does not open.

Nothing here knows about Django; the web layer hands a KeyRing to its fields.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12


class KeyProblem(ValueError):
    """Base class for key problems; messages never contain key material."""


class BadKey(KeyProblem):
    """A key that is not 32 bytes of URL-safe base64."""


class UndecryptableValue(KeyProblem):
    """A stored value that no key in the ring opens (wrong key, or the value was altered)."""


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key() -> str:
    """A new random key in its written form."""
    return _b64e(os.urandom(KEY_BYTES))


def _derive(secret: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"multitrack/{purpose}".encode()
    ).derive(secret)


@dataclass(frozen=True)
class Key:
    """One key with its derived sub-keys. `id` is a short fingerprint, safe to show and store."""

    id: str
    aead: AESGCM = field(repr=False)
    index_key: bytes = field(repr=False)
    mac_key: bytes = field(repr=False)

    @classmethod
    def from_text(cls, text: str) -> Key:
        try:
            secret = _b64d(text.strip())
        except (ValueError, TypeError):
            raise BadKey("the key is not URL-safe base64") from None
        if len(secret) != KEY_BYTES:
            raise BadKey(f"the key must be {KEY_BYTES} bytes, got {len(secret)}")
        key_id = hashlib.sha256(b"multitrack-key-id" + secret).hexdigest()[:8]
        return cls(key_id, AESGCM(_derive(secret, "aead")), _derive(secret, "index"), _derive(secret, "mac"))


def normalise(value: str) -> str:
    """The form a blind index is taken of: NFKC, case-folded, inner white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


class KeyRing:
    """The current key and any older ones still accepted for decryption."""

    def __init__(self, current: Key, older: tuple[Key, ...] = ()) -> None:
        self.current = current
        self._by_id = {k.id: k for k in (*older, current)}

    @classmethod
    def from_lines(cls, lines: list[str]) -> KeyRing:
        """Keys one per line, current first; blank lines and `#` comments are skipped."""
        keys = [Key.from_text(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not keys:
            raise BadKey("no key found")
        return cls(keys[0], tuple(keys[1:]))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def encrypt(self, plaintext: str, context: str) -> str:
        """Encrypt with the current key, binding `context` (e.g. "registry_actor.name") as associated data."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.current.aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        return f"{VERSION}.{self.current.id}.{_b64e(nonce + sealed)}"

    def decrypt(self, token: str, context: str) -> str:
        """Open a token made by `encrypt` with any key of the ring, for the same context."""
        try:
            version, key_id, body = token.split(".", 2)
        except ValueError:
            raise UndecryptableValue(f"{context}: not an encrypted value") from None
        key = self._by_id.get(key_id)
        if version != VERSION or key is None:
            known = ", ".join(self.ids)
            raise UndecryptableValue(f"{context}: encrypted with key {key_id}, not in the key ring ({known})")
        raw = _b64d(body)
        try:
            plain = key.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
        except InvalidTag:
            raise UndecryptableValue(
                f"{context}: the value does not open with key {key_id} (altered?)"
            ) from None
        return plain.decode("utf-8")

    def key_id_of(self, token: str) -> str:
        return token.split(".", 2)[1] if token.count(".") >= 2 else ""

    def blind_index(self, value: str, context: str) -> str:
        """A keyed hash of the normalised value, for exact look-up without storing the value."""
        message = f"{context}\x00{normalise(value)}".encode()
        return hmac.new(self.current.index_key, message, hashlib.sha256).hexdigest()

    def mac(self, data: bytes, key_id: str | None = None) -> str:
        """An HMAC-SHA256 of `data` with the MAC sub-key of the current (or the named) key."""
        key = self._by_id[key_id] if key_id else self.current
        return hmac.new(key.mac_key, data, hashlib.sha256).hexdigest()
