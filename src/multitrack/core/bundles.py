"""Signed bundles of coordination cards, to carry them between installations.

A bundle is a JSON object naming its organisation, the fingerprint of the Ed25519 key that signed it, when
it was made and its cards, with a signature over the canonical JSON of all of that. The receiving side
pins each partner's public key beforehand (`multitrack coordination trust`) and refuses, with one line, a
bundle signed by a key it has not pinned or altered after signing: nothing in a bundle is believed before
its signature is checked against a pinned key.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "multitrack-coordination-bundle"
VERSION = 1


class BundleError(ValueError):
    """A bundle that is not accepted; the message says why, in one line."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def new_private_key() -> str:
    """A new Ed25519 private key, as base64 of its 32 raw bytes."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return _b64(raw)


def public_key_of(private_b64: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    return _b64(private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def fingerprint(public_b64: str) -> str:
    """A short, readable digest of a public key, to compare by telephone: 4 groups of 4 hex digits."""
    digest = hashlib.sha256(base64.b64decode(public_b64)).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def check_public_key(text: str) -> str:
    """The key as given, if it is a base64 Ed25519 public key; BundleError otherwise."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError):
        raise BundleError(
            "not an Ed25519 public key (base64 of 32 bytes, as `coordination key` prints)"
        ) from None
    return _b64(raw)


def canonical(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(private_b64: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle: the payload with its format, version and key fingerprint, and the signature."""
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    body = {"format": FORMAT, "version": VERSION, "key": fingerprint(public_key_of(private_b64)), **payload}
    return {**body, "signature": _b64(private.sign(canonical(body)))}


@dataclass(frozen=True)
class Bundle:
    organisation: str
    key: str  # fingerprint
    created_at: str
    cards: list[dict[str, Any]]
    encodings: dict[str, Any] | None = None  # a bundle of participants' encodings instead of cards


def verify(text: str, pinned: Mapping[str, str]) -> Bundle:
    """Read a bundle and check it against the pinned keys (fingerprint -> base64 public key)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError(f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError("not a Multitrack coordination bundle")
    if data.get("version") != VERSION:
        raise BundleError(
            f"bundle version {data.get('version')!r} is not supported (this installation reads 1)"
        )
    key, signature = data.get("key"), data.get("signature")
    if not isinstance(key, str) or key not in pinned:
        raise BundleError(f"signed by a key that is not pinned here ({key}): check it with the partner, "
                          "then `multitrack coordination trust`")  # fmt: skip
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(pinned[key]))
        public.verify(base64.b64decode(str(signature)), canonical(body))
    except (InvalidSignature, ValueError, TypeError):
        raise BundleError(
            "the signature does not match: the bundle was altered after it was signed"
        ) from None
    cards = data.get("cards")
    if not isinstance(cards, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) for c in cards
    ):
        raise BundleError("the bundle's cards are not a list of cards with ids")
    encodings = data.get("encodings")
    if encodings is not None and not isinstance(encodings, dict):
        raise BundleError("the bundle's encodings are not an object")
    return Bundle(str(data.get("organisation", "")), key, str(data.get("created_at", "")), cards, encodings)
