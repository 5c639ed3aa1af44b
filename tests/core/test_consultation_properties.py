"""Properties of `analyse` on generated consultations larger than its internal sizes (more than 100
participants, so that the base-cluster path runs; sometimes more statements than the PCA block)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from benchmarks.consultation import planted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.core.consultation import SINGLE_GROUP, TOO_FEW_PARTICIPANTS, analyse
from multitrack.core.consultation.groups import BASE_CLUSTERS
from multitrack.core.consultation.pca import OVERSAMPLE


@st.composite
def consultations(draw):
    groups = draw(st.lists(st.integers(1, 150), min_size=1, max_size=4))
    if sum(groups) <= BASE_CLUSTERS:
        groups.append(BASE_CLUSTERS + 1 - sum(groups))
    n_statements = draw(st.integers(3, 3 * (2 + OVERSAMPLE)))
    data = planted(
        groups,
        n_statements,
        density=draw(st.floats(0.05, 0.9)),
        follow=draw(st.floats(0.4, 0.95)),
        seed=draw(st.integers(0, 2**32 - 1)),
    )
    subset = draw(st.none() | st.lists(st.integers(0, n_statements - 1), min_size=1, unique=True))
    return data, subset


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    consultations(),
    st.integers(1, 9),  # min_votes
    st.integers(1, 12),  # min_group_size
    st.integers(2, 5),  # k_max
)
def test_who_is_grouped_and_how_big_groups_are(case, min_votes, min_group_size, k_max):
    data, subset = case
    matrix = data.matrix()
    result = analyse(
        matrix, statements=subset, min_votes=min_votes, min_group_size=min_group_size, k_max=k_max
    )

    analysed = set(matrix.statements if subset is None else subset)
    votes = Counter(p for p, s in zip(data.participants.tolist(), data.statements.tolist(), strict=True))
    latest = {
        (p, s)
        for p, s in zip(data.participants.tolist(), data.statements.tolist(), strict=True)
        if s in analysed
    }
    per_participant = Counter(p for p, _ in latest)
    threshold = min(min_votes, len(analysed))
    assert result.min_votes == threshold
    # clustered: exactly those with enough votes on the statements analysed; the others are greyed
    assert {p.participant for p in result.clustered} == {
        p for p, n in per_participant.items() if n >= threshold
    }
    assert {p.participant for p in result.unclustered} == {
        p for p, n in per_participant.items() if n < threshold
    }
    assert all(per_participant[p.participant] == p.n_votes for p in (*result.clustered, *result.unclustered))
    assert set(votes) >= set(per_participant)

    summary = result.summary()
    if result.k == 0:
        assert TOO_FEW_PARTICIPANTS in result.flags and summary["assignments"] == []
    else:
        # every clustered participant is in exactly one shown group
        assert [a["participant"] for a in summary["assignments"]] == [p.participant for p in result.clustered]
        assert [g.id for g in result.groups] == list(range(result.k))
        assert sorted(Counter(a["group"] for a in summary["assignments"]).items()) == [
            (g.id, g.size) for g in result.groups
        ]
        assert 1 <= result.k <= k_max
        if SINGLE_GROUP in result.flags:
            assert result.k == 1 and result.groups[0].size >= 2 * min_group_size
        else:
            assert all(g.size >= min_group_size for g in result.groups)
        sizes = [g.size for g in result.groups]
        assert sizes == sorted(sizes, reverse=True)
    for g in result.groups:
        for r in g.representative:
            assert r.ns >= 3 and r.statement in analysed
            if r.direction == "agree":
                assert r.pat > 1.2816 and r.rat > 1.2816
            else:
                assert r.pdt > 1.2816 and r.rdt > 1.2816
    for c in (*result.consensus_agree, *result.consensus_disagree):
        assert all(p > 0.5 for p in c.by_group) and all(n >= 3 for n in c.seen)
    assert np.isfinite([p.x for p in result.clustered] + [p.y for p in result.clustered]).all()
