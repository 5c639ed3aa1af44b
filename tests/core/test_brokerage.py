"""Brokerage counts against a brute-force reference, and hand-checked examples of each role."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core.brokerage import (
    ROLES,
    BrokerageInputError,
    adjacency,
    brokerage,
    brokerage_counts,
    brokerage_counts_sparse,
    expected_under_random_groups,
)


def brute_force(n: int, arcs: set[tuple[int, int]], group: list[int]) -> list[list[int]]:
    """Enumerate every two-path a → v → b, a ≠ b, no arc a → b, exactly as DOMAIN.md §11 reads."""
    counts = [[0] * 5 for _ in range(n)]
    for v in range(n):
        for a, b in itertools.product(range(n), repeat=2):
            if a == b or v in (a, b) or (a, v) not in arcs or (v, b) not in arcs or (a, b) in arcs:
                continue
            ga, gv, gb = group[a], group[v], group[b]
            if ga == gv == gb:
                role = 0
            elif ga == gb:
                role = 1
            elif ga == gv:
                role = 2
            elif gv == gb:
                role = 3
            else:
                role = 4
            counts[v][role] += 1
    return counts


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], list[int], bool]:
    n = draw(st.integers(min_value=1, max_value=9))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pairs, max_size=30))  # may hold self-loops and repeats: both are dropped
    groups = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    return n, edges, groups, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_matches_brute_force(case: tuple[int, list[tuple[int, int]], list[int], bool]) -> None:
    n, edges, groups, directed = case
    arcs = {(s, t) for s, t in edges if s != t}
    if not directed:
        arcs |= {(t, s) for s, t in arcs}
    src = np.array([s for s, _ in edges], dtype=np.int64)
    dst = np.array([t for _, t in edges], dtype=np.int64)
    labels = sorted(set(groups))
    group_of = np.array([labels.index(g) for g in groups], dtype=np.int64)
    adj = adjacency(n, src, dst, directed=directed)
    expected = brute_force(n, arcs, [labels.index(g) for g in groups])
    assert brokerage_counts(adj, group_of).tolist() == expected
    assert brokerage_counts_sparse(adj, group_of).tolist() == expected


def one_path(ga: str, gv: str, gb: str) -> dict[str, int]:
    result = brokerage(["a", "v", "b"], [ga, gv, gb], [("a", "v"), ("v", "b")])
    return result.as_dict()["v"]


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        (("T2", "T2", "T2"), "coordinator"),
        (("T3", "T2", "T3"), "itinerant"),
        (("T2", "T2", "T1"), "representative"),
        (("T3", "T1", "T1"), "gatekeeper"),
        (("T3", "T2", "T1"), "liaison"),  # an NGO relaying from Track Three to Track One
    ],
)
def test_each_role_by_hand(groups: tuple[str, str, str], role: str) -> None:
    assert one_path(*groups) == {r: int(r == role) for r in ROLES}


def test_a_closed_triad_brokers_nothing() -> None:
    result = brokerage(["a", "v", "b"], ["x", "y", "z"], [("a", "v"), ("v", "b"), ("a", "b")])
    assert result.as_dict()["v"] == dict.fromkeys(ROLES, 0)


def test_undirected_ties_count_both_ways() -> None:
    result = brokerage(["a", "v", "b"], ["T3", "T2", "T1"], [("a", "v"), ("v", "b")], directed=False)
    assert result.as_dict()["v"]["liaison"] == 2  # a → v → b and b → v → a
    assert result.totals_by_group()["T2"]["liaison"] == 2


def test_every_node_is_reported_even_without_ties() -> None:
    result = brokerage(["a", "lonely"], ["x", "y"], [])
    assert result.as_dict() == {"a": dict.fromkeys(ROLES, 0), "lonely": dict.fromkeys(ROLES, 0)}


def test_nodes_without_group_are_refused() -> None:
    with pytest.raises(BrokerageInputError, match=r"^2 node\(s\) in the edges have no group: c, d$"):
        brokerage(["a", "b"], ["x", "y"], [("a", "c"), ("d", "b")])


def test_permutation_baseline_is_deterministic_and_keeps_totals() -> None:
    rng = np.random.default_rng(1)
    n = 30
    src, dst = rng.integers(0, n, 120), rng.integers(0, n, 120)
    adj = adjacency(n, src, dst)
    groups = rng.integers(0, 3, n)
    first = expected_under_random_groups(adj, groups, draws=20, seed=7)
    assert np.array_equal(first, expected_under_random_groups(adj, groups, draws=20, seed=7))
    # Shuffling groups never changes how many two-paths a node sits on, only their roles.
    assert np.allclose(first.sum(axis=1), brokerage_counts(adj, groups).sum(axis=1))
