"""The Dice coefficient of encodings: row by row, on candidate pairs, and all pairs (the exact reference).

Dice(A, B) = 2 |A ∧ B| / (|A| + |B|), |x| the number of set bits (0 when both are empty). Bit counts
use `np.bitwise_count` on 64-bit words (numpy >= 2.0), else a table of the 256 bytes (numpy 1.26).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .encoding import EncodedBatch, Words

# The best F1 on a generated population of 100,000 x 100,000 records with 10 % overlap (`calibration` in
# benchmarks/linkage.py); balanced sets of pairs would choose ~0.76, far too low where true matches are
# rare among the pairs compared (docs/linkage.md, "The threshold, and quality").
THRESHOLD = 0.89
PAIR_CHUNK = 1 << 16  # candidate pairs compared at a time: 2 x PAIR_CHUNK x bits/8 bytes of scratch
Indices = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float64]
HAS_BITWISE_COUNT = hasattr(np, "bitwise_count")
_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def bit_counts(words: Words) -> npt.NDArray[np.uint8]:
    """The number of set bits of every word, in an array of the same shape."""
    if HAS_BITWISE_COUNT:
        counts: npt.NDArray[np.uint8] = np.bitwise_count(words)
        return counts
    as_bytes = _BYTE_BITS[np.ascontiguousarray(words).view(np.uint8)]
    summed: npt.NDArray[np.uint8] = as_bytes.reshape(*words.shape, 8).sum(axis=-1, dtype=np.uint8)
    return summed


@dataclass(frozen=True, eq=False)
class Matches:
    """Pairs (left[i], right[i]) of rows whose Dice is at least the threshold, sorted by (left, right).

    Rows are positions in the batches linked. This says which record matched which: it stays with
    whoever runs the linkage; only counts (`overlap`) are meant to be shown to anyone else."""

    left: Indices
    right: Indices
    scores: Scores

    def __len__(self) -> int:
        return int(self.left.shape[0])

    def pairs(self) -> set[tuple[int, int]]:
        return set(zip(self.left.tolist(), self.right.tolist(), strict=True))

    @staticmethod
    def collect(parts: list[tuple[Indices, Indices, Scores]], n_right: int) -> Matches:
        """The union of some found pairs, each pair once, sorted."""
        if not parts:
            return Matches(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        left = np.concatenate([p[0] for p in parts])
        right = np.concatenate([p[1] for p in parts])
        scores = np.concatenate([p[2] for p in parts])
        _, first = np.unique(left * max(n_right, 1) + right, return_index=True)
        return Matches(left[first], right[first], scores[first])


def popcounts(words: Words) -> npt.NDArray[np.int32]:
    """The number of set bits of every row."""
    counts: npt.NDArray[np.int32] = bit_counts(words).sum(axis=1, dtype=np.int32)
    return counts


def dice_of_pairs(
    a: Words,
    b: Words,
    left: Indices,
    right: Indices,
    counts_a: npt.NDArray[np.int32] | None = None,
    counts_b: npt.NDArray[np.int32] | None = None,
) -> Scores:
    """Dice of rows a[left[i]] and b[right[i]] for every i, in chunks of PAIR_CHUNK pairs."""
    ca = popcounts(a) if counts_a is None else counts_a
    cb = popcounts(b) if counts_b is None else counts_b
    out = np.empty(len(left), dtype=np.float64)
    for lo in range(0, len(left), PAIR_CHUNK):
        li, ri = left[lo : lo + PAIR_CHUNK], right[lo : lo + PAIR_CHUNK]
        common = bit_counts(a[li] & b[ri]).sum(axis=1, dtype=np.int32)
        total = ca[li] + cb[ri]
        out[lo : lo + PAIR_CHUNK] = np.divide(2 * common, total, out=np.zeros(len(li)), where=total > 0)
    return out


def dice_rows(a: EncodedBatch, b: EncodedBatch) -> Scores:
    """Dice of row i of `a` with row i of `b`, for batches of equal length made alike (checked)."""
    a.require_compatible(b)
    if len(a) != len(b):
        raise ValueError(f"batches of {len(a)} and {len(b)} rows cannot be compared row by row")
    rows = np.arange(len(a), dtype=np.int64)
    return dice_of_pairs(a.words, b.words, rows, rows)


def all_pairs(a: EncodedBatch, b: EncodedBatch, threshold: float = THRESHOLD, block: int = 8) -> Matches:
    """Every pair (i in a, j in b) with Dice >= threshold, by comparing all of them: exact, O(|a| |b|).

    The reference that `blocking.link` is measured against; `block` rows of `a` at a time against all of
    `b` (block x |b| x bits/8 bytes of scratch)."""
    a.require_compatible(b)
    cb = popcounts(b.words)
    parts: list[tuple[Indices, Indices, Scores]] = []
    for lo in range(0, len(a), block):
        rows = a.words[lo : lo + block]
        common = bit_counts(rows[:, None, :] & b.words[None, :, :]).sum(axis=2, dtype=np.int32)
        total = popcounts(rows)[:, None] + cb[None, :]
        scores = np.divide(2 * common, total, out=np.zeros(common.shape), where=total > 0)
        i, j = np.nonzero(scores >= threshold)
        parts.append((i.astype(np.int64) + lo, j.astype(np.int64), scores[i, j]))
    return Matches.collect(parts, len(b))
