"""`analyse`: from a vote matrix to opinion groups and what they stand for, as Pol.is does it.

Steps: the latest votes on the statements analysed (`VoteMatrix.votes`), principal components with
missing votes imputed (`pca`), the participants with enough votes grouped (`groups.cluster`), then the
representative, consensus and divisive statements (`repness`). Each module's docstring states its rules.

Promises:

* small data never raises: an empty matrix, one statement or three participants give an `Analysis` with
  0 groups and a flag saying why ("too_few_participants" ...);
* every shown group has at least `min_group_size` members, unless the flag "single_group" says that
  everyone was merged into one group (which then holds at least ``2 * min_group_size``);
* the result is a function of the votes, the parameters and `seed`, and of `previous` when given (the
  last analysis): the PCA then starts from its components and ends at the same components (up to the
  tolerance), sooner; k-means starts from its centres (see `groups`), which may settle a borderline
  participant, or even k when two silhouettes are within a hair, otherwise than a cold run would.
  Nothing else is carried over;
* everything is plain data (frozen dataclasses, tuples, numpy arrays) and `summary()` is JSON-ready.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from multitrack.core.consultation.groups import (
    DEFAULT_MIN_VOTES,
    K_MARGIN,
    GroupState,
    cluster,
    clustered_mask,
    single_threaded,
)
from multitrack.core.consultation.matrix import VoteMatrix
from multitrack.core.consultation.pca import FloatArray, pca
from multitrack.core.consultation.repness import (
    MIN_SEEN,
    Consensus,
    Divisive,
    Representative,
    consensus,
    divisive,
    group_counts,
    representative,
)

TOO_FEW_PARTICIPANTS = "too_few_participants"  # nobody grouped (fewer than 2 x min_group_size, ...)
SMALL_GROUPS_MERGED = "small_groups_merged"  # groups below min_group_size joined their nearest group
SINGLE_GROUP = "single_group"  # everything merged into one group
PCA_NOT_CONVERGED = "pca_not_converged"  # the components are the last iterate, not converged to tol


@dataclass(frozen=True)
class Placement:
    """A participant on the opinion map; `group` is None for those not clustered (shown greyed)."""

    participant: Hashable
    x: float
    y: float
    group: int | None
    n_votes: int


@dataclass(frozen=True)
class Group:
    """An opinion group as shown: numbered 0..k-1 by size, with its representative statements."""

    id: int
    size: int
    centre: tuple[float, float]
    representative: tuple[Representative, ...]


@dataclass(frozen=True)
class StatementResult:
    """Overall votes on a statement (every participant) and its place on the map."""

    statement: Hashable
    agree: int
    disagree: int
    passes: int
    seen: int
    mean: float
    loadings: tuple[float, float]


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class WarmStart:
    """What the next analysis starts from: components (aligned with `statements`) and k-means centres."""

    statements: tuple[Hashable, ...]
    components: FloatArray
    groups: GroupState


@dataclass(frozen=True)
class Analysis:
    """Everything the app shows and explains about one analysis (see the module docstring)."""

    statements: tuple[Hashable, ...]
    clustered: tuple[Placement, ...]  # participants with at least `min_votes` votes, with their group
    unclustered: tuple[Placement, ...]  # the others with at least one vote (group None)
    groups: tuple[Group, ...]
    silhouettes: Mapping[int, float]  # k tried -> silhouette (before any merging)
    reason: str  # why this k, in words
    consensus_agree: tuple[Consensus, ...]
    consensus_disagree: tuple[Consensus, ...]
    divisive: tuple[Divisive, ...]
    statement_results: tuple[StatementResult, ...]
    explained_variance: tuple[float, float]
    min_votes: int  # the threshold applied: min(min_votes, number of statements)
    min_group_size: int
    flags: frozenset[str] = frozenset()
    warm: WarmStart | None = field(default=None, repr=False, compare=False)  # give back as `previous`

    @property
    def k(self) -> int:
        return len(self.groups)

    def summary(self) -> dict[str, Any]:
        """The JSON-ready gist: consensus lists agree then disagree statements."""
        return {
            "participants": len(self.clustered),
            "groups": self.k,
            "assignments": [
                {"participant": p.participant, "group": p.group}
                for p in self.clustered
                if p.group is not None
            ],
            "consensus": [c.statement for c in (*self.consensus_agree, *self.consensus_disagree)],
            "representative": {str(g.id): [r.statement for r in g.representative] for g in self.groups},
        }


@single_threaded
def analyse(
    matrix: VoteMatrix,
    *,
    statements: Iterable[Hashable] | None = None,
    min_votes: int = DEFAULT_MIN_VOTES,
    k_min: int = 2,
    k_max: int = 5,
    k_margin: float = K_MARGIN,
    min_group_size: int = 1,
    max_representative: int = 5,
    min_seen: int = MIN_SEEN,
    seed: int = 0,
    previous: Analysis | None = None,
) -> Analysis:
    """Opinion groups of `matrix` on `statements` (default: all) and what they stand for.

    `min_votes`: votes a participant needs to be clustered (capped at the number of statements);
    `k_margin`: how much better a larger k's silhouette must be (see `groups`);
    `min_group_size`: the smallest group shown (the small-cell threshold); `min_seen`: votes a group
    needs on a statement before the statement may represent it or count as consensus or divisive.
    """
    votes = matrix.votes(statements)
    n_statements = len(votes.statements)
    warm = previous.warm if previous is not None else None
    projection = pca(votes, start=_aligned(warm, votes.statements), seed=seed)
    n_votes = votes.n_votes
    mask = clustered_mask(n_votes, n_statements, min_votes)
    grouping = cluster(
        projection.coordinates[mask],
        k_min=k_min,
        k_max=k_max,
        k_margin=k_margin,
        min_group_size=min_group_size,
        seed=seed,
        previous=warm.groups if warm is not None else None,
    )
    group_of = np.full(len(votes.participants), -1, dtype=np.int64)
    group_of[mask] = grouping.labels
    counts = group_counts(
        group_of,
        grouping.k,
        votes.indicator("seen"),
        votes.indicator("agree"),
        votes.indicator("disagree"),
        votes.statements,
    )
    reps = representative(counts, max_per_group=max_representative, min_seen=min_seen)
    agree, disagree = consensus(counts, limit=max_representative, min_seen=min_seen)

    xy = projection.coordinates
    placements = [
        Placement(
            p, float(xy[i, 0]), float(xy[i, 1]), int(group_of[i]) if group_of[i] >= 0 else None, int(nv)
        )
        for i, (p, nv) in enumerate(zip(votes.participants, n_votes.tolist(), strict=True))
    ]
    overall = votes.counts()
    flags = {
        TOO_FEW_PARTICIPANTS: grouping.too_few,
        SMALL_GROUPS_MERGED: grouping.merged,
        SINGLE_GROUP: grouping.single_group,
        PCA_NOT_CONVERGED: not projection.converged,
    }
    return Analysis(
        statements=votes.statements,
        clustered=tuple(p for p, m in zip(placements, mask.tolist(), strict=True) if m),
        unclustered=tuple(p for p, m in zip(placements, mask.tolist(), strict=True) if not m),
        groups=tuple(
            Group(g, size, (float(grouping.centres[g, 0]), float(grouping.centres[g, 1])), reps[g])
            for g, size in enumerate(grouping.sizes)
        ),
        silhouettes=grouping.silhouettes,
        reason=grouping.reason,
        consensus_agree=agree,
        consensus_disagree=disagree,
        divisive=divisive(counts, limit=max_representative, min_seen=min_seen),
        statement_results=tuple(
            StatementResult(
                statement=s,
                agree=int(overall["agree"][j]),
                disagree=int(overall["disagree"][j]),
                passes=int(overall["pass"][j]),
                seen=int(overall["seen"][j]),
                mean=float(projection.means[j]),
                loadings=(float(projection.components[0, j]), float(projection.components[1, j])),
            )
            for j, s in enumerate(votes.statements)
        ),
        explained_variance=(float(projection.explained_variance[0]), float(projection.explained_variance[1])),
        min_votes=max(1, min(min_votes, n_statements)),
        min_group_size=min_group_size,
        flags=frozenset(name for name, on in flags.items() if on),
        warm=WarmStart(votes.statements, projection.components, grouping.state),
    )


def _aligned(warm: WarmStart | None, statements: tuple[Hashable, ...]) -> FloatArray | None:
    """The previous components re-indexed to `statements` (0 for a statement new to this analysis)."""
    if warm is None or not statements:
        return None
    at = {s: j for j, s in enumerate(warm.statements)}
    start = np.zeros((warm.components.shape[0], len(statements)))
    for j, s in enumerate(statements):
        if s in at:
            start[:, j] = warm.components[:, at[s]]
    return start
