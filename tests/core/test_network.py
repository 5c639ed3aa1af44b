"""Actor networks: hand-checked small networks, and networkx / brute force on seeded random graphs."""

from __future__ import annotations

import itertools
import random
from datetime import date

import networkx as nx
import numpy as np
import pytest

from multitrack.core.network import (
    LINKING_TYPES,
    PATHS_PER_START,
    Network,
    NetworkError,
    Node,
    Tie,
    brokerage_roles,
    co_participation_ties,
    own_track,
)
from multitrack.core.network_metrics import TrackCut, metrics, sampled_betweenness
from multitrack.core.track_linkage import LinkPath, linkage, linkage_change
from multitrack.core.vocab import UnknownCode

TRACK_ORDER = ("1", "1.5", "2", "3")


def node(id: str, track: str | None = None, kind: str = "organisation") -> Node:
    level = {"1": "top", "2": "middle", "3": "grassroots"}.get(track or "")
    return Node(id, f"label {id}", kind, track, level)


def tie(a: str, b: str, type: str = "close", directed: bool = False, **kw: object) -> Tie:
    return Tie(a, b, type, directed, **kw)  # type: ignore[arg-type]


@pytest.fixture
def chain() -> Network:
    """A Track 3 village elder — Track 2 NGO → Track 1 ministry (the NGO influences the ministry)."""
    return Network(
        (node("elder", "3", "person"), node("ngo", "2"), node("ministry", "1")),
        (tie("elder", "ngo"), tie("ngo", "ministry", "influence", True)),
    )


@pytest.fixture
def star() -> Network:
    return Network(
        tuple(node(x) for x in ("hub", "l1", "l2", "l3", "l4")),
        tuple(tie("hub", f"l{i}") for i in range(1, 5)),
    )


@pytest.fixture
def two_cliques() -> Network:
    """Two K4s joined by a4–b1: Track 3 on the a side, Track 1 on the b side, Track 2 at the bridge."""
    a, b = [f"a{i}" for i in range(1, 5)], [f"b{i}" for i in range(1, 5)]
    tracks = dict.fromkeys(a[:3], "3") | {"a4": "2", "b1": "2"} | dict.fromkeys(b[1:], "1")
    ties = [tie(x, y) for group in (a, b) for x, y in itertools.combinations(group, 2)]
    return Network(tuple(node(x, tracks[x]) for x in a + b), (*ties, tie("a4", "b1", "alliance")))


# --- the hand-made networks -----------------------------------------------------------------------


def test_chain_metrics(chain: Network) -> None:
    m = metrics(chain).by_id()
    assert [(m[x].degree, m[x].in_degree, m[x].out_degree) for x in ("elder", "ngo", "ministry")] == [
        (1, 1, 1),
        (2, 1, 2),
        (1, 1, 0),
    ]
    # one directed path elder → ngo → ministry out of (n-1)(n-2) = 2 ordered pairs per node
    assert [m[x].betweenness for x in ("elder", "ngo", "ministry")] == [0.0, 0.5, 0.0]
    assert [m[x].eigenvector for x in ("elder", "ngo", "ministry")] == pytest.approx([2**-0.5, 1, 2**-0.5])
    assert [m[x].articulation for x in ("elder", "ngo", "ministry")] == [False, True, False]
    assert {m[x].community for x in m} == {0}


def test_chain_bridges_and_track_cut(chain: Network) -> None:
    result = metrics(chain)
    assert result.bridges == (("elder", "ngo"), ("ministry", "ngo"))
    assert result.cuts == (TrackCut("ngo", (("1", "3"),)),)
    assert result.modularity == 0.0


def test_chain_linkage(chain: Network) -> None:
    report = linkage(chain)
    assert report.paths == (LinkPath("elder", "ministry", ("elder", "ngo", "ministry"), ("ngo",)),)
    assert report.unlinked == ()
    assert report.track_pairs_without_path == ()
    assert report.broker_counts == {"ngo": 1}
    assert linkage(chain, directed=True) == report


def test_directed_linkage_follows_arrows() -> None:
    net = Network(
        (node("elder", "3"), node("ngo", "2"), node("ministry", "1")),
        (tie("elder", "ngo"), tie("ministry", "ngo", "influence", True)),
    )
    assert linkage(net).broker_counts == {"ngo": 1}
    report = linkage(net, directed=True)
    assert report.paths == () and report.unlinked == ("elder",) and report.broker_counts == {}
    assert report.track_pairs_without_path == ()  # the ministry reaches the elder: a path one way counts


def test_star(star: Network) -> None:
    result = metrics(star)
    m = result.by_id()
    assert (m["hub"].degree, m["hub"].betweenness, m["hub"].eigenvector) == (4, 1.0, 1.0)
    assert all(
        m[f"l{i}"].betweenness == 0 and m[f"l{i}"].eigenvector == pytest.approx(0.5) for i in range(1, 5)
    )
    assert [x.id for x in result.nodes if x.articulation] == ["hub"]
    assert result.bridges == tuple(("hub", f"l{i}") for i in range(1, 5))
    assert result.cuts == ()  # no tracks


def test_two_communities_joined_by_a_bridge(two_cliques: Network) -> None:
    result = metrics(two_cliques)
    m = result.by_id()
    assert [m[x].community for x in two_cliques.node_ids()] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert result.modularity == pytest.approx(11 / 26)  # 2 * (6/13 - (13/26)**2)
    assert result.bridges == (("a4", "b1"),)
    assert m["a4"].betweenness == m["b1"].betweenness == pytest.approx(24 / 42)
    assert m["a4"].eigenvector == pytest.approx(1) and m["b1"].eigenvector == pytest.approx(1)
    assert result.cuts == (
        TrackCut("a4", (("1", "3"), ("2", "3"))),
        TrackCut("b1", (("1", "2"), ("1", "3"))),
    )


def test_two_communities_linkage(two_cliques: Network) -> None:
    report = linkage(two_cliques)
    assert [(p.start, p.end) for p in report.paths] == [
        (a, b) for a in ("a1", "a2", "a3") for b in ("b2", "b3", "b4")
    ]
    assert all(p.brokers == ("a4", "b1") and len(p.path) == 4 for p in report.paths)
    assert report.broker_counts == {"a4": 9, "b1": 9}


def test_paths_are_capped_per_start_in_node_order() -> None:
    brokers = [f"n{i}" for i in range(7)]
    net = Network(
        (node("v", "3"), *(node(b, "2") for b in brokers), node("m", "1")),
        tuple(t for b in brokers for t in (tie("v", b), tie(b, "m"))),
    )
    report = linkage(net)
    assert [p.path for p in report.paths] == [("v", b, "m") for b in brokers[:PATHS_PER_START]]
    assert report.broker_counts == dict.fromkeys(brokers, 1)  # counts cover every path, not the capped ones


def test_unlinked_and_track_pairs_without_path() -> None:
    net = Network(
        (node("v1", "3"), node("v2", "3"), node("ngo", "2"), node("m", "1"), node("x", "1.5")),
        (tie("v1", "ngo"), tie("ngo", "x"), tie("v2", "v2")),
    )
    report = linkage(net)
    assert report.unlinked == ("v1", "v2") and report.paths == () and report.broker_counts == {}
    assert report.track_pairs_without_path == (("1", "1.5"), ("1", "2"), ("1", "3"))
    no_track_one = Network(tuple(x for x in net.nodes if x.id != "m"), net.ties)
    assert linkage(no_track_one).unlinked == ("v1", "v2")


def test_broken_and_discord_ties_count_unless_filtered() -> None:
    net = Network((node("v", "3"), node("m", "1")), (tie("v", "m", "broken"),))
    assert linkage(net).unlinked == ()
    assert linkage(net.of_types(LINKING_TYPES)).unlinked == ("v",)


def test_linkage_change_between_dates() -> None:
    net = Network(
        (node("elder", "3"), node("ngo", "2"), node("ngo2", "2"), node("ministry", "1")),
        (
            tie("elder", "ngo", start=date(2020, 1, 1)),
            tie("ngo", "ministry", start=date(2021, 6, 1), end=date(2022, 12, 31)),
            tie("elder", "ngo2", start=date(2023, 1, 1)),
            tie("ngo2", "ministry", start=date(2023, 1, 1)),
        ),
    )
    change = linkage_change(net, date(2021, 1, 1), date(2022, 1, 1))
    assert (change.newly_linked, change.no_longer_linked) == (("elder",), ())
    assert (change.brokers_gained, change.brokers_lost) == (("ngo",), ())
    change = linkage_change(net, date(2022, 1, 1), date(2023, 6, 1))
    assert (change.newly_linked, change.no_longer_linked) == ((), ())
    assert (change.brokers_gained, change.brokers_lost) == (("ngo2",), ("ngo",))
    change = linkage_change(net, date(2022, 1, 1), date(2021, 1, 1))
    assert change.no_longer_linked == ("elder",) and change.brokers_lost == ("ngo",)


def test_brokerage_roles_by_track(chain: Network) -> None:
    roles = brokerage_roles(chain).as_dict()
    assert roles["ngo"]["liaison"] == 1 and sum(roles["ngo"].values()) == 1
    assert brokerage_roles(chain, by="party").groups == ("unknown",) * 3
    with pytest.raises(NetworkError):
        brokerage_roles(chain, by="name")


# --- filters, co-participation and validation ------------------------------------------------------


@pytest.fixture
def dated() -> Network:
    return Network(
        tuple(node(x) for x in "abcd"),
        (
            tie("a", "b", start=date(2020, 1, 1), end=date(2020, 12, 31)),
            tie("b", "c", "alliance", start=date(2021, 1, 1)),
            tie("c", "d", "influence", True, end=date(2019, 6, 30)),
            tie("a", "d", "discord"),
        ),
    )


def pairs(net: Network) -> list[tuple[str, str]]:
    return [(t.source, t.target) for t in net.ties]


def test_at_keeps_ties_valid_that_day_and_every_node(dated: Network) -> None:
    assert pairs(dated.at(date(2020, 1, 1))) == [("a", "b"), ("a", "d")]
    assert pairs(dated.at(date(2020, 12, 31))) == [("a", "b"), ("a", "d")]
    assert pairs(dated.at(date(2021, 1, 1))) == [("b", "c"), ("a", "d")]
    assert pairs(dated.at(date(2019, 6, 30))) == [("c", "d"), ("a", "d")]
    assert dated.at(date(1990, 1, 1)).node_ids() == ("a", "b", "c", "d")


def test_during_keeps_overlapping_ties(dated: Network) -> None:
    assert pairs(dated.during(date(2019, 7, 1), date(2019, 12, 31))) == [("a", "d")]
    assert pairs(dated.during(date(2019, 6, 30), date(2020, 1, 1))) == [("a", "b"), ("c", "d"), ("a", "d")]
    assert pairs(dated.during(date(2020, 6, 1), date(2030, 1, 1))) == [("a", "b"), ("b", "c"), ("a", "d")]
    with pytest.raises(NetworkError):
        dated.during(date(2021, 1, 1), date(2020, 1, 1))


def test_of_types(dated: Network) -> None:
    assert pairs(dated.of_types({"alliance", "influence"})) == [("b", "c"), ("c", "d")]
    assert pairs(dated.of_types(LINKING_TYPES)) == [("a", "b"), ("b", "c"), ("c", "d")]
    with pytest.raises(UnknownCode):
        dated.of_types(["friendship"])


def test_co_participation_ties() -> None:
    ties = co_participation_ties(
        [
            ("e1", date(2020, 3, 1), ["C", "A", "B"]),
            ("e2", date(2020, 1, 1), {"B", "C"}),
            ("e3", None, ["A", "B", "A"]),
            ("e4", date(2024, 1, 1), ["D"]),
        ]
    )
    assert ties == (
        Tie("A", "B", "co_participation", False, date(2020, 3, 1), date(2020, 3, 1), 2.0),
        Tie("A", "C", "co_participation", False, date(2020, 3, 1), date(2020, 3, 1), 1.0),
        Tie("B", "C", "co_participation", False, date(2020, 1, 1), date(2020, 3, 1), 2.0),
    )
    assert co_participation_ties([("e", None, ["A", "B"])])[0].start is None
    with pytest.raises(NetworkError, match="e1"):
        co_participation_ties([("e1", None, ["A", "B"]), ("e1", None, ["B", "C"])])


def test_own_track() -> None:
    assert own_track(True, "grassroots") == "1"
    assert [own_track(False, lv) for lv in ("top", "middle", "grassroots", None)] == ["2", "2", "3", None]
    with pytest.raises(UnknownCode):
        own_track(False, "bottom")


def test_validation() -> None:
    with pytest.raises(UnknownCode):
        Node("x", "x", "robot", None, None)
    with pytest.raises(UnknownCode):
        Node("x", "x", "person", "4", None)
    with pytest.raises(UnknownCode):
        Node("x", "x", "person", None, None, ("10",))
    with pytest.raises(UnknownCode):
        Tie("a", "b", "friendship", False)
    with pytest.raises(NetworkError):
        Tie("a", "b", "close", False, date(2021, 1, 1), date(2020, 1, 1))
    with pytest.raises(NetworkError):
        Tie("a", "b", "close", False, weight=0)
    with pytest.raises(NetworkError, match="unknown"):
        Network((node("a"),), (tie("a", "b"),))
    with pytest.raises(NetworkError, match="twice"):
        Network((node("a"), node("a")), ())


def test_empty_and_edgeless_networks() -> None:
    empty = metrics(Network((), ()))
    assert (empty.nodes, empty.bridges, empty.cuts, empty.modularity) == ((), (), (), 0.0)
    lonely = metrics(Network((node("a", "1"), node("b", "3")), ()))
    assert [(m.degree, m.betweenness, m.eigenvector, m.community) for m in lonely.nodes] == [
        (0, 0.0, 0.0, 0),
        (0, 0.0, 0.0, 1),
    ]
    assert linkage(Network((), ())).paths == ()


def test_eigenvector_on_disconnected_graphs() -> None:
    # a triangle with a pendant (leading eigenvalue 2.17) beside a lone pair (eigenvalue 1)
    net = Network(
        tuple(node(x) for x in "abcdxy"),
        (tie("a", "b"), tie("b", "c"), tie("c", "a"), tie("c", "d"), tie("x", "y")),
    )
    m = metrics(net).by_id()
    assert m["c"].eigenvector == 1.0 and m["x"].eigenvector == m["y"].eigenvector == 0.0
    # two identical triangles tie for the leading eigenvalue: each is scaled to max 1
    twins = Network(
        tuple(node(x) for x in "abcxyz"), tuple(tie(*p) for p in ("ab", "bc", "ca", "xy", "yz", "zx"))
    )
    assert [m.eigenvector for m in metrics(twins).nodes] == pytest.approx([1.0] * 6)


# --- against networkx and brute force on seeded random graphs -------------------------------------


def random_network(seed: int, max_nodes: int = 30) -> Network:
    rng = random.Random(seed)
    n = rng.randint(1, max_nodes)
    p = rng.uniform(0.02, 0.3)
    nodes = tuple(node(f"n{i:02d}", rng.choice(["1", "1.5", "2", "3", "3", None])) for i in range(n))
    ties = [
        tie(f"n{a:02d}", f"n{b:02d}", "influence", True)
        if rng.random() < 0.4
        else tie(f"n{a:02d}", f"n{b:02d}")
        for a in range(n)
        for b in range(n)
        if a != b and rng.random() < p
    ]
    return Network(nodes, tuple(ties))


def as_digraph(net: Network, directed: bool = True) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(net.node_ids())
    for t in net.ties:
        graph.add_edge(t.source, t.target)
        if not (t.directed and directed):
            graph.add_edge(t.target, t.source)
    return graph


SEEDS = range(40)


@pytest.mark.parametrize("seed", SEEDS)
def test_metrics_match_networkx(seed: int) -> None:
    net = random_network(seed)
    result = metrics(net)
    m = result.by_id()
    digraph = as_digraph(net)
    graph = nx.Graph(digraph.to_undirected())
    exact = nx.betweenness_centrality(digraph)
    for v in net.node_ids():
        assert (m[v].degree, m[v].in_degree, m[v].out_degree) == (
            graph.degree(v),
            digraph.in_degree(v),
            digraph.out_degree(v),
        )
        assert m[v].betweenness == pytest.approx(exact[v], abs=1e-12)
    if graph.number_of_edges() and nx.is_connected(graph):
        _, vectors = np.linalg.eigh(nx.to_numpy_array(graph, nodelist=net.node_ids()))
        expected = np.abs(vectors[:, -1]) / np.abs(vectors[:, -1]).max()
        assert [m[v].eigenvector for v in net.node_ids()] == pytest.approx(expected.tolist(), abs=1e-9)
    assert list(result.bridges) == sorted(tuple(sorted(e)) for e in nx.bridges(graph))
    assert {v for v in m if m[v].articulation} == set(nx.articulation_points(graph))
    if graph.number_of_edges():
        communities: dict[int, set[str]] = {}
        for v in m:
            communities.setdefault(m[v].community, set()).add(v)
        assert result.modularity == pytest.approx(nx.community.modularity(graph, communities.values()))


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_betweenness_is_networkx_estimator(seed: int) -> None:
    net = random_network(seed)
    n = len(net.nodes)
    digraph = as_digraph(net)
    if n >= 3:
        k = max(2, n // 3)
        reference = nx.betweenness_centrality(digraph, k=k, seed=seed) if k < n else None
        sampled = sampled_betweenness(net, k, seed=seed)
        if reference is not None:  # same sources for the same seed and node order, same scaling
            assert sampled == pytest.approx(reference, abs=1e-12)
    exact = {m.id: m.betweenness for m in metrics(net).nodes}
    assert sampled_betweenness(net, n + 2, seed=seed) == exact
    if n >= 2:
        assert sampled_betweenness(net, n, seed=seed) == pytest.approx(exact, abs=1e-12)


def test_sampled_betweenness_is_unbiased_and_validated(two_cliques: Network) -> None:
    exact = {m.id: m.betweenness for m in metrics(two_cliques).nodes}
    draws = [sampled_betweenness(two_cliques, 3, seed=s) for s in range(600)]
    mean = {v: sum(d[v] for d in draws) / len(draws) for v in exact}
    assert mean == pytest.approx(exact, abs=0.03)
    assert metrics(two_cliques, betweenness_samples=3, seed=5).by_id()["a4"].betweenness == draws[5]["a4"]
    with pytest.raises(NetworkError):
        sampled_betweenness(two_cliques, 1)


def joined_pairs(graph: nx.Graph, tracks: dict[str, str | None], without: str) -> set[tuple[str, str]]:
    found = set()
    for comp in nx.connected_components(graph):
        present = sorted({tracks[v] for v in comp if v != without and tracks[v]}, key=TRACK_ORDER.index)
        found |= set(itertools.combinations(present, 2))
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_track_cuts_match_brute_force(seed: int) -> None:
    net = random_network(seed, max_nodes=25)
    tracks = {x.id: x.track for x in net.nodes}
    graph = nx.Graph(as_digraph(net).to_undirected())
    expected = []
    for v in net.node_ids():
        if v in set(nx.articulation_points(graph)):
            rest = graph.copy()
            rest.remove_node(v)
            lost = joined_pairs(graph, tracks, v) - joined_pairs(rest, tracks, v)
            if lost:
                expected.append(
                    TrackCut(v, tuple(sorted(lost, key=lambda p: tuple(map(TRACK_ORDER.index, p)))))
                )
    assert metrics(net).cuts == tuple(expected)


@pytest.mark.parametrize(("seed", "directed"), [(s, d) for s in SEEDS for d in (False, True)])
def test_linkage_matches_brute_force(seed: int, directed: bool) -> None:
    net = random_network(seed)
    tracks = {x.id: x.track for x in net.nodes}
    graph = as_digraph(net, directed)
    ones = [v for v in net.node_ids() if tracks[v] == "1"]
    report = linkage(net, directed=directed)
    expected_paths, counts, unlinked = [], dict[str, int](), []
    for start in (v for v in net.node_ids() if tracks[v] == "3"):
        lengths = nx.single_source_shortest_path_length(graph, start)
        reach = [lengths[t] for t in ones if t in lengths]
        if not reach:
            unlinked.append(start)
            continue
        nearest = [t for t in ones if lengths.get(t) == min(reach)]
        paths = sorted(
            tuple(p)
            for t in nearest
            for p in nx.all_shortest_paths(graph, start, t)
            if not set(p[1:-1]) & set(ones)
        )
        index = {v: i for i, v in enumerate(net.node_ids())}
        paths.sort(key=lambda p: [index[v] for v in p])
        expected_paths += [
            LinkPath(start, p[-1], p, tuple(v for v in p[1:-1] if tracks[v] in ("2", "1.5")))
            for p in paths[:PATHS_PER_START]
        ]
        for p in paths:
            for v in p[1:-1]:
                if tracks[v] in ("2", "1.5"):
                    counts[v] = counts.get(v, 0) + 1
    assert report.paths == tuple(expected_paths)
    assert report.unlinked == tuple(unlinked)
    assert report.broker_counts == counts
    assert list(report.broker_counts.values()) == sorted(counts.values(), reverse=True)
    present = sorted({t for t in tracks.values() if t}, key=TRACK_ORDER.index)
    reach = {v: nx.descendants(graph, v) for v in graph}
    gaps = tuple(
        (a, b)
        for a, b in itertools.combinations(present, 2)
        if not any(
            tracks[x] == a and tracks[y] == b and (y in reach[x] or x in reach[y])
            for x in graph
            for y in graph
        )
    )
    assert report.track_pairs_without_path == gaps


def test_results_are_deterministic() -> None:
    net = random_network(7, max_nodes=30)
    big = Network(
        tuple(node(f"v{i}", "3" if i % 3 else "2") for i in range(300)),
        tuple(tie(f"v{i}", f"v{(i * 7 + k) % 300}") for i in range(300) for k in (1, 2, 5)),
    )
    for case in (net, big):
        random.seed(1)
        first = metrics(case, seed=3)
        random.seed(2)
        _ = random.random()
        assert metrics(case, seed=3) == first
    assert len({m.community for m in metrics(big).nodes}) > 1
