"""Against Pol.is itself: two real conversations (tests/data/polis, CC BY 4.0, see its README).

votes.csv is read with the csv module (latest vote per voter and comment, in timestamp order); the
statements analysed are the accepted ones (moderated = 1), as the app does. Pol.is's own groups are the
`group-id` column of participants-votes.csv. Figures on this data (seed 0): adjusted Rand index 0.58
(Seattle $15/hour, 138 participants) and 0.88 (Brexit consensus, 189); Pol.is found 2 groups in both.
Pol.is's groups come out of its whole history (warm-started k-means, a k that must win four runs in a
row), so an exact match is not expected.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from multitrack.core.consultation import VoteMatrix, analyse

POLIS = Path(__file__).resolve().parents[1] / "data" / "polis"

# (folder, smallest adjusted Rand index accepted, participants Pol.is grouped, of whom we cluster)
CASES = [("15-per-hour-seattle", 0.50, 138, 138), ("brexit-consensus", 0.80, 197, 189)]


def conversation(name: str) -> tuple[VoteMatrix, list[int], dict[int, int]]:
    folder = POLIS / name
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["timestamp"]))  # stable: file order on ties
    matrix = VoteMatrix.from_votes(
        [int(r["voter-id"]) for r in rows],
        [int(r["comment-id"]) for r in rows],
        [int(r["vote"]) for r in rows],
    )
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as fh:
        accepted = [int(r["comment-id"]) for r in csv.DictReader(fh) if r["moderated"] == "1"]
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as fh:
        groups = {
            int(r["participant"]): int(r["group-id"]) for r in csv.DictReader(fh) if r["group-id"] != ""
        }
    return matrix, accepted, groups


@pytest.mark.parametrize(("name", "min_ari", "polis_grouped", "clustered"), CASES)
def test_groups_agree_with_the_groups_polis_found(name, min_ari, polis_grouped, clustered):
    matrix, accepted, polis = conversation(name)
    result = analyse(matrix, statements=accepted, min_group_size=5)
    assert result.k == 2 == len(set(polis.values()))
    ours = {p.participant: p.group for p in result.clustered}
    assert len(polis) == polis_grouped and len(ours) == clustered
    # everyone we cluster (>= 7 votes) Pol.is grouped too; Pol.is also grouped a few with fewer votes
    assert set(ours) <= set(polis)
    both = sorted(set(ours) & set(polis))
    ari = adjusted_rand_score([polis[p] for p in both], [ours[p] for p in both])
    assert ari >= min_ari, f"{name}: adjusted Rand index {ari:.3f} against Pol.is's groups"
    assert all(g.size >= 5 for g in result.groups)
    assert all(g.representative for g in result.groups)  # each group stands for something


def test_without_the_margin_brexit_would_get_three_groups():
    # participant-level silhouettes: k=3 scores a hair above k=2 (< 0.02); Pol.is shows 2 groups
    matrix, accepted, _ = conversation("brexit-consensus")
    plain = analyse(matrix, statements=accepted, min_group_size=5, k_margin=0.0)
    assert plain.k == 3
    assert 0 < plain.silhouettes[3] - plain.silhouettes[2] < 0.02


def test_the_rejected_statements_are_left_out():
    matrix, accepted, _ = conversation("15-per-hour-seattle")
    assert len(matrix.statements) == 54 and len(accepted) == 30
    result = analyse(matrix, statements=accepted, min_group_size=5)
    assert {s.statement for s in result.statement_results} == set(accepted)
    shown = {r.statement for g in result.groups for r in g.representative}
    shown |= {c.statement for c in (*result.consensus_agree, *result.consensus_disagree)}
    shown |= {d.statement for d in result.divisive}
    assert shown <= set(accepted)
