"""The SVG drawing of a conflict map: the legend's shapes, escaping, layout and the document itself."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from multitrack.core import vocab
from multitrack.core.conflictmap import MapNode, MapSnapshot, MapTie
from multitrack.core.conflictmap_svg import layout, render_svg

NS = "{http://www.w3.org/2000/svg}"

A = MapNode("a", "party", "Government", power=3, x=0, y=0)
B = MapNode("b", "party", "Movement", power=3, x=400, y=0)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == cls]


def one(root: ET.Element, cls: str) -> ET.Element:
    found = groups(root, cls)
    assert len(found) == 1, (cls, found)
    return found[0]


def node(root: ET.Element, key: str) -> ET.Element:
    [g] = [g for g in root.iter(f"{NS}g") if g.get("data-key") == key]
    return g


def circle(g: ET.Element) -> tuple[float, float, float]:
    """The node's own circle (not its shadow): cx, cy, r."""
    [c] = [c for c in g.findall(f"{NS}circle") if c.get("class") != "shadow"]
    return float(c.get("cx", "nan")), float(c.get("cy", "nan")), float(c.get("r", "nan"))


def coords(line: ET.Element) -> tuple[float, float, float, float]:
    return tuple(float(line.get(a, "nan")) for a in ("x1", "y1", "x2", "y2"))  # type: ignore[return-value]


def tie(kind: str, *, source: MapNode = A, target: MapNode = B) -> ET.Element:
    svg = render_svg(MapSnapshot((source, target), (MapTie(source.key, target.key, kind),)), legend=False)
    return one(parse(svg), f"tie {kind}")


# --- the document ---


def test_a_standalone_svg_document_that_loads_nothing_from_outside():
    svg = render_svg(MapSnapshot((A, B), (MapTie("a", "b", "close"),)), title="North, 2024")
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("version") == "1.1" and root.get("role") == "img"
    assert root.get("viewBox") == "0 0 800 600"
    assert root.get("width") == "800" and root.get("height") == "600"
    assert root.findtext(f"{NS}title") == "North, 2024"
    assert "sans-serif" in root.get("font-family", "")
    assert "href" not in svg and "@import" not in svg and "<image" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    colours = re.findall(r'(?:fill|stroke)="([^"]*)"', svg)
    assert colours and all(re.fullmatch(r"#[0-9a-f]{6}|none", c) for c in colours), set(colours)


def test_the_size_is_the_one_asked_for_and_a_missing_title_gets_a_generic_one():
    root = parse(render_svg(MapSnapshot((A,)), width=1000, height=700))
    assert root.get("viewBox") == "0 0 1000 700"
    assert root.findtext(f"{NS}title") == "Conflict map"


def test_an_empty_map_is_a_valid_svg_with_nothing_on_it():
    root = parse(render_svg(MapSnapshot()))
    assert root.tag == f"{NS}svg"
    assert not [g for g in root.iter(f"{NS}g") if (g.get("class") or "").startswith(("node ", "tie "))]
    assert len(one(root, "nodes")) == 0 and len(one(root, "ties")) == 0
    assert len(one(root, "legend")) > 0
    assert layout(MapSnapshot()) == {}


def test_labels_title_and_keys_are_escaped_and_round_trip():
    label = 'Movement <for> "Peace" & Justice'
    nasty = MapNode('k"<&>', "issue", label)
    svg = render_svg(
        MapSnapshot((A, nasty), (MapTie("a", nasty.key, "close"),)), title="<script>alert('x')</script> & co"
    )
    assert "<script>" not in svg and "<for>" not in svg
    root = parse(svg)
    assert root.findtext(f"{NS}title") == "<script>alert('x')</script> & co"
    g = node(root, 'k"<&>')
    assert " ".join(g.itertext()) == label  # wrapped into lines, each a <tspan>
    assert one(root, "tie close").get("data-target") == 'k"<&>'


def test_characters_xml_cannot_hold_are_dropped_rather_than_breaking_the_document():
    root = parse(
        render_svg(MapSnapshot((MapNode("a\x01", "party", "Bell\x07 and\x00 null"),)), title="T\x1b")
    )
    assert node(root, "a").findtext(f"{NS}text") == "Bell and null"
    assert root.findtext(f"{NS}title") == "T"


# --- nodes ---


def test_a_party_is_a_circle_with_its_label_below():
    g = node(parse(render_svg(MapSnapshot((A, B)))), "a")
    assert g.get("class") == "node party"
    assert not g.findall(f"{NS}rect")
    cx, cy, r = circle(g)
    text = g.find(f"{NS}text")
    assert text is not None and text.text == "Government"
    assert float(text.get("x", "nan")) == pytest.approx(cx) and float(text.get("y", "nan")) > cy + r


def test_more_power_draws_a_larger_circle_and_no_power_a_middling_one():
    parties = tuple(MapNode(f"p{p}", "party", f"P{p}", power=p) for p in range(1, 6))
    unknown = MapNode("none", "party", "Unknown power")
    root = parse(render_svg(MapSnapshot((*parties, unknown))))
    radii = [circle(node(root, f"p{p}"))[2] for p in range(1, 6)]
    assert radii == sorted(radii) and len(set(radii)) == 5
    assert radii[0] < circle(node(root, "none"))[2] < radii[-1]


def test_an_external_party_has_a_shadow_behind_it_and_a_party_has_none():
    ext = MapNode("e", "external", "Neighbour state", power=3, x=200, y=300)
    root = parse(render_svg(MapSnapshot((A, B, ext))))
    g = node(root, "e")
    assert g.get("class") == "node external"
    shapes = g.findall(f"{NS}circle")
    assert [c.get("class") for c in shapes] == ["shadow", None]  # the shadow is drawn first, i.e. behind
    shadow, body = shapes
    assert float(shadow.get("r", "0")) == float(body.get("r", "1"))
    assert float(shadow.get("cx", "0")) > float(body.get("cx", "0"))
    assert float(shadow.get("cy", "0")) > float(body.get("cy", "0"))
    assert shadow.get("fill") != body.get("fill")
    assert not [c for c in node(root, "a").findall(f"{NS}circle") if c.get("class") == "shadow"]


def test_an_issue_is_a_rectangle_with_its_label_inside():
    issue = MapNode("i", "issue", "Land tenure", x=200, y=300)
    g = node(parse(render_svg(MapSnapshot((A, B, issue)))), "i")
    assert g.get("class") == "node issue"
    assert not g.findall(f"{NS}circle")
    [rect] = g.findall(f"{NS}rect")
    x, y, w, h = (float(rect.get(a, "nan")) for a in ("x", "y", "width", "height"))
    text = g.find(f"{NS}text")
    assert text is not None and text.text == "Land tenure"
    assert x < float(text.get("x", "nan")) < x + w and y < float(text.get("y", "nan")) < y + h


# --- ties ---


def test_close_is_one_plain_straight_line():
    g = tie("close")
    [line] = g.findall(f"{NS}line")
    assert line.get("stroke-dasharray") is None and line.get("marker-end") is None
    assert not g.findall(f"{NS}polyline")


def test_alliance_is_a_double_line():
    lines = tie("alliance").findall(f"{NS}line")
    assert len(lines) == 2
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = map(coords, lines)
    # the nodes are side by side: two horizontal lines, one above the other
    assert ay1 == ay2 and by1 == by2 and ay1 != by1
    assert (ax1, ax2) == (bx1, bx2)


def test_informal_is_a_dotted_line():
    [line] = tie("informal").findall(f"{NS}line")
    assert line.get("stroke-dasharray")


def test_discord_is_a_zig_zag():
    g = tie("discord")
    [poly] = g.findall(f"{NS}polyline")
    assert not g.findall(f"{NS}line")
    points = [tuple(map(float, p.split(","))) for p in poly.get("points", "").split()]
    assert len(points) > 2
    ys = {y for _, y in points[1:-1]}
    assert len(ys) == 2 and min(ys) < points[0][1] < max(ys)  # it swings to both sides of the straight line


def test_broken_is_a_line_crossed_by_two_slashes_at_its_middle():
    lines = tie("broken").findall(f"{NS}line")
    slashes = [line for line in lines if line.get("class") == "slash"]
    [main] = [line for line in lines if line.get("class") != "slash"]
    assert len(slashes) == 2
    x1, y1, x2, _ = coords(main)
    mid = (x1 + x2) / 2
    for s in slashes:
        sx1, sy1, sx2, sy2 = coords(s)
        assert sx1 != sx2 and sy1 != sy2  # slanted, not along the line
        assert min(sy1, sy2) < y1 < max(sy1, sy2)  # across the line
        assert abs((sx1 + sx2) / 2 - mid) < 10  # near its middle
    a, b = (coords(s) for s in slashes)
    assert a[2] - a[0] == pytest.approx(b[2] - b[0]) and a[0] != b[0]  # parallel, side by side


def test_influence_is_an_arrow_that_stops_at_the_target_border():
    big = MapNode("b", "party", "Movement", power=5, x=400, y=0)
    root = parse(render_svg(MapSnapshot((A, big), (MapTie("a", "b", "influence"),)), legend=False))
    [line] = one(root, "tie influence").findall(f"{NS}line")
    assert line.get("marker-end") == "url(#mt-arrow)"
    markers = [m for m in root.iter(f"{NS}marker") if m.get("id") == "mt-arrow"]
    assert len(markers) == 1 and root.find(f"{NS}defs/{NS}marker") is markers[0]
    x1, y1, x2, y2 = coords(line)
    ax, ay, ar = circle(node(root, "a"))
    bx, by, br = circle(node(root, "b"))
    assert math.dist((x2, y2), (bx, by)) == pytest.approx(br, abs=0.02)  # the tip is on the target's border
    assert math.dist((x1, y1), (ax, ay)) == pytest.approx(ar, abs=0.02)


def test_an_arrow_into_an_issue_stops_at_the_rectangle():
    issue = MapNode("i", "issue", "Land", x=400, y=0)
    root = parse(render_svg(MapSnapshot((A, issue), (MapTie("a", "i", "influence"),)), legend=False))
    [line] = one(root, "tie influence").findall(f"{NS}line")
    [rect] = node(root, "i").findall(f"{NS}rect")
    assert coords(line)[2] == pytest.approx(float(rect.get("x", "nan")), abs=0.02)


def test_the_arrow_points_at_the_target_whichever_way_it_was_drawn():
    root = parse(render_svg(MapSnapshot((A, B), (MapTie("b", "a", "influence"),)), legend=False))
    x1, _, x2, _ = coords(one(root, "tie influence").findall(f"{NS}line")[0])
    assert x2 < x1  # from b (right) to a (left)


def test_ties_to_missing_nodes_are_left_out_and_the_rest_drawn():
    ties = (MapTie("a", "ghost", "close"), MapTie("a", "b", "discord"))
    root = parse(render_svg(MapSnapshot((A, B), ties)))
    assert not groups(root, "tie close") and len(groups(root, "tie discord")) == 1


def test_ties_are_drawn_under_the_nodes():
    root = parse(render_svg(MapSnapshot((A, B), (MapTie("a", "b", "close"),))))
    order = [g.get("class") for g in root.iter(f"{NS}g") if g.get("class") in ("ties", "nodes")]
    assert order == ["ties", "nodes"]


# --- legend ---


def test_the_legend_shows_every_tie_type_and_node_kind_with_their_labels():
    root = parse(render_svg(MapSnapshot((A, B))))
    legend = one(root, "legend")
    ties = [g for g in legend.iter(f"{NS}g") if g.get("class") == "legend-tie"]
    kinds = [g for g in legend.iter(f"{NS}g") if g.get("class") == "legend-node"]
    assert [g.get("data-type") for g in ties] == list(vocab.RELATIONSHIP_TYPES.codes())
    assert [g.get("data-kind") for g in kinds] == list(vocab.MAP_ELEMENTS.codes())
    texts = {t.text for t in legend.iter(f"{NS}text")}
    assert {t.label for t in vocab.RELATIONSHIP_TYPES} | {t.label for t in vocab.MAP_ELEMENTS} <= texts
    by_type = {g.get("data-type"): g for g in ties}
    assert len(by_type["alliance"].findall(f"{NS}line")) == 2
    assert by_type["discord"].find(f"{NS}polyline") is not None
    [kind_external] = [g for g in kinds if g.get("data-kind") == "external"]
    assert [c.get("class") for c in kind_external.findall(f"{NS}circle")] == ["shadow", None]


def test_the_legend_can_be_left_out():
    root = parse(render_svg(MapSnapshot((A, B)), legend=False))
    assert not groups(root, "legend")


def test_nodes_keep_clear_of_the_legend():
    nodes = tuple(MapNode(f"n{i}", "party", f"N{i}", power=5) for i in range(12))
    root = parse(render_svg(MapSnapshot(nodes)))
    transform = one(root, "legend").get("transform", "")
    legend_x = float(re.findall(r"[-\d.]+", transform)[0])
    assert max(circle(node(root, n.key))[0] + circle(node(root, n.key))[2] for n in nodes) < legend_x


# --- layout ---


def test_saved_positions_keep_their_arrangement_and_fit_the_canvas():
    saved = (
        MapNode("w", "party", "W", x=-500, y=20),
        MapNode("c", "party", "C", x=10, y=-300),
        MapNode("e", "party", "E", x=2500, y=90),
        MapNode("s", "issue", "S", x=30, y=1200),
    )
    pos = layout(MapSnapshot(saved), 800, 600, margin=40)
    assert sorted(pos, key=lambda k: pos[k][0]) == ["w", "c", "s", "e"]
    assert sorted(pos, key=lambda k: pos[k][1]) == ["c", "w", "e", "s"]
    for x, y in pos.values():
        assert 40 - 1e-9 <= x <= 760 + 1e-9 and 40 - 1e-9 <= y <= 560 + 1e-9
    # the aspect ratio is kept: one scale for both axes
    k = (pos["e"][0] - pos["w"][0]) / 3000
    assert (pos["s"][1] - pos["c"][1]) / 1500 == pytest.approx(k)
    # and the canvas is used: the wider extent touches both side margins
    assert min(x for x, _ in pos.values()) == pytest.approx(40)
    assert max(x for x, _ in pos.values()) == pytest.approx(760)


def test_small_saved_coordinates_are_scaled_up_and_centred():
    pos = layout(MapSnapshot((MapNode("a", "party", "A", x=0, y=0), MapNode("b", "party", "B", x=1, y=0))))
    assert pos["a"] == pytest.approx((60, 300)) and pos["b"] == pytest.approx((740, 300))


def test_nodes_without_positions_are_spread_on_a_circle_in_the_order_given():
    nodes = tuple(MapNode(f"n{i}", "party", f"N{i}") for i in range(6))
    pos = layout(MapSnapshot(nodes), 800, 600)
    assert list(pos) == [n.key for n in nodes]
    assert len({(round(x, 6), round(y, 6)) for x, y in pos.values()}) == 6
    cx = sum(x for x, _ in pos.values()) / 6
    cy = sum(y for _, y in pos.values()) / 6
    assert (cx, cy) == pytest.approx((400, 300))
    distances = [math.dist(p, (cx, cy)) for p in pos.values()]
    assert max(distances) - min(distances) == pytest.approx(0, abs=1e-6)
    assert pos["n0"][1] == pytest.approx(min(y for _, y in pos.values()))  # the first at the top


def test_unplaced_nodes_go_around_the_saved_ones():
    saved = (MapNode("a", "party", "A", x=100, y=100), MapNode("b", "party", "B", x=300, y=100))
    loose = (MapNode("c", "party", "C"), MapNode("d", "party", "D"))
    pos = layout(MapSnapshot((*saved, *loose)), 800, 600)
    assert pos["a"][0] < pos["b"][0] and pos["a"][1] == pytest.approx(pos["b"][1])
    middle = ((pos["a"][0] + pos["b"][0]) / 2, pos["a"][1])
    assert pos["c"][1] < middle[1] < pos["d"][1]  # one above, one below the saved pair
    assert math.dist(pos["c"], middle) > math.dist(pos["a"], middle)
    for x, y in pos.values():
        assert 0 <= x <= 800 and 0 <= y <= 600


def test_half_a_position_or_a_non_finite_one_counts_as_none():
    odd = (MapNode("a", "party", "A", x=5.0), MapNode("b", "party", "B", x=math.nan, y=1.0))
    pos = layout(MapSnapshot(odd), 800, 600)
    assert all(math.isfinite(v) for p in pos.values() for v in p)
    assert pos["a"] != pos["b"]


def test_a_single_node_sits_in_the_middle():
    assert layout(MapSnapshot((MapNode("a", "party", "A", x=-7, y=99),)), 800, 600) == {"a": (400, 300)}
    assert layout(MapSnapshot((MapNode("a", "party", "A"),)), 800, 600) == {"a": (400, 300)}


def test_layout_and_drawing_are_deterministic():
    nodes = (
        A,
        B,
        MapNode("c", "external", "C", power=2),
        MapNode("d", "issue", "D"),
        MapNode("e", "party", "E", x=-40.5, y=12.25),
    )
    snapshot = MapSnapshot(nodes, (MapTie("a", "c", "discord"), MapTie("c", "d", "influence")))
    assert layout(snapshot) == layout(MapSnapshot(nodes, snapshot.ties))
    assert render_svg(snapshot, title="t") == render_svg(MapSnapshot(nodes, snapshot.ties), title="t")


def test_every_drawn_node_lies_within_the_canvas():
    nodes = (
        MapNode("a", "party", "A", power=5, x=-1000, y=-1000),
        MapNode("b", "external", "B", power=5, x=1000, y=1000),
        MapNode("c", "issue", "Issue"),
    )
    root = parse(render_svg(MapSnapshot(nodes), width=640, height=480))
    for key in ("a", "b"):
        x, y, r = circle(node(root, key))
        assert r <= x <= 640 - r and r <= y <= 480 - r


def test_shared_layout_puts_a_party_at_the_same_place_in_both_versions():
    from multitrack.core.conflictmap_svg import shared_layout

    first = MapSnapshot(nodes=(MapNode("a", "party", "Government"), MapNode("b", "party", "Movement")))
    second = MapSnapshot(
        nodes=(
            MapNode("x", "party", "Newcomer"),
            MapNode("b", "party", "Movement"),
            MapNode("y", "party", "government"),  # another key: matched by label
        )
    )
    one, two = shared_layout(first, second)
    assert set(one) == {"a", "b"} and set(two) == {"x", "b", "y"}
    assert two["b"] == one["b"] and two["y"] == one["a"]
    assert two["x"] not in (one["a"], one["b"])
    alone = layout(second)
    assert alone["b"] != two["b"] or alone["y"] != two["y"]  # drawn alone, the layout would differ


# --- long labels, bowed arrows, halos and the "//" of a broken tie ---

LONG = "Land tenure and the return of displaced communities to their villages"
CHAR = 0.56 * 13  # the drawing's estimate of a character's width at its 13 px labels


def lines_of(text: ET.Element) -> list[tuple[float, float, str]]:
    """A label's lines: (x, baseline, words), from its <tspan>s or, for one line, the text itself."""
    spans = text.findall(f"{NS}tspan")
    if not spans:
        return [(float(text.get("x", "nan")), float(text.get("y", "nan")), text.text or "")]
    return [(float(s.get("x", "nan")), float(s.get("y", "nan")), s.text or "") for s in spans]


def label_box(text: ET.Element) -> tuple[float, float, float, float]:
    """Roughly where a label's letters are: x1, y1, x2, y2."""
    lines = lines_of(text)
    x, anchor = lines[0][0], text.get("text-anchor")
    w = max(len(words) for _, _, words in lines) * CHAR
    x1 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    return x1, lines[0][1] - 11, x1 + w, lines[-1][1] + 4


def path_points(path: ET.Element) -> list[tuple[float, float]]:
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", path.get("d", ""))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_a_long_issue_label_is_wrapped_into_lines_inside_a_rectangle_sized_to_them():
    short = MapNode("s", "issue", "Land", x=0, y=300)
    issue = MapNode("i", "issue", LONG, x=200, y=300)
    root = parse(render_svg(MapSnapshot((A, B, short, issue))))
    g = node(root, "i")
    text = g.find(f"{NS}text")
    assert text is not None and not (text.text or "").strip()
    lines = lines_of(text)
    assert len(lines) >= 3 and " ".join(words for _, _, words in lines) == LONG
    assert all(len(words) <= 22 for _, _, words in lines)
    assert [y for _, y, _ in lines] == sorted({y for _, y, _ in lines})  # one under the other
    [rect] = g.findall(f"{NS}rect")
    x, y, w, h = (float(rect.get(a, "nan")) for a in ("x", "y", "width", "height"))
    x1, y1, x2, y2 = label_box(text)
    assert x <= x1 and x2 <= x + w and y <= y1 and y2 <= y + h  # the lines fit in the rectangle
    assert w < len(LONG) * CHAR / 2  # which is sized to them, not to the label on one line
    [small] = node(root, "s").findall(f"{NS}rect")
    assert h > 2 * float(small.get("height", "nan"))


def test_a_party_label_too_long_for_a_line_is_wrapped_too():
    party = MapNode("p", "party", "A very long named party at the far right edge", x=200, y=300)
    text = node(parse(render_svg(MapSnapshot((A, B, party)))), "p").find(f"{NS}text")
    assert text is not None and len(lines_of(text)) >= 2


def test_a_label_longer_than_six_lines_is_cut_short_and_given_whole_in_a_tooltip():
    label = " ".join(["Movement for land, justice and peace"] * 6)
    g = node(parse(render_svg(MapSnapshot((A, MapNode("i", "issue", label))))), "i")
    text = g.find(f"{NS}text")
    assert text is not None and len(lines_of(text)) == 6 and lines_of(text)[-1][2].endswith("\u2026")
    assert g.findtext(f"{NS}title") == label


@pytest.mark.parametrize("legend", [True, False])
def test_nodes_with_long_labels_stay_inside_the_canvas_with_their_labels(legend):
    nodes = (
        MapNode("w", "party", "Government of the Republic of the West", power=5, x=-300, y=0),
        MapNode("e", "issue", LONG, x=300, y=0),
        MapNode("n", "external", "Neighbouring state and its allies abroad", power=4, x=0, y=-200),
        MapNode("s", "party", "Women's network for peace and reconciliation", power=1, x=0, y=200),
    )
    width, height = 800, 600
    root = parse(render_svg(MapSnapshot(nodes), width=width, height=height, title="T", legend=legend))
    right = width - 210 if legend else width
    for n in nodes:
        g = node(root, n.key)
        text = g.find(f"{NS}text")
        assert text is not None
        x1, y1, x2, y2 = label_box(text)
        assert x1 >= 0 and x2 <= right and y1 >= 30 and y2 <= height, (n.key, label_box(text))
        for rect in g.findall(f"{NS}rect"):
            x, y, w, h = (float(rect.get(a, "nan")) for a in ("x", "y", "width", "height"))
            assert x >= 0 and x + w <= right and y >= 30 and y + h <= height
        if n.kind != "issue":
            cx, cy, r = circle(g)
            assert r <= cx <= right - r and 30 + r <= cy <= height - r


def test_a_party_label_moves_off_the_side_a_tie_leaves_from():
    upper = MapNode("u", "party", "Upper", x=0, y=0)
    lower = MapNode("l", "party", "Lower", x=0, y=300)
    for source, target in (("l", "u"), ("u", "l")):
        root = parse(render_svg(MapSnapshot((upper, lower), (MapTie(source, target, "influence"),))))
        _, uy, ur = circle(node(root, "u"))
        text = node(root, "u").find(f"{NS}text")
        assert text is not None and label_box(text)[3] < uy - ur  # the tie leaves downwards: above
        lx, ly, lr = circle(node(root, "l"))
        text = node(root, "l").find(f"{NS}text")
        assert text is not None and label_box(text)[1] > ly + lr  # it leaves upwards: below, as usual
    side, down = MapNode("s", "party", "Side", x=300, y=300), MapNode("d", "party", "Down", x=0, y=600)
    busy = (MapTie("u", "l", "close"), MapTie("l", "d", "close"), MapTie("s", "l", "influence"))
    root = parse(render_svg(MapSnapshot((upper, lower, side, down), busy)))
    lx, ly, lr = circle(node(root, "l"))
    text = node(root, "l").find(f"{NS}text")
    assert text is not None and text.get("text-anchor") == "end" and label_box(text)[2] < lx - lr  # left


def test_an_arrow_beside_a_line_bows_away_from_it_and_still_ends_at_the_target_border():
    ties = (MapTie("a", "b", "close"), MapTie("a", "b", "influence"))
    root = parse(render_svg(MapSnapshot((A, B), ties), legend=False))
    [line] = one(root, "tie close").findall(f"{NS}line")
    g = one(root, "tie influence")
    assert not g.findall(f"{NS}line")
    [path] = g.findall(f"{NS}path")
    assert " Q" in path.get("d", "") and path.get("fill") == "none"
    assert path.get("marker-end") == "url(#mt-arrow)"
    (x1, y1), (qx, qy), (x2, y2) = path_points(path)
    ax, ay, ar = circle(node(root, "a"))
    bx, by, br = circle(node(root, "b"))
    assert math.dist((x2, y2), (bx, by)) == pytest.approx(br, abs=0.02)
    assert math.dist((x1, y1), (ax, ay)) == pytest.approx(ar, abs=0.02)
    # the tangent at the tip (from the control point) points at the target's centre
    assert math.atan2(by - y2, bx - x2) == pytest.approx(math.atan2(y2 - qy, x2 - qx), abs=1e-3)
    _, ly1, _, ly2 = coords(line)
    assert ly1 == ly2 == ay  # the line stays straight, between the centres
    assert abs(qy - ay) > 20 and y1 != ay and y2 != by  # the arrow leaves and bows to one side


def test_two_opposite_arrows_bow_to_opposite_sides():
    ties = (MapTie("a", "b", "influence"), MapTie("b", "a", "influence"))
    root = parse(render_svg(MapSnapshot((A, B), ties), legend=False))
    arrows = groups(root, "tie influence")
    assert len(arrows) == 2
    ax, ay, ar = circle(node(root, "a"))
    bx, by, br = circle(node(root, "b"))
    bows = []
    for g, (tx, ty, tr) in zip(arrows, ((bx, by, br), (ax, ay, ar)), strict=True):
        [path] = g.findall(f"{NS}path")
        (_, _), (_, qy), (x2, y2) = path_points(path)
        assert math.dist((x2, y2), (tx, ty)) == pytest.approx(tr, abs=0.02)
        bows.append(qy - ay)
    assert bows[0] * bows[1] < 0 and min(map(abs, bows)) > 20  # one above the axis, one below
    assert path_points(arrows[0].findall(f"{NS}path")[0]) != path_points(arrows[1].findall(f"{NS}path")[0])


def test_a_lone_arrow_or_a_line_beside_another_pair_is_not_bowed():
    c = MapNode("c", "party", "C", x=200, y=300)
    ties = (MapTie("a", "b", "influence"), MapTie("a", "c", "close"), MapTie("b", "c", "influence"))
    root = parse(render_svg(MapSnapshot((A, B, c), ties), legend=False))
    assert not root.findall(f".//{NS}g[@class='ties']//{NS}path")


def test_every_text_has_a_halo_that_keeps_lines_off_its_letters():
    issue = MapNode("i", "issue", LONG, x=200, y=300)
    ext = MapNode("e", "external", "Neighbour", x=200, y=-200)
    ties = (MapTie("a", "b", "close"), MapTie("a", "i", "influence"))
    root = parse(render_svg(MapSnapshot((A, B, issue, ext), ties), title="A title"))
    texts = list(root.iter(f"{NS}text"))
    assert len(texts) > 10
    issue_fill = node(root, "i").findall(f"{NS}rect")[0].get("fill")
    for text in texts:
        assert text.get("paint-order") == "stroke"
        assert text.get("stroke-width") == "3" and text.get("stroke-linejoin") == "round"
        on_issue = text in node(root, "i").findall(f"{NS}text")
        assert text.get("stroke") == (issue_fill if on_issue else "#ffffff")  # an issue's on its own colour


@pytest.mark.parametrize(
    "to", [(400, 0), (0, 400), (300, 300), (300, -300), (70, 400), (400, 70), (-200, 350), (230, 400)]
)
def test_the_strokes_of_a_broken_tie_read_as_slashes_whatever_its_slope(to):
    far = MapNode("b", "party", "Movement", power=3, x=to[0], y=to[1])
    lines = tie("broken", target=far).findall(f"{NS}line")
    [main] = [line for line in lines if line.get("class") != "slash"]
    slashes = [line for line in lines if line.get("class") == "slash"]
    assert len(slashes) == 2
    x1, y1, x2, y2 = coords(main)
    tx, ty = x2 - x1, y2 - y1
    vectors = []
    for s in slashes:
        sx1, sy1, sx2, sy2 = coords(s)
        vx, vy = sx2 - sx1, sy2 - sy1
        length = math.hypot(vx, vy)
        vectors.append((vx, vy))
        sine = abs(tx * vy - ty * vx) / (math.hypot(tx, ty) * length)
        assert sine > math.sin(math.radians(40)), "a stroke runs nearly along the tie"
        assert abs(vy) / length > math.sin(math.radians(40)), 'a flat stroke: the pair reads as "="'
        # it crosses the tie near its middle
        mx, my = (sx1 + sx2) / 2, (sy1 + sy2) / 2
        assert math.dist((mx, my), ((x1 + x2) / 2, (y1 + y2) / 2)) < 6
    (ax, ay), (bx, by) = vectors
    assert ax * by - ay * bx == pytest.approx(0, abs=0.05)  # parallel
    assert coords(slashes[0]) != coords(slashes[1])  # side by side
    # the line is cut between them: a dash to the middle, a gap, and the rest
    dash, gap, _ = (float(v) for v in main.get("stroke-dasharray", "").split())
    assert dash + gap / 2 == pytest.approx(math.hypot(tx, ty) / 2, abs=0.02) and 6 < gap < 14
