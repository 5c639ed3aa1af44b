"""Pol.is statistics checked by hand: representative, consensus and divisive statements."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse

from multitrack.core.consultation import (
    GroupCounts,
    VoteMatrix,
    consensus,
    divisive,
    group_counts,
    prop_test,
    representative,
    two_prop_test,
)


def counts(na, nd, ns, statements=None) -> GroupCounts:
    """Counts given per statement as (group 0, group 1, ...) tuples."""
    na, nd, ns = (np.array(x, dtype=np.int64).T for x in (na, nd, ns))
    return GroupCounts(tuple(statements or range(na.shape[1])), na, nd, ns)


def test_prop_test_and_two_prop_test_by_hand():
    # prop_test(8, 10): s = 9, n = 11 -> 2·√11·(9/11 − 1/2) = 2 × 3.316625 × 0.318182 = 2.110579
    assert prop_test(8, 10) == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))
    assert prop_test(8, 10) == pytest.approx(2.110579, abs=1e-6)
    # two_prop_test(8, 2, 10, 9): 9/11 = 0.818182 against 3/10 = 0.3, pooled 12/21 = 0.571429,
    # √(0.571429 × 0.428571 × (1/11 + 1/10)) = 0.216225, z = 0.518182 / 0.216225 = 2.396494
    assert two_prop_test(8, 2, 10, 9) == pytest.approx(2.396494, abs=1e-6)
    assert prop_test(6, 9) == pytest.approx(2 * math.sqrt(10) * 0.2)  # 1.2649, just below 1.2816
    # everyone in both samples agrees: pooled share 1, no spread: z is 0, not a division by zero
    assert two_prop_test(5, 7, 5, 7) == 0.0
    # nothing seen still scores 1.0 (s = n = 1): why statements seen fewer than min_seen times are left out
    np.testing.assert_allclose(prop_test([0, 3], [0, 3]), [1.0, 2 * math.sqrt(4) * 0.5])


def test_representative_statements_by_hand():
    # Statement 0: group 0 agrees 8 of 10 seen (1 disagree, 1 pass), group 1 agrees 2 of 9 (6 disagree).
    # Statement 1: group 0 agrees 2 of 2 seen, nobody in group 1 agrees: too few seen (< 3) in group 0.
    c = counts(na=[(8, 2), (2, 0)], nd=[(1, 6), (0, 8)], ns=[(10, 9), (2, 10)], statements=["s0", "s1"])
    reps = representative(c)
    assert [r.statement for r in reps[0]] == ["s0"]
    (r,) = reps[0]
    assert r.direction == "agree"
    assert (r.na, r.nd, r.ns, r.na_rest, r.nd_rest, r.ns_rest) == (8, 1, 10, 2, 6, 9)
    assert r.pa == 9 / 12 and r.pd == 2 / 12  # (1 + na) / (2 + ns)
    assert r.pa_rest == 3 / 11 and r.pd_rest == 7 / 11
    assert r.ra == pytest.approx(0.75 / (3 / 11))  # 2.75
    assert r.rd == pytest.approx((2 / 12) / (7 / 11))
    assert r.pat == pytest.approx(2.110579, abs=1e-6)
    assert r.rat == pytest.approx(2.396494, abs=1e-6)
    assert r.metric == pytest.approx(2.75 * 2.396494 * 0.75 * 2.110579, rel=1e-6)  # ra·rat·pa·pat ≈ 10.43
    # s1 would pass both tests for group 0 (pat = 1.73, rat = 3.09) but was seen only twice there.
    assert prop_test(2, 2) > 1.2816 and two_prop_test(2, 0, 2, 10) > 1.2816
    # Group 1 disagrees with s0 (pd = 7/11) but pdt = prop_test(6, 9) = 1.2649 < 1.2816: not representative;
    # it rejects s1 (8 of 10; nobody in group 0 did): pdt = 2.11, rdt = two_prop_test(8, 0, 10, 2) = 1.648.
    assert [(r.statement, r.direction) for r in reps[1]] == [("s1", "disagree")]
    assert reps[1][0].pdt == pytest.approx(2.110579, abs=1e-6)
    assert reps[1][0].rdt == pytest.approx(1.647772, abs=1e-6)
    # allowed with min_seen=2, s1 even comes first: ra = (3/4) / (1/12) = 9, metric 9 × 3.09 × 0.75 × 1.73
    assert [r.statement for r in representative(c, min_seen=2)[0]] == ["s1", "s0"]


def test_the_disagree_direction_and_ranking_by_metric():
    # group 0 rejects s0 strongly and s1 less strongly; group 1 the opposite
    c = counts(na=[(0, 9), (1, 7)], nd=[(9, 0), (7, 1)], ns=[(10, 10), (9, 9)])
    reps = representative(c)
    assert [(r.statement, r.direction) for r in reps[0]] == [(0, "disagree"), (1, "disagree")]
    assert [(r.statement, r.direction) for r in reps[1]] == [(0, "agree"), (1, "agree")]
    first, second = reps[0]
    assert first.metric == pytest.approx(first.rd * first.rdt * first.pd * first.pdt)
    assert first.metric > second.metric
    assert representative(c, max_per_group=1)[0] == (first,)
    assert representative(counts(na=[(5,)], nd=[(0,)], ns=[(5,)])) == ((),)  # one group: no "rest"


def test_consensus_by_hand():
    c = counts(
        # A: both groups agree by majority; B: group 1 does not; C: group 0 saw it twice; D: both reject
        na=[(5, 4), (6, 3), (2, 9), (0, 0)],
        nd=[(0, 2), (0, 3), (0, 0), (5, 6)],
        ns=[(6, 7), (6, 7), (2, 10), (5, 6)],
        statements="ABCD",
    )
    agree, disagree = consensus(c)
    assert [x.statement for x in agree] == ["A"]
    (a,) = agree
    assert a.by_group == (6 / 8, 5 / 9)  # (1 + na) / (2 + ns), each above 1/2
    assert a.probability == pytest.approx(6 / 8 * 5 / 9)  # group-informed consensus 0.4167
    assert (a.votes, a.seen) == ((5, 4), (6, 7))
    assert [x.statement for x in disagree] == ["D"]
    assert disagree[0].probability == pytest.approx(6 / 7 * 7 / 8)
    assert consensus(c, min_seen=2)[0][0].statement == "C"  # C's product 3/4 × 10/12 beats A's
    assert consensus(c, limit=0) == ((), ())


def test_divisive_by_hand():
    c = counts(
        # E: 9 of 10 agree in group 0, 1 of 10 in group 1; B: 6 of 6 against 3 of 7; A: both agree
        na=[(9, 1), (6, 3), (5, 4)],
        nd=[(1, 8), (0, 3), (0, 2)],
        ns=[(10, 10), (6, 7), (6, 7)],
        statements="EBA",
    )
    found = divisive(c)
    assert [d.statement for d in found] == ["E", "B"]  # A: the least-agreeing group still has pa > 1/2
    e, b = found
    assert (e.most, e.least) == (0, 1)
    assert e.spread == pytest.approx(10 / 12 - 2 / 12)
    assert e.z == pytest.approx(3.425395, abs=1e-6)  # two_prop_test(9, 1, 10, 10)
    assert b.spread == pytest.approx(7 / 8 - 4 / 9)
    assert b.z == pytest.approx(2.184657, abs=1e-6)
    assert e.agree_by_group == (10 / 12, 2 / 12) and e.disagree_by_group == (2 / 12, 9 / 12)
    # not significant: 1 of 1 against 0 of 1 (z = 1.1547 < 1.2816), though pa is 2/3 against 1/3
    small = counts(na=[(1, 0)], nd=[(0, 1)], ns=[(1, 1)])
    assert divisive(small, min_seen=1) == ()
    assert two_prop_test(1, 0, 1, 1) == pytest.approx(1.154701, abs=1e-6)


def test_group_counts_come_from_one_sparse_product():
    rng = np.random.default_rng(3)
    n, m = 500, 40
    rows, cols = np.nonzero(rng.random((n, m)) < 0.4)
    values = rng.integers(-1, 2, len(rows))
    votes = VoteMatrix.from_votes(rows, cols, values).votes(range(m))
    group_of = rng.integers(-1, 3, len(votes.participants))  # -1: not in a group
    got = group_counts(
        group_of,
        3,
        votes.indicator("seen"),
        votes.indicator("agree"),
        votes.indicator("disagree"),
        votes.statements,
    )
    dense = np.full(votes.shape, 9)
    dense[votes.rows, votes.cols] = votes.values
    for g in range(3):
        members = dense[group_of == g]
        assert got.na[g].tolist() == (members == 1).sum(axis=0).tolist()
        assert got.nd[g].tolist() == (members == -1).sum(axis=0).tolist()
        assert got.ns[g].tolist() == (members != 9).sum(axis=0).tolist()
    assert isinstance(votes.indicator("seen"), sparse.csr_matrix)
