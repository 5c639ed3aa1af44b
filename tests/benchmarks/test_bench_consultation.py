"""The consultation benchmark's generator, baseline and report, on a tiny size (the figures themselves are
what `python -m benchmarks consultation` reports)."""

from __future__ import annotations

import re

import numpy as np
from benchmarks.harness import Result
from sklearn.metrics import adjusted_rand_score

from benchmarks import consultation as bench
from multitrack.core.consultation import analyse


def test_planted_votes_are_deterministic_and_the_latest_vote_is_the_planted_one():
    data = bench.planted((30, 20), 12, seed=5, revote=0.2)
    again = bench.planted((30, 20), 12, seed=5, revote=0.2)
    assert np.array_equal(data.values, again.values) and np.array_equal(data.group_of, again.group_of)
    assert not np.array_equal(data.values, bench.planted((30, 20), 12, seed=6, revote=0.2).values)
    assert sorted(np.bincount(data.group_of).tolist()) == [20, 30]
    matrix = data.matrix()
    assert len(data.values) > len(matrix)  # some pairs were voted twice
    last: dict[tuple[int, int], int] = {}
    for p, s, v in zip(
        data.participants.tolist(), data.statements.tolist(), data.values.tolist(), strict=True
    ):
        last[(p, s)] = v
    assert all(matrix.vote(p, s) == v for (p, s), v in last.items())
    assert set(np.unique(data.values).tolist()) <= {-1, 0, 1}
    assert bench.group_sizes(10_000) == [5000, 3000, 2000]


def test_the_baseline_computes_the_same_components_and_groups():
    data = bench.planted((120, 80, 60), 40, seed=3, density=0.6)
    matrix = data.matrix()
    votes = matrix.votes(range(40))
    ids = np.array(votes.participants)
    out = bench.baseline(ids[votes.rows], votes.cols, votes.values, (len(ids), 40))
    result = analyse(matrix, statements=range(40))
    loadings = np.array([r.loadings for r in result.statement_results]).T
    assert bench._same_components(loadings, out["components"]) < 1e-8
    assert out["k"] == result.k == 3
    ours = {p.participant: p.group for p in result.clustered}
    assert sorted(ours) == np.flatnonzero(np.array(out["group"]) >= 0).tolist()  # the same 7-vote rule
    assert (
        adjusted_rand_score([ours[i] for i in sorted(ours)], [out["group"][i] for i in sorted(ours)]) == 1.0
    )
    assert adjusted_rand_score(data.group_of[sorted(ours)], [ours[i] for i in sorted(ours)]) > 0.95


def test_the_report_runs_end_to_end_on_a_tiny_size():
    lines = bench.run(participants=300, statements=40, repeat=1)
    results = [line for line in lines if isinstance(line, Result)]
    assert len(results) == 2 and all(r.workload_s > 0 and r.baseline_s > 0 for r in results)
    text = "\n".join(line.line() for line in lines)
    assert "300 participants x 40 statements" in text
    ari = re.search(r"ARI against the planted groups ([0-9.]+); baseline k=3, ARI ([0-9.]+)", text)
    assert ari and float(ari[1]) > 0.8 and float(ari[2]) > 0.8, text
    assert "components match" in text and "peak RSS" in text
