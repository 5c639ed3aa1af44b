"""PCA with missing votes against a dense reference: impute the column mean, centre, numpy SVD."""

from __future__ import annotations

import numpy as np
import pytest

from multitrack.core.consultation import VoteMatrix, pca
from multitrack.core.consultation.pca import OVERSAMPLE, centred


def random_votes(n: int, m: int, density: float, seed: int) -> VoteMatrix:
    rng = np.random.default_rng(seed)
    seen = rng.random((n, m)) < density
    seen[np.arange(n), rng.integers(0, m, n)] = True  # everyone votes at least once
    # a little structure, so that the top singular values are apart
    lean = np.sign(rng.normal(size=(n, 1)) @ rng.normal(size=(1, m)) + rng.normal(scale=1.5, size=(n, m)))
    values = np.where(rng.random((n, m)) < 0.15, 0, lean).astype(np.int64)
    rows, cols = np.nonzero(seen)
    return VoteMatrix.from_votes(rows, cols, values[rows, cols])


def dense_reference(matrix: VoteMatrix):
    votes = matrix.votes()
    dense = np.full(votes.shape, np.nan)
    dense[votes.rows, votes.cols] = votes.values
    means = np.nanmean(dense, axis=0)
    filled = np.where(np.isnan(dense), means, dense) - means
    _, s, vt = np.linalg.svd(filled, full_matrices=False)
    n_votes = (~np.isnan(dense)).sum(axis=1)
    return filled, s, vt, n_votes, means


@pytest.mark.parametrize(
    ("n", "m", "density", "seed"),
    [(12, 5, 0.7, 1), (40, 9, 0.5, 2), (80, 30, 0.4, 3), (150, 60, 0.25, 4), (25, 40, 0.6, 5)],
)
def test_components_and_projections_equal_the_dense_computation(n, m, density, seed):
    matrix = random_votes(n, m, density, seed)
    filled, s, vt, n_votes, means = dense_reference(matrix)
    result = pca(matrix.votes())
    assert result.converged
    for i in range(2):
        sign = np.sign(result.components[i] @ vt[i])
        np.testing.assert_allclose(result.components[i], sign * vt[i], atol=1e-7)
    np.testing.assert_allclose(result.singular_values, s[:2], rtol=1e-9)
    np.testing.assert_allclose(result.explained_variance, s[:2] ** 2 / (s**2).sum(), rtol=1e-9)
    # sparsity-aware scaling: the dense projection times sqrt(n_statements / n_votes)
    expected = filled @ result.components.T * np.sqrt(m / n_votes)[:, None]
    np.testing.assert_allclose(result.coordinates, expected, atol=1e-9)
    assert not np.allclose(result.coordinates, filled @ result.components.T)  # the scaling is applied
    np.testing.assert_allclose(result.means, means, rtol=1e-12)


def test_the_centred_matrix_is_sparse_and_exact():
    matrix = VoteMatrix.from_votes(["a", "a", "b", "c"], [1, 2, 1, 1], [1, -1, -1, 1])
    a, means = centred(matrix.votes())
    assert means.tolist() == [pytest.approx(1 / 3), -1.0]
    assert a.nnz == 4  # missing cells are not stored
    assert a.toarray().tolist() == [
        [pytest.approx(2 / 3), 0.0],
        [pytest.approx(-4 / 3), 0.0],
        [pytest.approx(2 / 3), 0.0],
    ]


def test_signs_are_deterministic_the_largest_loading_is_positive():
    matrix = random_votes(60, 30, 0.5, 7)
    for seed in range(4):  # different random starts, same signs
        result = pca(matrix.votes(), seed=seed)
        for row in result.components:
            assert row[np.argmax(np.abs(row))] > 0
        np.testing.assert_allclose(result.components, pca(matrix.votes()).components, atol=1e-8)


def test_a_warm_start_gives_the_cold_result_in_fewer_iterations():
    matrix = random_votes(300, 80, 0.3, 8)
    assert 2 + OVERSAMPLE < 80  # the iterative path, not the exact small one
    cold = pca(matrix.votes())
    rng = np.random.default_rng(0)
    for _ in range(20):  # a few new votes
        matrix.add(int(rng.integers(300)), int(rng.integers(80)), int(rng.integers(-1, 2)))
    again_cold = pca(matrix.votes())
    warm = pca(matrix.votes(), start=cold.components)
    assert warm.converged and again_cold.converged
    np.testing.assert_allclose(warm.components, again_cold.components, atol=1e-8)
    np.testing.assert_allclose(warm.coordinates, again_cold.coordinates, atol=1e-7)
    assert warm.iterations < again_cold.iterations


def test_degenerate_matrices_give_zeros_not_errors():
    empty = pca(VoteMatrix().votes())
    assert empty.coordinates.shape == (0, 2) and empty.components.shape == (2, 0)
    unanimous = pca(VoteMatrix.from_votes([1, 2, 3, 1], ["s", "s", "s", "t"], [1, 1, 1, -1]).votes())
    assert not unanimous.components.any() and not unanimous.coordinates.any()
    assert unanimous.explained_variance.tolist() == [0.0, 0.0]
    one_statement = pca(VoteMatrix.from_votes([1, 2, 3], ["s", "s", "s"], [1, -1, 0]).votes())
    assert one_statement.components.tolist() == [[1.0], [0.0]]
    assert one_statement.explained_variance.tolist() == [pytest.approx(1.0), 0.0]
