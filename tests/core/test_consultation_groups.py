"""k-means groups: who is clustered, choice of k, small groups, numbering, silhouette, warm start."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, silhouette_score

from multitrack.core.consultation import GroupState, cluster, clustered_mask
from multitrack.core.consultation.groups import silhouette


def blobs(sizes, centres, seed=0, spread=0.3):
    rng = np.random.default_rng(seed)
    points = np.concatenate([rng.normal(c, spread, size=(s, 2)) for s, c in zip(sizes, centres, strict=True)])
    truth = np.repeat(np.arange(len(sizes)), sizes)
    order = rng.permutation(len(points))
    return points[order], truth[order]


def test_who_is_clustered():
    n_votes = np.array([0, 1, 6, 7, 30])
    assert clustered_mask(n_votes, 50).tolist() == [False, False, False, True, True]
    assert clustered_mask(n_votes, 5).tolist() == [False, False, True, True, True]  # min(7, 5 statements)
    assert clustered_mask(n_votes, 50, min_votes=1).tolist() == [False, True, True, True, True]


@pytest.mark.parametrize("n_per_group", [30, 400])  # direct k-means, and the base-cluster path (n > 100)
def test_separated_groups_are_found_and_numbered_by_size(n_per_group):
    sizes = (n_per_group, 2 * n_per_group, n_per_group + 5)
    points, truth = blobs(sizes, [(-4, 0), (4, 0), (0, 5)])
    grouping = cluster(points)
    assert grouping.k == 3
    assert adjusted_rand_score(truth, grouping.labels) == 1.0
    assert grouping.sizes == (2 * n_per_group, n_per_group + 5, n_per_group)
    assert grouping.labels[truth == 1].tolist() == [0] * (2 * n_per_group)  # the largest is group 0
    np.testing.assert_allclose(grouping.centres[0], points[truth == 1].mean(axis=0))
    assert set(grouping.silhouettes) == {2, 3, 4, 5}
    assert max(grouping.silhouettes, key=grouping.silhouettes.get) == 3
    assert grouping.reason == f"k=3 had the best silhouette ({grouping.silhouettes[3]:.2f})"
    assert (grouping.state.base_centres is not None) == (sum(sizes) > 100)
    again = cluster(points)
    assert again.labels.tolist() == grouping.labels.tolist()  # deterministic


def test_equal_sizes_are_numbered_by_centre_x():
    points, _ = blobs((20, 20), [(5, 0), (-5, 0)])
    grouping = cluster(points)
    assert grouping.centres[0][0] < 0 < grouping.centres[1][0]


def test_a_k_with_a_too_small_group_is_passed_over():
    points, truth = blobs((40, 40, 3), [(-4, 0), (4, 0), (0, 6)], spread=0.2)
    shown = cluster(points, min_group_size=5)
    assert shown.k == 2 and min(shown.sizes) >= 5 and not shown.merged
    assert len(set(shown.labels[truth == 2].tolist())) == 1  # the three sit inside one shown group
    assert shown.smallest[3] == 3
    assert "k=3" in shown.reason and "left a group of 3, below 5" in shown.reason
    assert cluster(points).k == 3  # without the threshold the small group is a group


def test_without_a_k_that_fits_small_groups_join_the_nearest_group():
    points, truth = blobs((40, 40, 3), [(-4, 0), (4, 0), (5, 3)], spread=0.2)
    grouping = cluster(points, k_min=3, k_max=3, min_group_size=5)
    assert grouping.merged and not grouping.single_group and grouping.k == 2
    assert sorted(grouping.sizes) == [40, 43]
    # the three joined the group at (4, 0), the nearest centre
    assert len(set(grouping.labels[truth >= 1].tolist())) == 1
    assert "1 group(s) below 5 joined the nearest group" in grouping.reason


def test_everyone_merged_into_one_group_is_flagged():
    points, _ = blobs((30, 4), [(0, 0), (6, 0)], spread=0.2)
    grouping = cluster(points, k_min=2, k_max=2, min_group_size=5)
    assert grouping.single_group and grouping.merged and grouping.k == 1
    assert grouping.sizes == (34,)
    assert "everyone is in one group" in grouping.reason


@pytest.mark.parametrize(
    ("points", "min_group_size", "why"),
    [
        (np.zeros((0, 2)), 1, "0 participants clustered"),
        (np.array([[0.0, 0.0], [1.0, 1.0]]), 1, "2 participants clustered, fewer than 3"),
        (np.random.default_rng(0).normal(size=(9, 2)), 5, "9 participants clustered, fewer than 10"),
        (np.ones((50, 2)), 1, "sit on 1 place"),
    ],
)
def test_too_few_participants_give_no_groups(points, min_group_size, why):
    grouping = cluster(points, min_group_size=min_group_size)
    assert grouping.too_few and grouping.k == 0
    assert grouping.labels.tolist() == [-1] * len(points)
    assert why in grouping.reason


def test_k_never_exceeds_the_distinct_places():
    points = np.repeat(np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]]), 10, axis=0)
    grouping = cluster(points, k_max=5)
    assert set(grouping.silhouettes) == {2, 3} and grouping.k == 3


def test_the_margin_keeps_fewer_groups_when_silhouettes_are_close():
    # two pairs of blobs: four groups score 0.802, two groups 0.789
    rng = np.random.default_rng(5)
    points = np.concatenate(
        [rng.normal(c, 0.5, (60, 2)) for c in [(-6, -2.1), (-6, 2.1), (6, -2.1), (6, 2.1)]]
    )
    plain = cluster(points, k_margin=0.0)
    assert plain.k == 4 and plain.reason.startswith("k=4 had the best silhouette")
    kept = cluster(points)  # default margin 0.02
    assert 0 < kept.silhouettes[4] - kept.silhouettes[2] < 0.02
    assert kept.k == 2
    assert kept.reason == (
        f"k=2 (silhouette {kept.silhouettes[2]:.3f}) is within 0.02 of the best, k=4 "
        f"({kept.silhouettes[4]:.3f}): the fewer groups are kept"
    )


def test_silhouette_equals_sklearn_exactly_and_on_its_sample():
    rng = np.random.default_rng(2)
    points = rng.normal(size=(3000, 2))
    labelings = [rng.integers(0, k, 3000) for k in (2, 3, 5)] + [(points[:, 0] > 0).astype(np.int64)]
    labelings[0][:1] = 9  # a group of one (silhouette 0 for it)
    ours = silhouette(points[:700], [lab[:700] for lab in labelings], 2000, 0)
    theirs = [silhouette_score(points[:700], lab[:700]) for lab in labelings]
    np.testing.assert_allclose(ours, theirs, atol=1e-12)
    sampled = silhouette(points, labelings, 2000, 7)
    theirs = [silhouette_score(points, lab, sample_size=2000, random_state=7) for lab in labelings]
    np.testing.assert_allclose(sampled, theirs, atol=1e-12)


def test_a_warm_start_from_the_last_centres_gives_the_same_groups():
    points, _ = blobs((300, 200, 150), [(-4, 0), (4, 0), (0, 5)], seed=3)
    cold = cluster(points, seed=1)
    moved = points + np.random.default_rng(9).normal(0, 0.01, points.shape)  # a few votes later
    warm = cluster(moved, seed=1, previous=cold.state)
    assert warm.labels.tolist() == cluster(moved, seed=1).labels.tolist()
    np.testing.assert_allclose(warm.state.centres[3], cold.state.centres[3], atol=0.05)
    # a state of another shape (e.g. fewer base clusters) is ignored, not an error
    odd = GroupState(base_centres=np.zeros((7, 2)), centres={3: np.zeros((2, 2))})
    assert cluster(moved, seed=1, previous=odd).labels.tolist() == warm.labels.tolist()
