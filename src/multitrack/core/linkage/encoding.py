"""Keyed Bloom-filter encodings of participant records (cryptographic long-term keys, CLKs).

Schnell, Bachteler and Reiher (2009): every feature of a record (name n-grams, year of birth, gender;
see `normalise`) sets `hashes` bits of a `bits`-long array, at positions drawn from HMAC-SHA256 of the
feature under a key derived from the shared secret. Similar names share most n-grams and so most bits;
the Dice coefficient of two arrays (`compare`) measures it. Without the secret, the positions of a
feature cannot be computed. With it, anyone can encode a guessed name and compare: see docs/linkage.md.

Each feature's positions are independent HMAC outputs (not the double hashing h1 + i·h2 of the original
paper, whose structure some published attacks exploit). Year and gender set fewer bits than a name
(about 44 and 5 with the defaults, beside 100-300 for a name), so that they move the score without
outweighing the name: docs/linkage.md gives the effect of a year missing on one side.

A batch carries the key's fingerprint and the parameters; `EncodedBatch.require_compatible` refuses to
compare batches that differ in either, which is how encodings of a rotated-out key are refused.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .normalise import UnencodableRecord, gender_feature, name_tokens, token_features, year_features

SCHEMA_VERSION = 1
KEY_ID_LABEL = b"multitrack-pprl-key-id"
ENCODE_LABEL = b"multitrack-pprl-encode"
MIN_SECRET_BYTES = 16
Words = npt.NDArray[np.uint64]


class IncompatibleEncodings(ValueError):
    """Encodings made with another key or other parameters were given; nothing was compared."""


@dataclass(frozen=True)
class EncodingParams:
    """How records are encoded; both sides of a comparison must use the same (checked)."""

    bits: int = 1024  # length of the bit array, a multiple of 64
    ngram: int = 2  # n-gram size of the name tokens
    name_hashes: int = 10  # bits set per name n-gram
    year_hashes: int = 15  # bits set by each year of the three-year window around the year of birth
    gender_hashes: int = 5  # bits set by the gender, when recorded
    schema: int = SCHEMA_VERSION  # version of the normalisation and hashing (`normalise`, this module)

    def __post_init__(self) -> None:
        if self.bits < 64 or self.bits % 64 or self.bits > 1 << 16:
            raise ValueError(f"bits must be a multiple of 64 between 64 and 65536, got {self.bits}")
        if not 1 <= self.ngram <= 4:
            raise ValueError(f"ngram must be 1 to 4, got {self.ngram}")
        for name in ("name_hashes", "year_hashes", "gender_hashes"):
            if not 0 <= getattr(self, name) <= 256:
                raise ValueError(f"{name} must be 0 to 256, got {getattr(self, name)}")
        if self.name_hashes == 0:
            raise ValueError("name_hashes must be at least 1: the name is what is linked")

    @property
    def words(self) -> int:
        return self.bits // 64

    def describe(self) -> str:
        return (
            f"{self.bits} bits, {self.ngram}-grams x {self.name_hashes} hashes, year x {self.year_hashes}, "
            f"gender x {self.gender_hashes}, schema {self.schema}"
        )


class LinkageKey:
    """The secret shared by the coordinating organisations, and its public fingerprint `key_id`.

    The fingerprint is the first 16 hex digits of HMAC-SHA256(secret, "multitrack-pprl-key-id"): it tells
    keys apart without revealing anything about the secret. The secret itself is never printed."""

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the linkage secret must be at least {MIN_SECRET_BYTES} random bytes")
        self._encode_key = hmac.digest(secret, ENCODE_LABEL, "sha256")
        self.key_id = hmac.digest(secret, KEY_ID_LABEL, "sha256").hex()[:16]

    @staticmethod
    def new_secret_hex() -> str:
        """A new random 32-byte secret, as hex: to be given to the coordinating partners only."""
        return secrets.token_hex(32)

    @classmethod
    def from_hex(cls, text: str) -> LinkageKey:
        try:
            return cls(bytes.fromhex(text.strip()))
        except ValueError as e:
            raise ValueError(
                f"the linkage secret must be hex digits, at least {MIN_SECRET_BYTES} bytes"
            ) from e

    def positions(self, feature: str, hashes: int, bits: int) -> npt.NDArray[np.int64]:
        """The `hashes` bit positions of one feature: HMAC-SHA256 blocks read as 32-bit numbers mod bits."""
        blocks = -(-hashes // 8)  # each 32-byte block gives 8 positions
        raw = b"".join(
            hmac.digest(self._encode_key, i.to_bytes(2, "big") + feature.encode("utf-8"), "sha256")
            for i in range(blocks)
        )
        return (np.frombuffer(raw, dtype="<u4")[:hashes] % bits).astype(np.int64)

    def __repr__(self) -> str:
        return f"LinkageKey(key_id={self.key_id!r})"


@dataclass(frozen=True)
class ParticipantRecord:
    """What an organisation encodes of one participation: the name, and year and gender when recorded."""

    name: str
    birth_year: int | None = None
    gender: str | None = None  # a code of `multitrack.core.vocab.GENDERS`


@dataclass(frozen=True, eq=False)
class EncodedBatch:
    """Encodings of records, one row of `bits // 64` little-endian 64-bit words each (bit p of a row is
    bit p % 64 of word p // 64), with the key fingerprint and the parameters that made them."""

    words: Words
    key_id: str
    params: EncodingParams = field(default_factory=EncodingParams)

    def __post_init__(self) -> None:
        if self.words.dtype != np.uint64 or self.words.ndim != 2 or self.words.shape[1] != self.params.words:
            raise ValueError(f"words must be a uint64 array of shape (n, {self.params.words})")

    def __len__(self) -> int:
        return int(self.words.shape[0])

    def require_compatible(self, other: EncodedBatch) -> None:
        """Raise IncompatibleEncodings unless `other` was made with the same key and parameters."""
        if other.key_id != self.key_id:
            raise IncompatibleEncodings(
                f"encodings of key {other.key_id} cannot be compared with encodings of key {self.key_id}: "
                "every organisation must encode again with the current key"
            )
        if other.params != self.params:
            raise IncompatibleEncodings(
                f"encodings made with {other.params.describe()} cannot be compared with encodings made with "
                f"{self.params.describe()}: encode both with the same parameters"
            )

    def require_key(self, key: LinkageKey, params: EncodingParams | None = None) -> None:
        """Raise IncompatibleEncodings unless this batch was made with `key` (e.g. the current one)."""
        wanted = params or self.params
        EncodedBatch(_empty(wanted), key.key_id, wanted).require_compatible(self)

    def take(self, rows: npt.ArrayLike) -> EncodedBatch:
        return EncodedBatch(np.ascontiguousarray(self.words[np.asarray(rows)]), self.key_id, self.params)

    @staticmethod
    def concatenate(batches: Sequence[EncodedBatch]) -> EncodedBatch:
        """One batch of all rows, in order; raises IncompatibleEncodings if the batches differ."""
        if not batches:
            raise ValueError("no batch to concatenate")
        for other in batches[1:]:
            batches[0].require_compatible(other)
        words = np.concatenate([b.words for b in batches]) if len(batches) > 1 else batches[0].words
        return EncodedBatch(words, batches[0].key_id, batches[0].params)


def _empty(params: EncodingParams) -> Words:
    return np.zeros((0, params.words), dtype=np.uint64)


class Encoder:
    """Encodes participant records with one key and one set of parameters.

    Features recur (n-grams, years), so their bit positions are computed once per encoder and kept:
    encoding 100,000 names costs a few thousand HMACs, not millions."""

    CHUNK = 8192  # records turned into a bit matrix at a time: CHUNK x bits bytes of scratch

    def __init__(self, key: LinkageKey, params: EncodingParams | None = None) -> None:
        self.key = key
        self.params = params or EncodingParams()
        self._ids: dict[str, int] = {}
        self._token_ids: dict[str, list[int]] = {}
        self._positions: list[npt.NDArray[np.int64]] = []

    def _feature_ids(self, record: ParticipantRecord) -> list[int]:
        p = self.params
        tokens = name_tokens(record.name)
        if not tokens:
            raise UnencodableRecord(f"the name {record.name!r} has no letter or digit to encode")
        ids: list[int] = []
        for token in tokens:
            known = self._token_ids.get(token)
            if known is None:
                known = self._token_ids[token] = [
                    self._feature_id(f, p.name_hashes) for f in token_features(token, p.ngram)
                ]
            ids.extend(known)
        if p.year_hashes:
            ids.extend(self._feature_id(f, p.year_hashes) for f in year_features(record.birth_year))
        gender = gender_feature(record.gender)
        if gender is not None and p.gender_hashes:
            ids.append(self._feature_id(gender, p.gender_hashes))
        return ids

    def _feature_id(self, feature: str, hashes: int) -> int:
        at = self._ids.get(feature)
        if at is None:
            at = self._ids[feature] = len(self._positions)
            self._positions.append(self.key.positions(feature, hashes, self.params.bits))
        return at

    def encode(self, records: Iterable[ParticipantRecord]) -> EncodedBatch:
        """One row per record, in order. Raises UnencodableRecord naming the first bad record's position."""
        chunks: list[Words] = []
        pending: list[list[int]] = []
        for i, record in enumerate(records):
            try:
                pending.append(self._feature_ids(record))
            except UnencodableRecord as e:
                raise UnencodableRecord(f"record {i}: {e}") from None
            if len(pending) == self.CHUNK:
                chunks.append(self._rows(pending))
                pending = []
        if pending or not chunks:
            chunks.append(self._rows(pending))
        return EncodedBatch(np.concatenate(chunks), self.key.key_id, self.params)

    def encode_names(self, names: Iterable[str]) -> EncodedBatch:
        """`encode` of records that have a name only."""
        return self.encode(ParticipantRecord(name) for name in names)

    def _rows(self, feature_ids: list[list[int]]) -> Words:
        lengths = np.array([len(ids) for ids in feature_ids], dtype=np.int64)
        flat_ids = np.fromiter(
            (f for ids in feature_ids for f in ids), dtype=np.int64, count=int(lengths.sum())
        )
        sizes = np.array([len(p) for p in self._positions], dtype=np.int64)
        table = np.concatenate(self._positions) if self._positions else np.zeros(0, dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        # every (record, position) pair: each feature id expands into its positions in `table`
        per_feature = sizes[flat_ids]
        record_of_feature = np.repeat(np.arange(len(feature_ids)), lengths)
        offsets = np.arange(int(per_feature.sum())) - np.repeat(
            np.cumsum(per_feature) - per_feature, per_feature
        )
        positions = table[np.repeat(starts[flat_ids], per_feature) + offsets]
        matrix = np.zeros((len(feature_ids), self.params.bits), dtype=bool)
        matrix[np.repeat(record_of_feature, per_feature), positions] = True
        packed = np.packbits(matrix, axis=1, bitorder="little")
        return np.ascontiguousarray(packed).view("<u8").astype(np.uint64, copy=False)
