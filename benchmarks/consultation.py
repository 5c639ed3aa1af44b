"""Consultation analysis at scale: Pol.is-style opinion groups of 10,000 participants x 1,000 statements.

Votes (generated at run time from a seed, nothing stored): `PARTICIPANTS` (default 10,000) participants
in three planted opinion groups (50/30/20 %), `STATEMENTS` (default 1,000) statements, each
participant voting on a random 30 % of them (≈ 3 million votes). Every group has a stance on every
statement (agree, disagree or none: 40/40/20 %); a participant follows their group's stance 80 % of the
time, passes 10 %, votes against it 10 % (no stance: agree, pass or disagree at random). 2 % of the
votes are preceded by an earlier, different vote on the same statement, so "the latest vote counts"
is exercised. Votes come in a random chronological order.

Workload: `VoteMatrix.from_votes` (timed apart), then `analyse(matrix, min_group_size=5)`: sparse PCA,
k-means with 100 base clusters and k = 2..5 by sampled silhouette, representative/consensus/divisive
statements. Incremental: `NEW_VOTES` (100) more votes with `VoteMatrix.add`, then
`analyse(..., previous=last)`, which starts the PCA and k-means from the last result.

Baseline (the straightforward version): the same latest votes written into a dense float matrix with
NaN for missing votes, column-mean imputation, centring, a full `numpy.linalg.svd`, the same
sparsity-aware scaling, sklearn `KMeans` (n_init=10) on all participants for k = 2..5 with the exact
silhouette, and the group counts with dense boolean masks. It runs on the full size unless
MULTITRACK_BENCH_CONSULTATION_BASELINE_PARTICIPANTS says fewer (then on the first participants only).

Each side runs `REPEAT` times in its own fresh process (median kept), after an untimed warm-up on a
small matrix (imports, first calls); `analyse` runs on one thread by design, the baseline's SVD uses
every core numpy's BLAS gives it. Peak memory is the process's `ru_maxrss` and its rise over the
resident size before the analyses. The groups found are checked
against the planted ones (adjusted Rand index) and the two sides' components against each other.

Environment: MULTITRACK_BENCH_CONSULTATION_PARTICIPANTS, _STATEMENTS, _REPEAT, _BASELINE_PARTICIPANTS.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.harness import Line, Result
from multitrack.core.consultation import VoteMatrix, analyse

PARTICIPANTS = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_PARTICIPANTS", "10000"))
STATEMENTS = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_STATEMENTS", "1000"))
REPEAT = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_REPEAT", "3"))
BASELINE_PARTICIPANTS = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_BASELINE_PARTICIPANTS", "0"))
DENSITY = 0.3
GROUP_SHARES = (0.5, 0.3, 0.2)
NEW_VOTES = 100
MIN_GROUP_SIZE = 5
SEED = 20250612
TARGET_S = 10.0
MEMORY_LIMIT_GB = 2.0


@dataclass(frozen=True)
class Planted:
    """Votes in chronological order (participant i belongs to group ``group_of[i]``)."""

    participants: Any  # int64 ids 0..n-1
    statements: Any  # int64 ids 0..m-1
    values: Any  # int8 in {-1, 0, 1}
    group_of: Any  # (n,) planted group of each participant
    stance: Any  # (groups, m) in {-1, 0, 1}

    def matrix(self) -> VoteMatrix:
        return VoteMatrix.from_votes(self.participants, self.statements, self.values)


def planted(
    sizes: Sequence[int],
    n_statements: int,
    *,
    stance: Any = None,
    density: float = DENSITY,
    follow: float = 0.8,
    revote: float = 0.02,
    seed: int = SEED,
) -> Planted:
    """Votes of planted opinion groups of the given sizes (see the module docstring).

    `stance` (groups x statements, -1/0/1) is drawn when not given; every participant votes on each
    statement with probability `density` (at least one statement).
    """
    rng = np.random.default_rng(seed)
    m = n_statements
    if stance is None:
        stance = rng.choice(np.array([-1, 0, 1]), size=(len(sizes), m), p=[0.4, 0.2, 0.4])
    stance = np.asarray(stance, dtype=np.int64)
    group_of = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    n = len(group_of)
    rows_parts, cols_parts = [], []
    for lo in range(0, n, 1000):  # a block of rows at a time: never an n x m array of floats
        hi = min(n, lo + 1000)
        mask = rng.random((hi - lo, m)) < density
        mask[np.arange(hi - lo), rng.integers(0, m, hi - lo)] = True
        r, c = np.nonzero(mask)
        rows_parts.append(r + lo)
        cols_parts.append(c)
    rows, cols = np.concatenate(rows_parts), np.concatenate(cols_parts)
    want = stance[group_of[rows], cols]
    u = rng.random(len(rows))
    values = np.where(u < follow, want, np.where(u < follow + (1 - follow) / 2, 0, -want))
    values = np.where(want == 0, rng.integers(-1, 2, len(rows)), values).astype(np.int8)
    order = rng.permutation(len(rows))
    rows, cols, values = rows[order], cols[order], values[order]
    earlier = np.flatnonzero(rng.random(len(rows)) < revote)  # overridden by the votes above
    first = ((values[earlier] + 2) % 3 - 1).astype(np.int8)  # a different value
    return Planted(
        participants=np.concatenate([rows[earlier], rows]).astype(np.int64),
        statements=np.concatenate([cols[earlier], cols]).astype(np.int64),
        values=np.concatenate([first, values]),
        group_of=group_of,
        stance=stance,
    )


def group_sizes(n: int, shares: Sequence[float] = GROUP_SHARES) -> list[int]:
    sizes = [int(n * s) for s in shares]
    sizes[0] += n - sum(sizes)
    return sizes


def baseline(rows: Any, cols: Any, values: Any, shape: tuple[int, int], seed: int = 0) -> dict[str, Any]:
    """The straightforward version on deduplicated votes (see the module docstring)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n, m = shape
    dense = np.full((n, m), np.nan)
    dense[rows, cols] = values
    seen = ~np.isnan(dense)
    means = np.divide(np.nansum(dense, axis=0), seen.sum(axis=0), out=np.zeros(m), where=seen.any(axis=0))
    centred = np.where(seen, dense, means) - means
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    n_votes = seen.sum(axis=1)
    xy = centred @ components.T * np.sqrt(m / np.maximum(n_votes, 1))[:, None]
    clustered = n_votes >= min(7, m)
    points = xy[clustered]
    best: tuple[float, int, Any] = (-2.0, 0, None)
    for k in range(2, 6):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)
        score = float(silhouette_score(points, labels))
        if score > best[0]:
            best = (score, k, labels)
    members = dense[clustered]
    counts = [
        ((members[best[2] == g] == 1).sum(axis=0), (members[best[2] == g] == -1).sum(axis=0))
        for g in range(best[1])
    ]
    group = np.full(n, -1)
    group[clustered] = best[2]
    return {"components": components, "group": group, "k": best[1], "counts": counts}


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _ours(data: Any, repeat: int) -> dict[str, Any]:
    analyse(planted((150, 100), 30, seed=SEED + 2).matrix())  # first-call costs are not the workload's
    start = time.perf_counter()
    matrix = VoteMatrix.from_votes(data["participants"], data["statements"], data["values"])
    build_s = time.perf_counter() - start
    before = _rss_bytes()
    times, warm_times = [], []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = analyse(matrix, min_group_size=MIN_GROUP_SIZE)
        times.append(time.perf_counter() - start)
    analyse_rise = _maxrss_bytes() - before
    assert result is not None
    rng = np.random.default_rng(SEED + 1)
    n, m = len(matrix.participants), len(matrix.statements)
    last = result
    for _ in range(repeat):
        new = rng.integers(0, n, NEW_VOTES), rng.integers(0, m, NEW_VOTES), rng.integers(-1, 2, NEW_VOTES)
        for p, s, v in zip(*new, strict=True):
            matrix.add(int(p), int(s), int(v))
        start = time.perf_counter()
        last = analyse(matrix, min_group_size=MIN_GROUP_SIZE, previous=last)
        warm_times.append(time.perf_counter() - start)
    group = np.full(n, -1)
    for placement in result.clustered:
        group[int(placement.participant)] = -1 if placement.group is None else placement.group
    components = np.array([[0.0] * m, [0.0] * m])
    for r in result.statement_results:  # statement ids are 0..m-1
        components[:, int(r.statement)] = r.loadings
    return {
        "build_s": build_s,
        "times": times,
        "warm_times": warm_times,
        "k": result.k,
        "k_warm": last.k,
        "reason": result.reason,
        "group": group.tolist(),
        "components": components.tolist(),
        "votes": len(matrix),
        "matrix_bytes": matrix.nbytes,
        "analyse_rise": analyse_rise,
        "peak": _maxrss_bytes(),
    }


def _baseline(data: Any, repeat: int, limit: int) -> dict[str, Any]:
    matrix = VoteMatrix.from_votes(data["participants"], data["statements"], data["values"])  # untimed
    votes = matrix.votes(range(len(matrix.statements)))
    ids = np.array(votes.participants)
    keep = ids[votes.rows] < limit
    rows, cols, values = ids[votes.rows][keep], votes.cols[keep], votes.values[keep]
    shape = (min(limit, len(ids)), len(votes.statements))
    del matrix, votes
    small = planted((150, 100), 30, seed=SEED + 2)  # first-call costs are not the workload's
    baseline(small.participants, small.statements, small.values, (250, 30))
    before = _rss_bytes()
    times = []
    out: dict[str, Any] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        out = baseline(rows, cols, values, shape)
        times.append(time.perf_counter() - start)
    return {
        "times": times,
        "k": out["k"],
        "group": out["group"].tolist(),
        "components": out["components"].tolist(),
        "analyse_rise": _maxrss_bytes() - before,
        "peak": _maxrss_bytes(),
        "participants": shape[0],
    }


def _child(side: str, folder: Path) -> None:
    data = np.load(folder / "votes.npz")
    repeat = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_CHILD_REPEAT", str(REPEAT)))
    if side == "ours":
        result = _ours(data, repeat)
    else:
        limit = int(os.environ.get("MULTITRACK_BENCH_CONSULTATION_CHILD_LIMIT", "0")) or 10**12
        result = _baseline(data, repeat, limit)
    (folder / f"{side}.json").write_text(json.dumps(result))


def run_side(side: str, folder: Path, repeat: int = REPEAT, limit: int = 0) -> dict[str, Any]:
    """One side in a fresh process (votes read from `folder`/votes.npz); its JSON result."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["MULTITRACK_BENCH_CONSULTATION_CHILD_REPEAT"] = str(repeat)
    env["MULTITRACK_BENCH_CONSULTATION_CHILD_LIMIT"] = str(limit)
    subprocess.run(
        [sys.executable, "-m", "benchmarks.consultation", side, str(folder)], cwd=root, env=env, check=True
    )
    result: dict[str, Any] = json.loads((folder / f"{side}.json").read_text())
    return result


def save(data: Planted, folder: Path) -> None:
    np.savez(
        folder / "votes.npz", participants=data.participants, statements=data.statements, values=data.values
    )


def _ari(a: Any, b: Any) -> float:
    from sklearn.metrics import adjusted_rand_score

    a, b = np.asarray(a), np.asarray(b)
    both = (a >= 0) & (b >= 0)
    return float(adjusted_rand_score(a[both], b[both])) if both.any() else float("nan")


def _same_components(a: Any, b: Any) -> float:
    """The largest difference between matching components, up to sign."""
    a, b = np.asarray(a), np.asarray(b)
    return float(max(min(np.abs(x - y).max(), np.abs(x + y).max()) for x, y in zip(a, b, strict=True)))


def run(
    participants: int = PARTICIPANTS,
    statements: int = STATEMENTS,
    repeat: int = REPEAT,
    limit: int = BASELINE_PARTICIPANTS,
) -> list[Result | Line]:
    start = time.perf_counter()
    data = planted(group_sizes(participants), statements)
    gen_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="multitrack-consultation-") as tmp:
        folder = Path(tmp)
        save(data, folder)
        ours = run_side("ours", folder, repeat)
        theirs = run_side("baseline", folder, repeat, limit)
    ours_s, warm_s, base_s = (
        statistics.median(x) for x in (ours["times"], ours["warm_times"], theirs["times"])
    )
    full = theirs["participants"] >= participants
    where = "same size" if full else f"first {theirs['participants']:,} participants"
    lines: list[Result | Line] = [
        Line(
            f"votes: {participants:,} participants x {statements:,} statements, {DENSITY:.0%} voted, "
            f"{len(GROUP_SHARES)} planted groups {'/'.join(f'{s:.0%}' for s in GROUP_SHARES)}: "
            f"{ours['votes']:,} latest votes of {len(data.values):,} cast; generated in {gen_s:.1f} s "
            f"(seed {SEED})"
        ),
        Result(f"analyse, cold (median of {repeat})", f"dense SVD + KMeans, {where}", ours_s, base_s),
        Result(
            f"analyse, +{NEW_VOTES} votes, previous= (median of {repeat})",
            f"dense SVD + KMeans, {where}",
            warm_s,
            base_s,
        ),
        Line(
            f"    cold {ours_s:.2f} s (target < {TARGET_S:.0f} s: "
            f"{'met' if ours_s < TARGET_S else 'MISSED'}); "
            f"incremental {warm_s:.2f} s = ×{ours_s / warm_s:.1f} faster than cold; VoteMatrix.from_votes "
            f"{ours['build_s']:.2f} s (untimed above), {ours['matrix_bytes'] / 1e6:.0f} MB of vote arrays"
        ),
        Line(
            f"    groups: k={ours['k']} (k={ours['k_warm']} after the new votes), ARI against the planted "
            f"groups {_ari(ours['group'], data.group_of):.3f}; baseline k={theirs['k']}, ARI "
            f"{_ari(theirs['group'], data.group_of[: theirs['participants']]):.3f}; "
            f"components {'match' if full else 'on different data'} "
            f"(max difference {_same_components(ours['components'], theirs['components']):.1e})"
        ),
        Line(f"    why k: {ours['reason']}"),
    ]
    peak = ours["peak"] / 1024**3
    over = ", OVER THE LIMIT" if peak > MEMORY_LIMIT_GB else ""
    lines.append(
        Line(
            f"peak RSS {peak:.2f} GB (limit {MEMORY_LIMIT_GB:.0f} GB{over}), of which analyse added "
            f"{ours['analyse_rise'] / 1e6:.0f} MB; baseline process {theirs['peak'] / 1024**3:.2f} GB, "
            f"its analysis added {theirs['analyse_rise'] / 1e6:.0f} MB"
        )
    )
    return lines


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
