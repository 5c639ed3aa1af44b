"""A `Network` as GraphML or GEXF 1.3 text, for Gephi, yEd, Cytoscape or networkx (no files are written).

Both formats carry the same facts. Nodes: id (the actor code), label, kind, track, level, nine_tracks
(codes joined by ";"), party, and, when metrics are given, community, betweenness, eigenvector, degree and
articulation. Ties, one edge each in tie order: type, directed, start and end (ISO dates), weight. A
missing value (None, no nine tracks, an open start or end) is left out rather than written empty.

Direction: the graph's default is directed only when every tie is; each tie that differs says so on the
edge (GraphML `directed`, GEXF `type`), as both formats allow. Some readers (networkx among them) reject
such mixed graphs; `graphml(..., per_edge_directed=False)` leaves direction to the `directed` attribute.

Text is escaped by ElementTree; characters XML 1.0 cannot carry (control characters) become U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

from .network import Network, Node, Tie
from .network_metrics import Metrics, NodeMetrics

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3/gexf.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

Value = str | int | float | bool | None
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# (name, type, getter); types are GraphML's, mapped to GEXF's by _GEXF_TYPES.
NODE_FIELDS: tuple[tuple[str, str, Callable[[Node], Value]], ...] = (
    ("label", "string", lambda n: n.label),
    ("kind", "string", lambda n: n.kind),
    ("track", "string", lambda n: n.track),
    ("level", "string", lambda n: n.level),
    ("nine_tracks", "string", lambda n: ";".join(n.nine_tracks) or None),
    ("party", "string", lambda n: n.party),
)
METRIC_FIELDS: tuple[tuple[str, str, Callable[[NodeMetrics], Value]], ...] = (
    ("community", "int", lambda m: m.community),
    ("betweenness", "double", lambda m: m.betweenness),
    ("eigenvector", "double", lambda m: m.eigenvector),
    ("degree", "int", lambda m: m.degree),
    ("articulation", "boolean", lambda m: m.articulation),
)
EDGE_FIELDS: tuple[tuple[str, str, Callable[[Tie], Value]], ...] = (
    ("type", "string", lambda t: t.type),
    ("directed", "boolean", lambda t: t.directed),
    ("start", "string", lambda t: _day(t.start)),
    ("end", "string", lambda t: _day(t.end)),
    ("weight", "double", lambda t: float(t.weight)),
)
_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _NOT_XML.sub("\ufffd", str(value))


def _node_values(node: Node, metrics: dict[str, NodeMetrics] | None) -> list[tuple[str, Value]]:
    values = [(name, get(node)) for name, _, get in NODE_FIELDS]
    if metrics is not None:
        values += [(name, get(metrics[node.id])) for name, _, get in METRIC_FIELDS]
    return values


def _metrics_for(network: Network, metrics: Metrics | None) -> dict[str, NodeMetrics] | None:
    if metrics is None:
        return None
    by_id = metrics.by_id()
    missing = [node.id for node in network.nodes if node.id not in by_id]
    if missing:
        raise ValueError(f"the metrics lack {len(missing)} node(s) of the network: {', '.join(missing[:5])}")
    return by_id


def _default_directed(network: Network) -> bool:
    return bool(network.ties) and all(t.directed for t in network.ties)


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def graphml(network: Network, metrics: Metrics | None = None, *, per_edge_directed: bool = True) -> str:
    """GraphML: keys d0, d1, … declared for node and edge attributes, then one graph "G".

    Metric keys are declared only when metrics are given (ValueError if they miss a node).
    """
    by_id = _metrics_for(network, metrics)
    root = ET.Element(
        "graphml",
        {"xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": f"{GRAPHML_NS} {GRAPHML_SCHEMA}"},
    )
    node_fields = [(name, kind) for name, kind, _ in NODE_FIELDS]
    if by_id is not None:
        node_fields += [(name, kind) for name, kind, _ in METRIC_FIELDS]
    keys: dict[tuple[str, str], str] = {}
    for owner, fields in (("node", node_fields), ("edge", [(n, k) for n, k, _ in EDGE_FIELDS])):
        for name, kind in fields:
            keys[owner, name] = key = f"d{len(keys)}"
            ET.SubElement(root, "key", {"id": key, "for": owner, "attr.name": name, "attr.type": kind})
    default = _default_directed(network)
    graph = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed" if default else "undirected"})
    for node in network.nodes:
        element = ET.SubElement(graph, "node", {"id": _text(node.id)})
        _graphml_data(element, keys, "node", _node_values(node, by_id))
    for i, tie in enumerate(network.ties):
        attrs = {"id": f"e{i}", "source": _text(tie.source), "target": _text(tie.target)}
        if per_edge_directed and tie.directed != default:
            attrs["directed"] = _text(tie.directed)
        element = ET.SubElement(graph, "edge", attrs)
        _graphml_data(element, keys, "edge", [(name, get(tie)) for name, _, get in EDGE_FIELDS])
    return _serialise(root)


def _graphml_data(
    element: ET.Element, keys: dict[tuple[str, str], str], owner: str, values: list[tuple[str, Value]]
) -> None:
    for name, value in values:
        if value is not None:
            ET.SubElement(element, "data", {"key": keys[owner, name]}).text = _text(value)


def gexf(network: Network, metrics: Metrics | None = None) -> str:
    """GEXF 1.3, a dynamic graph with dates: each edge has `start`/`end` (omitted when open), so Gephi's
    timeline shows ties appear and end; nodes are always present.

    Node attributes are declared in `<attributes class="node">` with ids equal to their names (the label is
    the node's `label`); the edge's tie type is the attribute "relationship" and also its `kind`, so that
    parallel ties of different types stay distinct in Gephi. Directed ties in an undirected default (or the
    reverse) carry `type`; weight is the edge's `weight`.
    """
    by_id = _metrics_for(network, metrics)
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GEXF_NS} {GEXF_SCHEMA}",
            "version": "1.3",
        },
    )
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "Multitrack"
    default = _default_directed(network)
    graph = ET.SubElement(
        root,
        "graph",
        {"mode": "dynamic", "defaultedgetype": "directed" if default else "undirected", "timeformat": "date"},
    )
    node_fields = [(name, kind) for name, kind, _ in NODE_FIELDS if name != "label"]
    if by_id is not None:
        node_fields += [(name, kind) for name, kind, _ in METRIC_FIELDS]
    for owner, fields in (("node", node_fields), ("edge", [("relationship", "string")])):
        declared = ET.SubElement(graph, "attributes", {"class": owner, "mode": "static"})
        for name, kind in fields:
            ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": _GEXF_TYPES[kind]})
    nodes = ET.SubElement(graph, "nodes")
    for node in network.nodes:
        element = ET.SubElement(nodes, "node", {"id": _text(node.id), "label": _text(node.label)})
        _gexf_values(element, [(n, v) for n, v in _node_values(node, by_id) if n != "label"])
    edges = ET.SubElement(graph, "edges")
    for i, tie in enumerate(network.ties):
        attrs = {"id": f"e{i}", "source": _text(tie.source), "target": _text(tie.target)}
        if tie.directed != default:
            attrs["type"] = "directed" if tie.directed else "undirected"
        attrs["kind"] = tie.type
        for name, day in (("start", tie.start), ("end", tie.end)):
            if day is not None:
                attrs[name] = day.isoformat()
        attrs["weight"] = _text(float(tie.weight))
        _gexf_values(ET.SubElement(edges, "edge", attrs), [("relationship", tie.type)])
    return _serialise(root)


def _gexf_values(element: ET.Element, values: list[tuple[str, Value]]) -> None:
    present = [(name, value) for name, value in values if value is not None]
    if present:
        holder = ET.SubElement(element, "attvalues")
        for name, value in present:
            ET.SubElement(holder, "attvalue", {"for": name, "value": _text(value)})
