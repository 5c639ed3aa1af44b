"""Linkage with blocking on the encodings alone: Hamming LSH by bit sampling, then exact Dice.

Each of `bands` bands samples `bytes_per_band` whole bytes of the bit array (the same for both sides);
a record's band key is the value of those bytes. Two records are candidates when their keys agree in at
least one band, and every candidate pair gets its exact Dice (`compare`). No plaintext is needed: the
linking party holds encodings only.

Why it finds the matches: two encodings of |A| and |B| bits at Dice d differ in h = (1 - d)(|A| + |B|)
bits; they agree on a sampled bit with probability 1 - h/bits, on a band of k bits with
(1 - h/bits)^k, and in some band with 1 - (1 - (1 - h/bits)^k)^bands. `Blocking.for_threshold` takes
enough bands for this to reach `TARGET` (0.99) at the threshold for records of the 90th percentile of
size: at the default threshold 0.89, about 33 bands of 4 bytes for names of ~290 of 1,024 bits
(h ≈ 64: 0.94^32 ≈ 0.13 a band). Closer pairs are found more surely; 0.9996 of the matches of the
100,000 x 100,000 benchmark were. Unrelated names (a quarter of their bits set, so ~2/3 of the bits
agreeing by chance) share a 32-bit band with probability ~0.66^32 ≈ 2e-6; names that share parts do
so more often: in the benchmark, 13 million candidates over all bands for 10^10 pairs.

Memory stays bounded: band keys are one 64-bit sort code per row and band, computed band by band;
candidate pairs are generated and compared `PAIR_CHUNK` at a time; only pairs at or above the threshold
are kept. A pair found in several bands is compared in each (cheaper than remembering every candidate)
and reported once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .compare import PAIR_CHUNK, THRESHOLD, Indices, Matches, Scores, dice_of_pairs, popcounts
from .encoding import EncodedBatch, Words

Keys = npt.NDArray[np.uint64]


ROW_BITS = 31  # rows of a batch are numbered in 31 bits of a sort code (2 billion rows)
TARGET = 0.99  # chance that a pair at the threshold becomes a candidate …
SIZE_QUANTILE = 0.9  # … when both records have as many bits set as this quantile of all records


@dataclass(frozen=True)
class Blocking:
    """Bit-sampling LSH settings: `bands` bands of `bytes_per_band` (1 to 4) whole bytes of the encoding.

    Bytes rather than scattered bits: the bit positions of every feature are keyed pseudo-random numbers,
    so 8 adjacent bits are as good a sample as any 8, and a byte is read in one operation. Each band takes
    distinct bytes, drawn with `seed` (bands may share a byte)."""

    bands: int
    bytes_per_band: int = 4
    seed: int = 20260101

    def __post_init__(self) -> None:
        if not 1 <= self.bytes_per_band <= 4 or self.bands < 1:
            raise ValueError(f"need 1 to 4 bytes per band and at least 1 band, got {self}")

    @classmethod
    def for_threshold(cls, threshold: float, bits_set: float, bits: int, target: float = TARGET) -> Blocking:
        """Enough bands that two encodings of `bits_set` bits each at Dice exactly `threshold` share a band
        with probability `target`; closer pairs and pairs of fewer bits are found more surely.

        Bands are 4 bytes for thresholds from 0.85, 3 from 0.7, 2 below: lower thresholds need shorter
        bands, which let more unrelated pairs through, so they cost more time."""
        size = 4 if threshold >= 0.85 else 3 if threshold >= 0.7 else 2
        distance = max(0.0, (1 - threshold) * 2 * bits_set)
        band = (1 - min(distance, bits) / bits) ** (8 * size)
        if band >= 1:
            return cls(1, size)
        if band <= 0:
            raise ValueError(f"no blocking finds pairs at Dice {threshold}: use compare.all_pairs")
        return cls(max(1, math.ceil(math.log(1 - target) / math.log(1 - band))), size)

    def byte_positions(self, n_bytes: int) -> npt.NDArray[np.int64]:
        """(bands, bytes_per_band) byte offsets of every band."""
        rng = np.random.default_rng(self.seed)
        return np.array([rng.choice(n_bytes, self.bytes_per_band, replace=False) for _ in range(self.bands)])

    def candidate_probability(self, distance: float, bits: int) -> float:
        """How likely two encodings `distance` bits apart share at least one band key."""
        band = (1 - distance / bits) ** (8 * self.bytes_per_band)
        return float(1 - (1 - band) ** self.bands)


def blocking_for(a: EncodedBatch, b: EncodedBatch, threshold: float = THRESHOLD) -> Blocking:
    """The blocking `link` uses by default: `Blocking.for_threshold` for records of as many bits as the
    `SIZE_QUANTILE` quantile of both batches (larger records get a little less than `TARGET`)."""
    counts = np.concatenate([popcounts(a.words), popcounts(b.words)])
    bits_set = float(np.quantile(counts, SIZE_QUANTILE)) if len(counts) else 0.0
    return Blocking.for_threshold(threshold, bits_set, a.params.bits)


def _byte_columns(words: Words) -> npt.NDArray[np.uint8]:
    """(bytes, rows): byte i of every row, contiguous."""
    return np.ascontiguousarray(words.view(np.uint8).T)


def _band_codes(columns: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64], side: int) -> Keys:
    """Sortable codes: the band key in the high 32 bits, then `side`, then the row number."""
    key = np.zeros(columns.shape[1], dtype=np.uint64)
    for i, offset in enumerate(offsets):
        key |= columns[offset].astype(np.uint64) << np.uint64(8 * i)
    rows = np.arange(columns.shape[1], dtype=np.uint64)
    return (key << np.uint64(ROW_BITS + 1)) | np.uint64(side << ROW_BITS) | rows


def _band_pairs(codes: Keys, same: bool) -> list[tuple[Indices, Indices]]:
    """Every (left row, right row) whose band keys are equal, in chunks of at most PAIR_CHUNK pairs.

    `codes` holds both sides' codes, or one side's when a batch is linked with itself (`same`: then the
    pairs i < j of one side)."""
    codes = np.sort(codes)
    key = codes >> np.uint64(ROW_BITS + 1)
    row = (codes & np.uint64((1 << ROW_BITS) - 1)).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(codes)])
    if same:
        starts_a = starts_b = starts[sizes > 1]
        n_a = n_b = sizes[sizes > 1]
    else:  # within a run of one key, the left side's codes (side 0) come first
        left_side = ((codes >> np.uint64(ROW_BITS)) & np.uint64(1)) == 0
        n_a = np.add.reduceat(left_side, starts).astype(np.int64) if len(starts) else starts
        both = (n_a > 0) & (n_a < sizes)
        starts_a, n_a = starts[both], n_a[both]
        starts_b, n_b = starts_a + n_a, sizes[both] - n_a
    per = n_a * n_b  # when `same`, ordered pairs: those with i >= j are dropped below
    ends = np.cumsum(per)
    total = int(ends[-1]) if len(ends) else 0
    out = []
    for lo in range(0, total, PAIR_CHUNK):
        p = np.arange(lo, min(lo + PAIR_CHUNK, total), dtype=np.int64)
        g = np.searchsorted(ends, p, side="right")
        offset = p - (ends[g] - per[g])
        left, right = row[starts_a[g] + offset // n_b[g]], row[starts_b[g] + offset % n_b[g]]
        if same:
            keep = left < right
            left, right = left[keep], right[keep]
        out.append((left, right))
    return out


def _link(a: Words, b: Words, threshold: float, blocking: Blocking, same: bool) -> Matches:
    if max(len(a), len(b)) >= 1 << ROW_BITS:
        raise ValueError(f"at most {(1 << ROW_BITS) - 1} rows a batch")
    counts_a, counts_b = popcounts(a), popcounts(b)
    columns_a = _byte_columns(a)
    columns_b = columns_a if same else _byte_columns(b)
    # Dice >= t needs (2 - t) min(|A|, |B|) >= t max(|A|, |B|) (as |A ∧ B| <= min): pairs whose counts
    # differ more are skipped before their words are read (with a margin for rounding).
    found: list[tuple[Indices, Indices, Scores]] = []
    for offsets in blocking.byte_positions(columns_a.shape[0]):
        codes = _band_codes(columns_a, offsets, 0)
        if not same:
            codes = np.concatenate([codes, _band_codes(columns_b, offsets, 1)])
        for left, right in _band_pairs(codes, same):
            ca, cb = counts_a[left], counts_b[right]
            plausible = (2 - threshold) * np.minimum(ca, cb) >= threshold * np.maximum(ca, cb) - 1e-6
            left, right = left[plausible], right[plausible]
            scores = dice_of_pairs(a, b, left, right, counts_a, counts_b)
            hit = scores >= threshold
            found.append((left[hit], right[hit], scores[hit]))
    return Matches.collect(found, len(b))


def link(
    a: EncodedBatch, b: EncodedBatch, threshold: float = THRESHOLD, blocking: Blocking | None = None
) -> Matches:
    """Pairs (row of a, row of b) with Dice >= threshold among the candidates of the blocking.

    Finds nearly all pairs `compare.all_pairs` finds (see the module docstring for how nearly) in a
    small fraction of its time. Raises IncompatibleEncodings if the batches differ in key or parameters."""
    a.require_compatible(b)
    blocking = blocking or blocking_for(a, b, threshold)
    return _link(a.words, b.words, threshold, blocking, same=False)


def link_within(
    batch: EncodedBatch, threshold: float = THRESHOLD, blocking: Blocking | None = None
) -> Matches:
    """Pairs (i, j), i < j, of rows of one batch with Dice >= threshold among the blocking's candidates."""
    blocking = blocking or blocking_for(batch, batch, threshold)
    return _link(batch.words, batch.words, threshold, blocking, same=True)
