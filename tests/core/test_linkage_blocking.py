"""Linkage with blocking: the pairs it finds are the pairs all-pairs Dice finds, on generated names."""

from __future__ import annotations

import random

import numpy as np
import pytest

from multitrack.core.linkage import (
    THRESHOLD,
    Blocking,
    EncodedBatch,
    Encoder,
    IncompatibleEncodings,
    LinkageKey,
    ParticipantRecord,
    all_pairs,
    blocking_for,
    link,
    link_within,
)
from multitrack.core.linkage import blocking as blocking_module
from multitrack.core.linkage import compare as compare_module

KEY = LinkageKey(b"blocking-test-secret-32-bytes-ok")
SYLLABLES = ("ka", "ri", "mo", "na", "el", "as", "ud", "in", "ba", "to", "le", "sa", "mi", "ra", "go")


def name(rng: random.Random) -> str:
    def part() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()

    return " ".join(part() for _ in range(rng.randint(2, 3)))


def noisy(text: str, rng: random.Random) -> str:
    """A typo (one letter replaced), the parts reordered, or both."""
    if rng.random() < 0.6:
        i = rng.randrange(1, len(text) - 1)
        text = text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]
    if rng.random() < 0.5:
        parts = text.split()
        text = f"{parts[-1].upper()}, {' '.join(parts[:-1])}"
    return text


def records(n: int, shared: int, seed: int = 1) -> tuple[list[ParticipantRecord], list[ParticipantRecord]]:
    """Side A; side B holds noisy copies of A's first `shared` persons, then others. Years of birth from
    a short range, so that many unrelated persons share one."""
    rng = random.Random(seed)
    a = [ParticipantRecord(name(rng), rng.choice([None, *range(1980, 1990)])) for _ in range(n)]
    b = [ParticipantRecord(noisy(r.name, rng), r.birth_year) for r in a[:shared]]
    b += [ParticipantRecord(name(rng), rng.choice([None, *range(1980, 1990)])) for _ in range(n - shared)]
    return a, b


def share_a_band(a: EncodedBatch, b: EncodedBatch, i: int, j: int, blocking: Blocking) -> bool:
    x, y = a.words[i].view(np.uint8), b.words[j].view(np.uint8)
    return any(np.array_equal(x[band], y[band]) for band in blocking.byte_positions(len(x)))


@pytest.fixture(scope="module")
def batches():  # type: ignore[no-untyped-def]
    a, b = records(1500, 400)
    encoder = Encoder(KEY)
    return encoder.encode(a), encoder.encode(b)


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.8])
def test_blocking_finds_the_pairs_all_pairs_finds(batches, threshold):
    a, b = batches
    exact = all_pairs(a, b, threshold)
    found = link(a, b, threshold)
    assert len(exact) > 250  # the planted pairs, mostly
    assert found.pairs() <= exact.pairs()  # every pair found is scored exactly
    assert len(found.pairs() & exact.pairs()) >= 0.99 * len(exact)
    # exactly the pairs of the exact set that share a band key, computed here byte by byte
    blocking = blocking_for(a, b, threshold)
    assert found.pairs() == {(i, j) for i, j in exact.pairs() if share_a_band(a, b, i, j, blocking)}
    at = {
        (i, j): s
        for i, j, s in zip(found.left.tolist(), found.right.tolist(), found.scores.tolist(), strict=True)
    }
    assert all(
        at[(i, j)] == s
        for i, j, s in zip(exact.left.tolist(), exact.right.tolist(), exact.scores.tolist(), strict=True)
        if (i, j) in at
    )


def test_linking_a_batch_with_itself_finds_each_pair_once(batches):
    a, b = batches
    both = a.concatenate([a, b])
    exact = all_pairs(both, both, THRESHOLD)
    expected = {(i, j) for i, j in exact.pairs() if i < j}
    found = link_within(both, THRESHOLD)
    assert len(found) == len(found.pairs())
    assert all(i < j for i, j in found.pairs())
    assert found.pairs() <= expected and len(found) >= 0.99 * len(expected)


def test_buckets_larger_than_a_chunk_are_split_and_every_pair_is_kept(monkeypatch):
    monkeypatch.setattr(blocking_module, "PAIR_CHUNK", 7)
    monkeypatch.setattr(compare_module, "PAIR_CHUNK", 5)
    encoder = Encoder(KEY)
    a = encoder.encode_names(["Amina Yusuf"] * 40 + ["Kaspar Voln", "Olaf Scholz"])
    b = encoder.encode_names(["Olaf Scholze"] + ["AMINA YUSUF"] * 30)
    found = link(a, b, 0.8)
    assert found.pairs() == {(i, j) for i in range(40) for j in range(1, 31)} | {(41, 0)}
    within = link_within(a, 0.8)
    assert within.pairs() == {(i, j) for i in range(40) for j in range(i + 1, 40)}


def test_matches_are_sorted_and_empty_batches_link_to_nothing():
    encoder = Encoder(KEY)
    a = encoder.encode_names(["Kaspar Voln", "Amina Yusuf", "Ali Kim"])
    b = encoder.encode_names(["Ali Kim", "Voln Kaspar", "Amina Yusuf"])
    found = link(a, b, 0.9)
    assert list(zip(found.left.tolist(), found.right.tolist(), strict=True)) == [(0, 1), (1, 2), (2, 0)]
    empty = a.take(np.zeros(0, dtype=np.int64))
    assert len(link(empty, b)) == 0 and len(link(a, empty)) == 0 and len(link_within(empty)) == 0


def test_without_numpy_bitwise_count_a_byte_table_counts_the_same(batches, monkeypatch):
    a, b = batches
    fast = link(a, b, 0.8)
    monkeypatch.setattr(compare_module, "HAS_BITWISE_COUNT", False)
    slow = link(a, b, 0.8)
    assert slow.pairs() == fast.pairs() and np.array_equal(slow.scores, fast.scores)
    assert compare_module.popcounts(a.words).tolist() == [
        sum(bin(w).count("1") for w in row) for row in a.words.tolist()
    ]


def test_encodings_of_different_keys_are_not_linked():
    a = Encoder(KEY).encode_names(["Kaspar Voln"])
    b = Encoder(LinkageKey(b"another-secret-of-32-bytes-long!")).encode_names(["Kaspar Voln"])
    with pytest.raises(IncompatibleEncodings):
        link(a, b)
    with pytest.raises(IncompatibleEncodings):
        all_pairs(a, b)


def test_the_blocking_for_a_threshold_reaches_its_target_and_costs_more_for_lower_thresholds(batches):
    bits = 1024
    strict = Blocking.for_threshold(0.9, 300, bits)
    loose = Blocking.for_threshold(0.75, 300, bits)
    assert strict.candidate_probability((1 - 0.9) * 600, bits) >= 0.99
    assert loose.candidate_probability((1 - 0.75) * 600, bits) >= 0.99
    assert loose.bytes_per_band < strict.bytes_per_band
    assert strict.candidate_probability(20, bits) > strict.candidate_probability(60, bits)
    assert Blocking.for_threshold(1.0, 300, bits).bands == 1
    with pytest.raises(ValueError, match="all_pairs"):
        Blocking.for_threshold(0.0, 600, bits)
    a, b = batches
    chosen = blocking_for(a, b)
    assert chosen.bytes_per_band == 4 and 10 <= chosen.bands <= 100
    positions = chosen.byte_positions(128)
    assert positions.shape == (chosen.bands, 4) and all(len(set(row)) == 4 for row in positions.tolist())
