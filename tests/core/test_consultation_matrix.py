"""The vote matrix: latest vote counts, withdrawals, ids, subsets and the sparse indicator matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core.consultation import VoteError, VoteMatrix


def test_the_latest_vote_counts_whichever_way_votes_arrive():
    m = VoteMatrix.from_votes(["ann", "ann", "bob", "ann"], ["s1", "s2", "s1", "s1"], [1, -1, 0, -1])
    assert m.vote("ann", "s1") == -1  # the fourth vote overrides the first
    assert m.vote("ann", "s2") == -1
    assert m.vote("bob", "s1") == 0
    assert m.vote("bob", "s2") is None
    assert len(m) == 3
    m.add("bob", "s1", 1)
    m.add("bob", "s1", -1)  # buffered: the later one wins when merged
    assert m.vote("bob", "s1") == -1
    m.add("ann", "s2", 1)
    m.extend(["ann"], ["s2"], [0])  # extend comes after the buffered add
    assert m.vote("ann", "s2") == 0
    assert m.n_votes == {"ann": 2, "bob": 1}


def test_ids_are_opaque_and_kept_in_first_seen_order():
    m = VoteMatrix()
    for p, s in [(7, "b"), ("7", "a"), (3, "b"), (7, 2)]:
        m.add(p, s, 1)
    assert m.participants == (7, "7", 3)  # 7 and "7" are different participants
    assert m.statements == ("b", "a", 2)
    as_arrays = VoteMatrix.from_votes(np.array(["x", "y", "x"]), np.array([5, 4, 5]), np.array([1, 1, 0]))
    as_lists = VoteMatrix.from_votes(["x", "y", "x"], [5, 4, 5], [1, 1, 0])
    for matrix in (as_arrays, as_lists):
        assert matrix.participants == ("x", "y")
        assert matrix.statements == (5, 4)
        assert matrix.vote("x", 5) == 0
        assert all(type(p) is str for p in matrix.participants)
        assert all(type(s) is int for s in matrix.statements)


@pytest.mark.parametrize("bad", [2, -2, 0.5, True, "1", None])
def test_a_vote_outside_minus_one_zero_one_is_refused(bad):
    m = VoteMatrix()
    with pytest.raises(VoteError, match="-1 \\(disagree\\), 0 \\(pass\\) or 1 \\(agree\\)"):
        m.add("p", "s", bad)
    assert len(m) == 0


def test_bulk_votes_are_checked_before_anything_is_kept():
    m = VoteMatrix.from_votes([1], [1], [1])
    with pytest.raises(VoteError, match="got 3"):
        m.extend([1, 2], [1, 1], [0, 3])
    with pytest.raises(VoteError, match="differ in length"):
        m.extend([1, 2], [1], [0, 1])
    assert m.vote(1, 1) == 1 and len(m) == 1
    assert m.participants == (1,)


def test_withdraw_removes_every_vote_cast_so_far():
    m = VoteMatrix.from_votes(["a", "b", "a", "c"], [1, 1, 2, 2], [1, -1, 0, 1])
    m.add("a", 3, -1)  # still buffered when the participant withdraws: removed too
    assert m.withdraw("a") == 3
    assert m.participants == ("b", "c")
    assert m.vote("a", 1) is None and len(m) == 2
    assert m.statements == (1, 2, 3)  # statements stay
    assert m.withdraw("a") == 0 and m.withdraw("nobody") == 0
    m.add("a", 2, -1)  # a vote after withdrawing counts again
    assert m.participants == ("a", "b", "c")
    assert m.vote("a", 2) == -1 and m.vote("a", 1) is None


def test_votes_on_a_subset_of_statements_and_their_indicator_matrices():
    m = VoteMatrix.from_votes(
        ["p", "p", "q", "r", "r", "r"], ["s", "t", "t", "u", "s", "t"], [1, -1, 0, 1, -1, 1]
    )
    votes = m.votes(["t", "s", "never-voted"])
    assert votes.statements == ("t", "s", "never-voted")
    assert votes.participants == ("p", "q", "r")  # r voted on u too, but also on s and t
    dense = np.zeros((3, 3))
    dense[votes.rows, votes.cols] = votes.values
    assert dense.tolist() == [[-1, 1, 0], [0, 0, 0], [1, -1, 0]]
    assert votes.indicator("seen").toarray().tolist() == [[1, 1, 0], [1, 0, 0], [1, 1, 0]]
    assert votes.indicator("agree").toarray().tolist() == [[0, 1, 0], [0, 0, 0], [1, 0, 0]]
    assert votes.indicator("disagree").toarray().tolist() == [[1, 0, 0], [0, 0, 0], [0, 1, 0]]
    assert votes.indicator("pass").toarray().tolist() == [[0, 0, 0], [1, 0, 0], [0, 0, 0]]
    assert votes.n_votes.tolist() == [2, 1, 2]
    counts = votes.counts()
    assert {k: v.tolist() for k, v in counts.items()} == {
        "agree": [1, 1, 0],
        "disagree": [1, 1, 0],
        "pass": [1, 0, 0],
        "seen": [3, 2, 0],
    }
    only_u = m.votes(["u"])
    assert only_u.participants == ("r",) and only_u.values.tolist() == [1]
    with pytest.raises(ValueError, match="distinct"):
        m.votes(["s", "s"])


def test_storage_is_arrays_of_about_nine_bytes_a_vote():
    rng = np.random.default_rng(1)
    n, m, votes = 2_000, 300, 150_000
    matrix = VoteMatrix.from_votes(
        rng.integers(0, n, votes), rng.integers(0, m, votes), rng.integers(-1, 2, votes)
    )
    assert matrix.nbytes == 9 * len(matrix)
    assert 100_000 < len(matrix) <= votes


def reference(ops):
    """The matrix as a dict, op by op: the model the arrays must agree with."""
    state: dict[tuple[int, int], int] = {}
    for op in ops:
        if op[0] == "withdraw":
            state = {k: v for k, v in state.items() if k[0] != op[1]}
        else:
            for p, s, v in op[1]:
                state[(p, s)] = v
    return state


batch = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 12), st.sampled_from([-1, 0, 1])), min_size=1, max_size=60
)
operation = st.one_of(
    st.tuples(st.just("add"), batch),
    st.tuples(st.just("extend"), batch),
    st.tuples(st.just("withdraw"), st.integers(0, 30)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, min_size=1, max_size=25))
def test_any_sequence_of_votes_and_withdrawals_matches_a_dict(ops):
    # Batches are both smaller and larger than an eighth of what is stored, so both merge paths run.
    m = VoteMatrix()
    for op in ops:
        if op[0] == "add":
            for p, s, v in op[1]:
                m.add(p, s, v)
        elif op[0] == "extend":
            m.extend(*(np.array(column) for column in zip(*op[1], strict=True)))
        else:
            m.withdraw(op[1])
    expected = reference(ops)
    votes = m.votes()
    got = {
        (votes.participants[r], votes.statements[c]): int(v)
        for r, c, v in zip(votes.rows.tolist(), votes.cols.tolist(), votes.values.tolist(), strict=True)
    }
    assert got == expected
    assert len(m) == len(expected)
    assert set(m.participants) == {p for p, _ in expected}
