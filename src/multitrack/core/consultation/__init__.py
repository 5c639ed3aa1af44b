"""Consultations: participants vote agree / disagree / pass on statements; Pol.is-style opinion groups.

`VoteMatrix` holds the latest votes; `analyse` turns them into an `Analysis` (the opinion map, groups,
representative, consensus and divisive statements, each with the numbers that explain it). Pure: no
Django, no I/O. The rules are stated in the docstrings of `pca`, `groups`, `repness` and `analysis`.
"""

from multitrack.core.consultation.analysis import (
    PCA_NOT_CONVERGED,
    SINGLE_GROUP,
    SMALL_GROUPS_MERGED,
    TOO_FEW_PARTICIPANTS,
    Analysis,
    Group,
    Placement,
    StatementResult,
    WarmStart,
    analyse,
)
from multitrack.core.consultation.groups import Grouping, GroupState, cluster, clustered_mask
from multitrack.core.consultation.matrix import VoteError, VoteMatrix, Votes
from multitrack.core.consultation.pca import Projection, pca
from multitrack.core.consultation.repness import (
    Consensus,
    Divisive,
    GroupCounts,
    Representative,
    consensus,
    divisive,
    group_counts,
    prop_test,
    representative,
    two_prop_test,
)

__all__ = [
    "PCA_NOT_CONVERGED",
    "SINGLE_GROUP",
    "SMALL_GROUPS_MERGED",
    "TOO_FEW_PARTICIPANTS",
    "Analysis",
    "Consensus",
    "Divisive",
    "Group",
    "GroupCounts",
    "GroupState",
    "Grouping",
    "Placement",
    "Projection",
    "Representative",
    "StatementResult",
    "VoteError",
    "VoteMatrix",
    "Votes",
    "WarmStart",
    "analyse",
    "cluster",
    "clustered_mask",
    "consensus",
    "divisive",
    "group_counts",
    "pca",
    "prop_test",
    "representative",
    "two_prop_test",
]
