"""GraphML and GEXF export, parsed back with ElementTree and networkx."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import pytest

from multitrack.core.network import Network, Node, Tie
from multitrack.core.network_export import GEXF_NS, GRAPHML_NS, gexf, graphml
from multitrack.core.network_metrics import Metrics, metrics

G = f"{{{GRAPHML_NS}}}"
X = f"{{{GEXF_NS}}}"


@pytest.fixture
def undirected() -> Network:
    return Network(
        (
            Node("P-7F3K", 'Elder "K" <village> & sons', "person", "3", "grassroots", ("4", "7"), "A"),
            Node("O-NGO1", "Peace NGO", "organisation", "2", "middle", ("2",)),
            Node("O-MIN1", "Ministry\x07", "organisation", "1", "top"),
            Node("G-X", "Unknowns", "group", None, None),
        ),
        (
            Tie("P-7F3K", "O-NGO1", "close", False, date(2020, 1, 1), None),
            Tie("O-NGO1", "O-MIN1", "alliance", False, None, date(2022, 6, 30), 3.0),
            Tie("O-NGO1", "O-MIN1", "informal", False, date(2019, 1, 1), date(2019, 12, 31)),
        ),
    )


@pytest.fixture
def mixed(undirected: Network) -> Network:
    return Network(undirected.nodes, (*undirected.ties, Tie("O-MIN1", "G-X", "influence", True)))


def test_graphml_round_trips_through_networkx(undirected: Network) -> None:
    result = metrics(undirected)
    graph = nx.read_graphml(io.StringIO(graphml(undirected, result)))
    assert isinstance(graph, nx.MultiGraph) and not graph.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 3)
    elder = graph.nodes["P-7F3K"]
    assert elder["label"] == 'Elder "K" <village> & sons'
    assert (elder["kind"], elder["track"], elder["level"], elder["nine_tracks"], elder["party"]) == (
        "person",
        "3",
        "grassroots",
        "4;7",
        "A",
    )
    assert graph.nodes["O-MIN1"]["label"] == "Ministry\ufffd"  # XML 1.0 cannot carry control characters
    assert "track" not in graph.nodes["G-X"] and "nine_tracks" not in graph.nodes["O-MIN1"]
    by_id = result.by_id()
    for v, data in graph.nodes(data=True):
        assert data["community"] == by_id[v].community
        assert data["betweenness"] == by_id[v].betweenness
        assert data["eigenvector"] == by_id[v].eigenvector
        assert data["articulation"] is by_id[v].articulation
    edges = [(u, v, d) for u, v, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])]
    assert [e[2]["type"] for e in edges] == ["close", "alliance", "informal"]
    assert edges[0][2]["start"] == "2020-01-01" and "end" not in edges[0][2]
    assert edges[1][2]["end"] == "2022-06-30" and edges[1][2]["weight"] == 3.0
    assert all(e[2]["directed"] is False for e in edges)


def test_graphml_without_metrics_declares_no_metric_keys(undirected: Network) -> None:
    root = ET.fromstring(graphml(undirected))
    names = {k.get("attr.name") for k in root.iter(f"{G}key")}
    assert names == {"label", "kind", "track", "level", "nine_tracks", "party"} | {
        "type",
        "directed",
        "start",
        "end",
        "weight",
    }
    assert nx.read_graphml(io.StringIO(graphml(undirected))).number_of_nodes() == 4


def test_graphml_mixed_directedness_is_marked_per_edge(mixed: Network) -> None:
    text = graphml(mixed)
    root = ET.fromstring(text)
    graph = root.find(f"{G}graph")
    assert graph is not None and graph.get("edgedefault") == "undirected"
    assert [e.get("directed") for e in graph.iter(f"{G}edge")] == [None, None, None, "true"]
    with pytest.raises(nx.NetworkXError):  # networkx does not read mixed graphs
        nx.read_graphml(io.StringIO(text))
    relaxed = nx.read_graphml(io.StringIO(graphml(mixed, per_edge_directed=False)))
    assert relaxed.number_of_edges() == 4
    assert [d["directed"] for *_, d in sorted(relaxed.edges(keys=True, data=True), key=lambda e: e[2])] == [
        False,
        False,
        False,
        True,
    ]


def test_graphml_all_directed_reads_as_directed() -> None:
    net = Network(
        (Node("a", "A", "person", "3", "grassroots"), Node("b", "B", "organisation", "1", "top")),
        (Tie("a", "b", "influence", True),),
    )
    graph = nx.read_graphml(io.StringIO(graphml(net)))
    assert isinstance(graph, nx.DiGraph) and list(graph.edges) == [("a", "b")]


def test_metrics_must_cover_the_network(undirected: Network) -> None:
    partial = Metrics(metrics(undirected).nodes[:2], (), (), 0.0)
    with pytest.raises(ValueError, match="O-MIN1"):
        graphml(undirected, partial)
    with pytest.raises(ValueError, match="O-MIN1"):
        gexf(undirected, partial)


def test_gexf_structure(mixed: Network) -> None:
    root = ET.fromstring(gexf(mixed, metrics(mixed)))
    assert root.tag == f"{X}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{X}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("defaultedgetype"), graph.get("timeformat")) == (
        "dynamic",
        "undirected",
        "date",
    )
    declared = {a.get("class"): a for a in graph.findall(f"{X}attributes")}
    node_ids = [a.get("id") for a in declared["node"].findall(f"{X}attribute")]
    assert node_ids == [
        "kind",
        "track",
        "level",
        "nine_tracks",
        "party",
        "community",
        "betweenness",
        "eigenvector",
        "degree",
        "articulation",
    ]
    assert [a.get("id") for a in declared["edge"].findall(f"{X}attribute")] == ["relationship"]
    edges = graph.findall(f"{X}edges/{X}edge")
    assert [(e.get("start"), e.get("end")) for e in edges] == [
        ("2020-01-01", None),
        (None, "2022-06-30"),
        ("2019-01-01", "2019-12-31"),
        (None, None),
    ]
    assert [e.get("type") for e in edges] == [None, None, None, "directed"]
    assert [e.get("kind") for e in edges] == ["close", "alliance", "informal", "influence"]
    nodes = graph.findall(f"{X}nodes/{X}node")
    assert nodes[0].get("label") == 'Elder "K" <village> & sons'
    values = {a.get("for"): a.get("value") for a in nodes[0].iter(f"{X}attvalue")}
    assert values["nine_tracks"] == "4;7" and values["track"] == "3" and values["articulation"] == "false"
    assert "track" not in {a.get("for") for a in nodes[3].iter(f"{X}attvalue")}


def test_gexf_round_trips_through_networkx(undirected: Network) -> None:
    graph = nx.read_gexf(io.StringIO(gexf(undirected, metrics(undirected))), version="1.3")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (4, 3)
    assert graph.graph["mode"] == "dynamic"
    assert graph.nodes["P-7F3K"]["label"] == 'Elder "K" <village> & sons'
    assert graph.nodes["P-7F3K"]["track"] == "3" and graph.nodes["O-NGO1"]["community"] == 0
    assert graph.nodes["O-NGO1"]["articulation"] is True
    edges = sorted(graph.edges(data=True), key=lambda e: e[2]["id"])
    assert [(d["relationship"], d.get("start"), d.get("end"), d["weight"]) for _, _, d in edges] == [
        ("close", "2020-01-01", None, 1.0),
        ("alliance", None, "2022-06-30", 3.0),
        ("informal", "2019-01-01", "2019-12-31", 1.0),
    ]


def test_gexf_all_directed_reads_as_directed() -> None:
    net = Network(
        (Node("a", "A", "person", "3", "grassroots"), Node("b", "B", "organisation", "1", "top")),
        (Tie("a", "b", "influence", True, date(2021, 1, 1)),),
    )
    graph = nx.read_gexf(io.StringIO(gexf(net)), version="1.3")
    assert isinstance(graph, nx.DiGraph) and list(graph.edges) == [("a", "b")]


def test_exports_are_deterministic_and_handle_empty_networks(mixed: Network) -> None:
    assert graphml(mixed, metrics(mixed)) == graphml(mixed, metrics(mixed))
    assert gexf(mixed, metrics(mixed)) == gexf(mixed, metrics(mixed))
    empty = Network((), ())
    assert nx.read_graphml(io.StringIO(graphml(empty, metrics(empty)))).number_of_nodes() == 0
    assert nx.read_gexf(io.StringIO(gexf(empty)), version="1.3").number_of_nodes() == 0
