"""Principal components of a vote matrix with missing votes, as Pol.is computes them.

A missing vote is imputed with the statement's mean vote over those who voted on it, and the matrix is
then column-centred. Imputing the mean and subtracting it leaves a missing cell at exactly 0, so the
centred matrix A is exactly sparse: a voted cell holds ``value - column mean``, a missing one 0. It is
never made dense: the top singular vectors of A come from a block subspace iteration on AᵀA with a
Rayleigh–Ritz step (sparse matrix products only), which converges when the relative residual
``‖AᵀA·v − θ·v‖ / θ₁`` of each wanted component is below `tol`. With as many statements as the block
holds (small consultations), the first step is already exact.

Promises:

* `components` are the first right singular vectors of A (unit rows), each with its largest-magnitude
  loading positive (ties: the first statement), so the signs do not depend on the start;
* a participant's coordinates are their row of A projected on the components, times
  ``sqrt(n_statements / n_votes)`` (Pol.is's "sparsity-aware scaling": someone who voted on few
  statements is not pulled towards the centre for it);
* `start` (e.g. the previous analysis's components) seeds the iteration: after a few new votes the
  subspace is almost right already and a handful of steps suffice; the result is the same up to `tol`;
* `explained_variance` is each component's share of ‖A‖², the total variance of the imputed matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from multitrack.core.consultation.matrix import Votes

FloatArray = npt.NDArray[np.float64]

OVERSAMPLE = 8  # extra block vectors: convergence goes as (σ_{c+8+1} / σ_c)² per step, not (σ_{c+1} / σ_c)²


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class Projection:
    """The principal components of one vote matrix and the participants' places on them."""

    components: FloatArray  # (n_components, n_statements), unit rows: the statements' loadings
    means: FloatArray  # (n_statements,) mean vote over those who voted; 0 when nobody did
    coordinates: FloatArray  # (n_participants, n_components), with the sparsity-aware scaling
    singular_values: FloatArray  # (n_components,)
    explained_variance: FloatArray  # (n_components,) shares of the total variance
    iterations: int
    converged: bool


def centred(votes: Votes) -> tuple[sparse.csr_matrix, FloatArray]:
    """The mean-imputed, column-centred matrix A (sparse) and the column means."""
    m = len(votes.statements)
    seen = np.bincount(votes.cols, minlength=m).astype(np.float64)
    total = np.bincount(votes.cols, weights=votes.values.astype(np.float64), minlength=m)
    means = np.divide(total, seen, out=np.zeros(m), where=seen > 0)
    data = votes.values.astype(np.float64) - means[votes.cols]
    return votes.csr(data), means


def pca(
    votes: Votes,
    *,
    n_components: int = 2,
    start: FloatArray | None = None,
    tol: float = 1e-10,
    max_iter: int = 1000,
    seed: int = 0,
) -> Projection:
    """The first `n_components` principal components (see the module docstring).

    `start`: up to `n_components` rows of length n_statements to begin from (others are random, drawn
    from `seed`). Components beyond the rank of A are zero vectors with zero variance.
    """
    a, means = centred(votes)
    n, m = a.shape
    c = n_components
    components = np.zeros((c, m))
    values = np.zeros(c)
    total = float(np.dot(a.data, a.data))
    iterations, converged = 0, True
    rank = min(n, m, c)
    if rank and total > 0:
        vectors, theta, iterations, converged = _top_right_vectors(a, rank, start, tol, max_iter, seed)
        components[:rank] = vectors
        values[:rank] = np.sqrt(np.maximum(theta, 0.0))
    for i in range(c):  # deterministic signs: the largest loading (first of equals) is positive
        if components[i].any() and components[i][np.argmax(np.abs(components[i]))] < 0:
            components[i] = -components[i]
    n_votes = votes.n_votes.astype(np.float64)
    scale = np.sqrt(np.divide(m, n_votes, out=np.zeros(n), where=n_votes > 0))
    coordinates = np.asarray(a @ components.T) * scale[:, None]
    share = values**2 / total if total > 0 else np.zeros(c)
    return Projection(components, means, coordinates, values, share, iterations, converged)


def _top_right_vectors(
    a: sparse.csr_matrix, c: int, start: FloatArray | None, tol: float, max_iter: int, seed: int
) -> tuple[FloatArray, FloatArray, int, bool]:
    """The top `c` eigenvectors (rows) and eigenvalues of AᵀA by block subspace iteration."""
    m = a.shape[1]
    p = min(m, c + OVERSAMPLE)
    if p == m:
        basis = np.eye(m)
    else:
        basis = np.random.default_rng(seed).standard_normal((m, p))
        if start is not None:
            begin = np.asarray(start, dtype=np.float64).reshape(-1, m)[:c]
            usable = np.isfinite(begin).all(axis=1) & (np.abs(begin).sum(axis=1) > 0)
            basis[:, : int(usable.sum())] = begin[usable].T
        basis, _ = np.linalg.qr(basis)
    at = a.T  # a CSC view: as fast a product as a CSR copy, without the copy
    iterations = 0
    while True:
        iterations += 1
        z = at @ (a @ basis)
        theta, w = np.linalg.eigh(basis.T @ z)
        order = np.argsort(-theta, kind="stable")
        theta, w = theta[order], w[:, order]
        ritz, image = basis @ w, z @ w
        residual = np.linalg.norm(image[:, :c] - ritz[:, :c] * theta[:c], axis=0)
        done = p == m or bool((residual <= tol * max(theta[0], np.finfo(float).tiny)).all())
        if done or iterations >= max_iter:
            return ritz[:, :c].T.copy(), theta[:c], iterations, done
        basis, _ = np.linalg.qr(image)  # spans AᵀA·basis, the Ritz vectors first
