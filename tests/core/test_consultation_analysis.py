"""`analyse` end to end: planted opinion groups, small groups and small data, summary, warm start."""

from __future__ import annotations

import json

import numpy as np
import pytest
from benchmarks.consultation import planted

from multitrack.core.consultation import (
    SINGLE_GROUP,
    SMALL_GROUPS_MERGED,
    TOO_FEW_PARTICIPANTS,
    Analysis,
    VoteMatrix,
    analyse,
)

OWN = 15  # statements each planted group agrees with (the others vote at random on them)
CONSENSUS_AGREE, CONSENSUS_DISAGREE, SPLIT = 3 * OWN, 3 * OWN + 1, 3 * OWN + 2


def stance() -> np.ndarray:
    """Group g agrees with statements 15g..15g+14; everyone agrees with 45 and rejects 46; groups 0 and 1
    agree with 47, group 2 rejects it."""
    out = np.zeros((3, 3 * OWN + 3), dtype=np.int64)
    for g in range(3):
        out[g, OWN * g : OWN * (g + 1)] = 1
    out[:, CONSENSUS_AGREE], out[:, CONSENSUS_DISAGREE] = 1, -1
    out[:, SPLIT] = (1, 1, -1)
    return out


@pytest.fixture(scope="module")
def three_groups():
    data = planted((60, 50, 40), 3 * OWN + 3, stance=stance(), density=0.8, follow=0.95, seed=0)
    return data, analyse(data.matrix(), min_group_size=5)


def test_planted_groups_are_recovered_exactly(three_groups):
    data, result = three_groups
    assert result.k == 3 and not result.flags
    assert result.reason.startswith("k=3 had the best silhouette")
    # sizes differ, so group g (numbered by size) is planted group g
    assert [g.size for g in result.groups] == [60, 50, 40]
    assert {p.participant: p.group for p in result.clustered} == {
        i: int(g) for i, g in enumerate(data.group_of)
    }
    assert result.unclustered == ()


def test_the_planted_statements_are_the_representative_ones(three_groups):
    _, result = three_groups
    for g in result.groups:
        assert len(g.representative) == 5
        own = set(range(OWN * g.id, OWN * (g.id + 1)))
        for r in g.representative:
            # group 2 is the one group rejecting the split statement: that is representative of it too
            assert (r.statement in own and r.direction == "agree") or (
                g.id == 2 and r.statement == SPLIT and r.direction == "disagree"
            )
            assert (r.pat > 1.2816 and r.rat > 1.2816) or (r.pdt > 1.2816 and r.rdt > 1.2816)
        metrics = [r.metric for r in g.representative]
        assert metrics == sorted(metrics, reverse=True)


def test_consensus_and_divisive_statements(three_groups):
    _, result = three_groups
    assert [c.statement for c in result.consensus_agree] == [CONSENSUS_AGREE]
    assert [c.statement for c in result.consensus_disagree] == [CONSENSUS_DISAGREE]
    (agreed,) = result.consensus_agree
    assert all(p > 0.5 for p in agreed.by_group) and len(agreed.by_group) == 3
    assert agreed.probability == pytest.approx(np.prod(agreed.by_group))
    divisive = [d.statement for d in result.divisive]
    assert divisive[0] == SPLIT  # two groups agree, one rejects: the largest spread
    assert CONSENSUS_AGREE not in divisive and CONSENSUS_DISAGREE not in divisive
    split = result.divisive[0]
    assert split.least == 2 and split.most in (0, 1) and split.spread > 0.7


def test_statement_results_and_summary(three_groups):
    data, result = three_groups
    by_id = {s.statement: s for s in result.statement_results}
    assert set(by_id) == set(range(3 * OWN + 3))
    first = by_id[0]
    assert first.seen == first.agree + first.disagree + first.passes
    mask = data.statements == 0  # latest votes only: count them from the matrix, not the raw list
    assert first.seen <= int(mask.sum())
    assert result.explained_variance[0] >= result.explained_variance[1] > 0
    summary = result.summary()
    assert json.loads(json.dumps(summary)) == summary
    assert summary["participants"] == 150 and summary["groups"] == 3
    assert summary["consensus"] == [CONSENSUS_AGREE, CONSENSUS_DISAGREE]
    assert sorted(summary["representative"]) == ["0", "1", "2"]
    assert summary["representative"]["0"] == [r.statement for r in result.groups[0].representative]
    assert len(summary["assignments"]) == 150
    assert summary["assignments"][0] == {
        "participant": result.clustered[0].participant,
        "group": result.clustered[0].group,
    }


def test_a_small_planted_group_is_never_shown():
    data = planted((60, 50, 3), 3 * OWN + 3, stance=stance(), density=0.8, follow=0.95, seed=1)
    result = analyse(data.matrix(), min_group_size=5)
    assert all(g.size >= 5 for g in result.groups)
    assert result.k == 2
    small = {i for i, g in enumerate(data.group_of) if g == 2}
    assert {p.participant for p in result.clustered} >= small  # clustered, but inside a larger group
    forced = analyse(data.matrix(), min_group_size=5, k_min=3, k_max=3)
    assert SMALL_GROUPS_MERGED in forced.flags and forced.k == 2
    assert all(g.size >= 5 for g in forced.groups)
    shown = analyse(data.matrix(), min_group_size=1, k_min=3, k_max=3)  # it is the threshold that hides it
    assert shown.k == 3 and min(g.size for g in shown.groups) < 5


def test_participants_with_fewer_than_seven_votes_are_placed_but_not_clustered():
    data = planted((40, 40), 30, density=0.6, seed=2)
    matrix = data.matrix()
    for s in range(6):  # a newcomer with six votes
        matrix.add("newcomer", s, 1)
    matrix.add("one-vote", 3, -1)
    result = analyse(matrix)
    unclustered = {p.participant: p for p in result.unclustered}
    assert set(unclustered) == {"newcomer", "one-vote"}
    assert unclustered["newcomer"].group is None and unclustered["newcomer"].n_votes == 6
    assert all(p.n_votes >= 7 and p.group is not None for p in result.clustered)
    assert result.min_votes == 7
    assert analyse(matrix, min_votes=6).summary()["participants"] == 81


def test_only_the_statements_analysed_count():
    matrix = VoteMatrix.from_votes(["a", "b", "c"] * 3, [1, 1, 1, 2, 2, 2, 3, 3, 3], [1, -1, 0] * 3)
    result = analyse(matrix, statements=[3, 1])
    assert result.statements == (3, 1)
    assert [s.statement for s in result.statement_results] == [3, 1]
    assert result.min_votes == 2  # min(7, 2 statements)
    assert all(p.n_votes == 2 for p in result.clustered)


@pytest.mark.parametrize(
    "votes",
    [
        ([], [], []),
        (["a"], ["s"], [1]),
        (["a", "b", "c"], ["s", "s", "s"], [1, 1, 1]),
        (["a", "b", "c", "d"], ["s", "t", "s", "t"], [1, -1, -1, 1]),
    ],
)
def test_empty_and_tiny_matrices_give_a_valid_analysis(votes):
    result = analyse(VoteMatrix.from_votes(*votes), min_group_size=5)
    assert isinstance(result, Analysis)
    assert result.k == 0 and result.groups == ()
    assert TOO_FEW_PARTICIPANTS in result.flags
    assert result.consensus_agree == result.consensus_disagree == result.divisive == ()
    assert result.summary()["groups"] == 0 and result.summary()["assignments"] == []
    assert len(result.clustered) + len(result.unclustered) == len(set(votes[0]))


def test_everyone_in_one_group_is_flagged():
    data = planted((60, 4), 20, stance=np.array([[1] * 20, [-1] * 20]), density=0.9, seed=3)
    result = analyse(data.matrix(), min_group_size=5, k_min=2, k_max=2)
    assert SINGLE_GROUP in result.flags and result.k == 1 and result.groups[0].size == 64
    assert result.groups[0].representative == ()  # no "rest" to compare with
    assert [c.statement for c in result.consensus_agree] != []  # the 60 outweigh the 4


def test_withdrawn_participants_leave_the_analysis(three_groups):
    data, _ = three_groups
    matrix = data.matrix()
    matrix.withdraw(0)
    result = analyse(matrix, min_group_size=5)
    assert 0 not in {p.participant for p in (*result.clustered, *result.unclustered)}
    assert sum(g.size for g in result.groups) == 149


def test_a_reanalysis_with_previous_gives_the_cold_result(three_groups):
    data, first = three_groups
    matrix = data.matrix()
    rng = np.random.default_rng(4)
    for p, s, v in zip(
        rng.integers(0, 150, 30), rng.integers(0, 48, 30), rng.integers(-1, 2, 30), strict=True
    ):
        matrix.add(int(p), int(s), int(v))
    warm = analyse(matrix, min_group_size=5, previous=first)
    cold = analyse(matrix, min_group_size=5)
    assert warm.summary() == cold.summary()
    np.testing.assert_allclose(
        [(p.x, p.y) for p in warm.clustered], [(p.x, p.y) for p in cold.clustered], atol=1e-7
    )
    # k-means of the chosen k agrees; the base clusters were warm-started, so other k may differ a little
    assert warm.silhouettes[3] == pytest.approx(cold.silhouettes[3], abs=1e-7)
    assert warm.silhouettes == pytest.approx(cold.silhouettes, abs=0.02)
    # the previous analysis may cover other statements: components are matched by statement id
    subset = analyse(matrix, statements=list(range(40, 48)) + list(range(0, 40)), previous=first)
    assert subset.summary()["groups"] == cold.summary()["groups"]
