"""Opinion groups: k-means on the participants' 2-D places, k chosen by silhouette, small groups merged.

Who is clustered: participants with at least ``min(min_votes, n_statements)`` votes (`clustered_mask`),
as in Pol.is; the others are placed on the map but belong to no group.

How (Pol.is's two-level scheme, so that 10,000 participants cost little more than 100):

1. with more than `base_clusters` participants, k-means first makes up to `base_clusters` "base
   clusters" (one k-means++ run: they only quantise the map); each k is then tried by k-means on the
   base centres weighted by their sizes, and a participant's group is its base cluster's group. With
   fewer participants, they are clustered directly;
2. each k from `k_min` to `k_max` is tried (never more than the distinct points, nor the participants
   minus one), and scored by the silhouette of the participants' groups: exact up to
   `exact_silhouette_limit` participants, else on a fixed random sample of that size;
3. the chosen k is the smallest one whose silhouette is within `k_margin` (0.02) of the best: a larger
   k must earn its extra groups. Silhouettes closer than that are within what k-means restarts and
   sampling change (on the real Brexit conversation in the tests, k=3 beats k=2 by less than 0.01 at
   participant level, and Pol.is shows 2 groups), and fewer, larger groups read better and protect
   small cells better;
4. small groups are never shown. Only the k whose groups all have at least `min_group_size`
   participants are candidates for step 3. If no k manages that, step 3 picks among all k and,
   repeatedly, its smallest too-small group (ties: the lowest centre x) joins the group whose
   centre is nearest; if everyone ends up in one group, `single_group` says so. With fewer than
   ``2 * min_group_size`` participants (or fewer than 2 distinct places) nobody is grouped.

The result depends only on the points, the parameters, `seed` (k-means gets `random_state=seed`) and
`previous`.
Groups are numbered 0..k-1 by size (largest first), then centre x, then centre y. `GroupState` holds
the k-means centres for a warm start: given back as `previous`, k-means for the same k (and the same
number of base clusters) runs once from them instead of COLD_RUNS times from k-means++, as Pol.is does.
After a few new votes it converges in a few steps, and to the last groups: the groups stay put rather
than jump to another local optimum of equal worth, which a cold run may pick.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

if TYPE_CHECKING:
    from sklearn.cluster import KMeans

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_MIN_VOTES = 7
BASE_CLUSTERS = 100
EXACT_SILHOUETTE_LIMIT = 2000
K_MARGIN = 0.02  # a larger k must beat the smaller ones' silhouette by more than this
COLD_RUNS = 10  # k-means restarts of each k without a warm start (each from k-means++ seeding)


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class GroupState:
    """k-means centres of one run, to start the next from (see the module docstring)."""

    base_centres: FloatArray | None = None
    centres: Mapping[int, FloatArray] = field(default_factory=dict)  # k -> (k, 2), before merging


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class Grouping:
    """Groups of the clustered participants (`labels` aligned with the points given)."""

    labels: IntArray  # group of each point, 0..k-1; all -1 when nobody is grouped
    centres: FloatArray  # (k, 2) mean place of each group's members
    sizes: tuple[int, ...]
    silhouettes: Mapping[int, float]  # k tried -> silhouette of its k-means groups (before merging)
    smallest: Mapping[int, int]  # k tried -> size of its smallest k-means group
    reason: str  # why this k, in words
    merged: bool = False  # small groups were merged into their nearest group
    single_group: bool = False  # everything merged into one group
    too_few: bool = False  # too few participants (or places) to form groups
    state: GroupState = field(default_factory=GroupState)

    @property
    def k(self) -> int:
        return len(self.sizes)


def clustered_mask(
    n_votes: IntArray, n_statements: int, min_votes: int = DEFAULT_MIN_VOTES
) -> npt.NDArray[np.bool_]:
    """Who is clustered: at least ``min(min_votes, n_statements)`` votes (and at least one)."""
    threshold = max(1, min(min_votes, n_statements))
    return np.asarray(n_votes) >= threshold


def single_threaded(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with OpenMP and BLAS on one thread. k-means on a few thousand 2-D points and the small
    dense steps of the PCA gain nothing from threads, and their threads' spinning costs up to ten times
    the work on a busy machine (a web server's); scipy's sparse products are single-threaded anyway."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with threadpool_limits(limits=1):
            return fn(*args, **kwargs)

    return wrapper


@single_threaded
def cluster(
    points: FloatArray,
    *,
    k_min: int = 2,
    k_max: int = 5,
    min_group_size: int = 1,
    seed: int = 0,
    previous: GroupState | None = None,
    k_margin: float = K_MARGIN,
    base_clusters: int = BASE_CLUSTERS,
    exact_silhouette_limit: int = EXACT_SILHOUETTE_LIMIT,
) -> Grouping:
    """Group `points` (n x 2); see the module docstring for the rules."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    n = len(points)
    previous = previous or GroupState()
    distinct = len(np.unique(points, axis=0)) if n else 0
    if n < 2 * min_group_size or distinct < 2 or n < 3:
        why = (
            f"{n} participants clustered, fewer than {max(2 * min_group_size, 3)}: no groups shown"
            if n < max(2 * min_group_size, 3)
            else f"the {n} clustered participants sit on {distinct} place: no groups shown"
        )
        return _nobody(n, why)

    base_state: FloatArray | None = None
    if n > base_clusters:
        base = _kmeans(points, min(base_clusters, distinct), None, seed, previous.base_centres, runs=1)
        base_state = base.cluster_centers_
        sizes = np.bincount(base.labels_, minlength=len(base_state))
        used = np.flatnonzero(sizes)  # k-means leaves no cluster empty; skipped safely all the same
        base_of = (np.cumsum(sizes > 0) - 1)[base.labels_]
        targets, weights = base_state[used], sizes[used].astype(np.float64)
        targets_distinct = len(np.unique(targets, axis=0))
    else:
        base_of, targets, weights, targets_distinct = np.arange(n), points, np.ones(n), distinct

    smallest: dict[int, int] = {}
    labels_by_k: dict[int, IntArray] = {}
    state: dict[int, FloatArray] = {}
    for k in range(max(2, k_min), min(k_max, targets_distinct, n - 1) + 1):
        fit = _kmeans(targets, k, weights, seed, previous.centres.get(k))
        labels = fit.labels_[base_of].astype(np.int64)
        if len(np.unique(labels)) < 2:
            continue
        state[k] = fit.cluster_centers_
        labels_by_k[k] = labels
        smallest[k] = int(np.bincount(labels).min())
    scores = silhouette(points, [labels_by_k[k] for k in labels_by_k], exact_silhouette_limit, seed)
    silhouettes = dict(zip(labels_by_k, scores, strict=True))
    group_state = GroupState(base_state, state)
    if not silhouettes:
        return _nobody(n, f"no k from {k_min} to {k_max} could be tried on {n} participants", group_state)

    fitting = [k for k in silhouettes if smallest[k] >= min_group_size]
    if fitting:
        chosen = _parsimonious(silhouettes, fitting, k_margin)
        reason = _why(chosen, silhouettes, fitting, k_margin)
        if chosen != _parsimonious(silhouettes, list(silhouettes), k_margin):
            reason += f" among the k whose groups all have at least {min_group_size} participants"
            for k in sorted(set(silhouettes) - set(fitting)):  # those that would have won
                if silhouettes[k] >= silhouettes[chosen] - k_margin:
                    reason += f"; k={k} ({silhouettes[k]:.2f}) left a group of {smallest[k]}"
                    reason += f", below {min_group_size}"
        return _numbered(points, labels_by_k[chosen], silhouettes, smallest, reason, group_state)

    best = _parsimonious(silhouettes, list(silhouettes), k_margin)
    labels, merges = _merge_small(points, labels_by_k[best], min_group_size)
    reason = (
        f"no k left every group with at least {min_group_size} participants; "
        f"{_why(best, silhouettes, list(silhouettes), k_margin)}; "
        f"{merges} group(s) below {min_group_size} joined the nearest group"
    )
    single = len(np.unique(labels)) == 1
    if single:
        reason += ": everyone is in one group"
    return _numbered(points, labels, silhouettes, smallest, reason, group_state, merged=True, single=single)


def _parsimonious(silhouettes: Mapping[int, float], candidates: list[int], margin: float) -> int:
    """The smallest candidate k whose silhouette is within `margin` of the best candidate's."""
    top = max(silhouettes[k] for k in candidates)
    return min(k for k in candidates if silhouettes[k] >= top - margin)


def _why(chosen: int, silhouettes: Mapping[int, float], candidates: list[int], margin: float) -> str:
    best = min(candidates, key=lambda k: (-silhouettes[k], k))
    if best == chosen:
        return f"k={chosen} had the best silhouette ({silhouettes[chosen]:.2f})"
    return (
        f"k={chosen} (silhouette {silhouettes[chosen]:.3f}) is within {margin} of the best, k={best} "
        f"({silhouettes[best]:.3f}): the fewer groups are kept"
    )


def silhouette(points: FloatArray, labelings: list[IntArray], limit: int, seed: int) -> list[float]:
    """The mean silhouette of each labelling of `points` (as sklearn's `silhouette_score`).

    Exact up to `limit` points; else over the `limit` points that
    ``silhouette_score(..., sample_size=limit, random_state=seed)`` would draw. The distances between
    the points used are computed once for all labellings. -1 (the worst) for a labelling of which the
    sample holds a single group (its other groups have fewer than about n / limit members).
    """
    from scipy import spatial  # here, not at the top: see _kmeans

    if len(points) > limit:
        pick = np.random.RandomState(seed).permutation(len(points))[:limit]
        points, labelings = points[pick], [labels[pick] for labels in labelings]
    distance = spatial.distance.cdist(points, points)
    scores = []
    for labels in labelings:
        present, labels = np.unique(labels, return_inverse=True)
        if len(present) < 2:
            scores.append(-1.0)
            continue
        onehot = np.zeros((len(labels), len(present)))
        onehot[np.arange(len(labels)), labels] = 1.0
        sums = distance @ onehot  # point x group: total distance to the group's members
        sizes = onehot.sum(axis=0)
        own = sizes[labels]
        inside = np.divide(
            sums[np.arange(len(labels)), labels], own - 1, out=np.zeros(len(labels)), where=own > 1
        )
        means = sums / sizes
        means[np.arange(len(labels)), labels] = np.inf
        nearest = means.min(axis=1)
        spread = np.maximum(inside, nearest)
        value = np.divide(nearest - inside, spread, out=np.zeros(len(labels)), where=spread > 0)
        scores.append(float(np.where(own > 1, value, 0.0).mean()))
    return scores


def _kmeans(
    points: FloatArray,
    k: int,
    weights: FloatArray | None,
    seed: int,
    start: FloatArray | None,
    runs: int = COLD_RUNS,
) -> KMeans:
    """k-means from `start` when it fits (one run), else the best of `runs` runs from k-means++."""
    # imported here, not at the top: scikit-learn takes ~2 s to import, and every start of the web app
    # imports this module (through the URLs)
    from sklearn.cluster import KMeans

    if start is not None and start.shape == (k, points.shape[1]) and np.isfinite(start).all():
        model = KMeans(n_clusters=k, init=start, n_init=1, random_state=seed)
    else:
        model = KMeans(n_clusters=k, init="k-means++", n_init=runs, random_state=seed)
    return model.fit(points, sample_weight=weights)


def _merge_small(points: FloatArray, labels: IntArray, min_size: int) -> tuple[IntArray, int]:
    """Repeatedly move the smallest group below `min_size` into the group with the nearest centre."""
    labels = labels.copy()
    merges = 0
    while True:
        present = np.unique(labels)
        sizes = np.array([(labels == g).sum() for g in present])
        if len(present) < 2 or sizes.min() >= min_size:
            return labels, merges
        centres = np.array([points[labels == g].mean(axis=0) for g in present])
        small = min(range(len(present)), key=lambda i: (sizes[i], centres[i][0], centres[i][1], i))
        distance = np.linalg.norm(centres - centres[small], axis=1)
        distance[small] = np.inf
        labels[labels == present[small]] = present[int(np.argmin(distance))]
        merges += 1


def _numbered(
    points: FloatArray,
    labels: IntArray,
    silhouettes: Mapping[int, float],
    smallest: Mapping[int, int],
    reason: str,
    state: GroupState,
    *,
    merged: bool = False,
    single: bool = False,
) -> Grouping:
    """Renumber the groups 0..k-1 by size (largest first), then centre x, then centre y."""
    present = np.unique(labels)
    centres = np.array([points[labels == g].mean(axis=0) for g in present])
    sizes = np.array([(labels == g).sum() for g in present])
    order = sorted(range(len(present)), key=lambda i: (-sizes[i], centres[i][0], centres[i][1]))
    new_of = np.empty(int(present.max()) + 1, dtype=np.int64)
    new_of[present[order]] = np.arange(len(order))
    return Grouping(
        labels=new_of[labels],
        centres=centres[order],
        sizes=tuple(int(sizes[i]) for i in order),
        silhouettes=dict(silhouettes),
        smallest=dict(smallest),
        reason=reason,
        merged=merged,
        single_group=single,
        state=state,
    )


def _nobody(n: int, reason: str, state: GroupState | None = None) -> Grouping:
    empty = np.full(n, -1, dtype=np.int64)
    return Grouping(empty, np.zeros((0, 2)), (), {}, {}, reason, too_few=True, state=state or GroupState())
