"""A conflict map as a standalone SVG picture, drawn after the mapping legend of Fisher et al. (2000).

Parties are circles sized by their power on the issue, external parties circles with a drop shadow,
issues rectangles around their label. Ties: close is a straight line, alliance a double line, informal a
dotted line, influence an arrow ending at the target's border, discord a zig-zag, and broken a line cut
and crossed by "//". An influence arrow that shares its two nodes with another tie (a line, or the
arrow the other way) bows to one side so that the two do not lie on top of each other. Colours, sizes and
marks follow the browser drawing (web/static/multitrack/conflictmap.js) and its legend (app.css).

Labels are wrapped at about 20 characters a line and drawn with a white halo, so that a tie passing under
one does not cross it out; a party's label goes below its circle, or above, right or left of it when that
side is freer of ties and other nodes (as in the browser drawing).

`layout` keeps the positions users saved and puts the other nodes on a circle, then fits everything into
the canvas; `render_svg` fits that arrangement again so that every node with its label stays on the
canvas, and draws the map, with an optional legend, as an SVG 1.1 document that loads nothing from outside.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from . import vocab
from .conflictmap import POWER_MAX, POWER_MIN, MapNode, MapSnapshot, MapTie, match_nodes

MARGIN = 60.0  # room around node centres, in `layout`, for the largest circle and its label
LEGEND_W = 210
FONT = "Helvetica, Arial, sans-serif"
INK = "#404040"
TEXT = "#1a1a1a"
WHITE = "#ffffff"
TIE_COLOURS = {"discord": "#b03a2e", "influence": "#1f4e79"}
NODE_COLOURS = {  # fill, outline
    "party": ("#dbe9f6", "#1f4e79"),
    "external": ("#fbe5c8", "#8a5a00"),
    "issue": ("#eeeeee", "#444444"),
}
SHADOW = "#8c8c8c"
SHADOW_SHIFT = 4.0
LABEL_SIZE = 13.0  # px, as in the browser drawing
LINE_HEIGHT = 1.2 * LABEL_SIZE
CHAR_W = 0.56 * LABEL_SIZE  # estimated mean advance of a character of a sans-serif face
LABEL_CHARS = 20  # characters a label line (about the browser's 140 px)
LABEL_LINES = 6  # a longer label is cut short with an ellipsis (and given whole in the node's <title>)
HALO = 3.0  # width of the halo around text
BEND = 28.0  # how far the control point of a bowed arrow lies from the line between the two centres
PAD = 8.0  # room kept between the drawing and the edges of the canvas
STEEP = math.sin(math.radians(50))  # the least slope of the strokes of "//" that reads well
SIDES = ("bottom", "top", "right", "left")  # where a party's label may go, in order of preference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DEFS = (
    '<defs><marker id="mt-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" '
    f'markerHeight="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{TIE_COLOURS["influence"]}"/>'
    "</marker></defs>"
)

Box = tuple[float, float, float, float]  # room a node needs left, above, right and below its centre


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def _n(value: float) -> str:
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out == "-0" else out


def _halo(colour: str = WHITE) -> str:
    """Attributes that draw a text's outline under its letters: a halo that keeps lines off them."""
    return f' paint-order="stroke" stroke="{colour}" stroke-width="{_n(HALO)}" stroke-linejoin="round"'


@lru_cache(maxsize=1024)
def _wrap(label: str) -> tuple[str, ...]:
    """The label's lines: words (a word too long for a line cut into pieces) filled greedily into lines of
    at most LABEL_CHARS characters, at most LABEL_LINES of them (the last then ending in an ellipsis)."""
    words: list[str] = []
    for word in _NOT_XML.sub("", label).split():
        words += [word[i : i + LABEL_CHARS] for i in range(0, len(word), LABEL_CHARS)]
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > LABEL_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1].rstrip() + "\u2026"
    return tuple(lines)


def _label_width(lines: Sequence[str]) -> float:
    return max(len(line) for line in lines) * CHAR_W


def layout(
    snapshot: MapSnapshot, width: float = 800, height: float = 600, *, margin: float = MARGIN
) -> dict[str, tuple[float, float]]:
    """Node key -> (x, y) on a `width` x `height` canvas, at least `margin` from its edges.

    Saved positions (both x and y set) keep their arrangement; the other nodes go, in the order given, on
    a circle around the centre of the saved ones (or of the canvas). All are then scaled, keeping the
    aspect ratio, and centred to fill the canvas.
    """
    points: dict[str, tuple[float, float]] = {}
    free: list[str] = []
    for n in snapshot.nodes:
        if n.x is not None and n.y is not None and math.isfinite(n.x) and math.isfinite(n.y):
            points[n.key] = (float(n.x), float(n.y))
        else:
            free.append(n.key)
    if points:
        cx = sum(x for x, _ in points.values()) / len(points)
        cy = sum(y for _, y in points.values()) / len(points)
        spread = max(math.hypot(x - cx, y - cy) for x, y in points.values())
    else:
        cx, cy, spread = width / 2, height / 2, 0.0
    r = 1.25 * spread if spread > 0 else min(width, height) / 3
    for i, key in enumerate(free):
        angle = -math.pi / 2 + 2 * math.pi * i / len(free)
        points[key] = (cx + r * math.cos(angle), cy + r * math.sin(angle))
    if not points:
        return {}
    m = min(margin, width / 4, height / 4)
    xs, ys = [x for x, _ in points.values()], [y for _, y in points.values()]
    spans = ((width - 2 * m, max(xs) - min(xs)), (height - 2 * m, max(ys) - min(ys)))
    scales = [room / span for room, span in spans if span > 0]
    k = min(scales) if scales else 0.0
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    fitted = {key: (width / 2 + (x - mx) * k, height / 2 + (y - my) * k) for key, (x, y) in points.items()}
    return {n.key: fitted[n.key] for n in snapshot.nodes}


def shared_layout(
    first: MapSnapshot, second: MapSnapshot, width: float = 800, height: float = 600
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Places for two versions drawn side by side: a party on both stands at the same place in each, so
    that what moved is what changed. The nodes of both are laid out once, those of `second` that match one
    of `first` (see `match_nodes`) taking its place."""
    matched = match_nodes(first, second)
    combined = MapSnapshot(nodes=first.nodes + tuple(n for n in second.nodes if n.key not in matched))
    places = layout(combined, width, height)
    return (
        {n.key: places[n.key] for n in first.nodes},
        {n.key: places[matched.get(n.key, n.key)] for n in second.nodes},
    )


def _radius(power: int | None) -> float:
    p = (POWER_MIN + POWER_MAX) / 2 if power is None else min(max(power, POWER_MIN), POWER_MAX)
    return 12.0 + 4.0 * p


def _half(node: MapNode) -> tuple[float, float]:
    """Half the width and height of the node's shape; an issue's rectangle is sized to its wrapped label."""
    if node.kind == "issue":
        lines = _wrap(node.label)
        return max(30.0, (_label_width(lines) + 16) / 2), (len(lines) * LINE_HEIGHT + 10) / 2
    r = _radius(node.power)
    return r, r


def _label_box(node: MapNode, side: str, x: float, y: float) -> Box:
    """Where a circle's label goes (x1, y1, x2, y2) when the circle's centre is (x, y): below, above, right
    or left of it (clear of an external party's shadow), with room for the halo."""
    lines = _wrap(node.label)
    w, h = _label_width(lines) + HALO, len(lines) * LINE_HEIGHT + HALO / 2
    r = _radius(node.power)
    shift = SHADOW_SHIFT if node.kind == "external" else 0.0
    if side == "top":
        return x - w / 2, y - r - 3 - h, x + w / 2, y - r - 3
    if side == "right":
        return x + r + 4 + shift, y - h / 2, x + r + 4 + shift + w, y + h / 2
    if side == "left":
        return x - r - 4 - w, y - h / 2, x - r - 4, y + h / 2
    return x - w / 2, y + r + 3 + shift, x + w / 2, y + r + 3 + shift + h


def _body(node: MapNode, x: float, y: float) -> Box:
    """The node's shape (x1, y1, x2, y2), outline and shadow included."""
    hw, hh = _half(node)
    shift = SHADOW_SHIFT if node.kind == "external" else 0.0
    return x - hw - 1, y - hh - 1, x + hw + 1 + shift, y + hh + 1 + shift


def _extent(node: MapNode, side: str | None) -> Box:
    """The room the node needs around its centre (left, above, right, below), its label on `side`
    included."""
    x1, y1, x2, y2 = _body(node, 0, 0)
    if node.kind != "issue":
        lx1, ly1, lx2, ly2 = _label_box(node, side or SIDES[0], 0, 0)
        x1, y1, x2, y2 = min(x1, lx1), min(y1, ly1), max(x2, lx2), max(y2, ly2)
    return -x1, -y1, x2, y2


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _sides(
    snapshot: MapSnapshot, pos: dict[str, tuple[float, float]], ties: Sequence[MapTie]
) -> dict[str, str]:
    """Where each circle's label goes, as in the browser drawing: below the circle, above it, right or left
    of it, whichever is freest (in that order of preference), so that labels hide few arrowheads and line
    ends and do not cover each other. A side costs 1 for each tie that crosses it, and 2 for each other
    node, or label (assumed below its node), that it overlaps. A tie leaving the circle (radius r) towards
    (dx, dy) crosses a label below it, `half` wide either side, when |dx / dy| < half / r; one beside it,
    `high` high either side, when |dy / dx| < high / r."""
    others: dict[str, list[str]] = {n.key: [] for n in snapshot.nodes}
    for t in ties:
        if t.source != t.target:
            others[t.source].append(t.target)
            others[t.target].append(t.source)
    bodies = {n.key: _body(n, *pos[n.key]) for n in snapshot.nodes}
    below = {n.key: _label_box(n, SIDES[0], *pos[n.key]) for n in snapshot.nodes if n.kind != "issue"}
    sides: dict[str, str] = {}
    for n in snapshot.nodes:
        if n.kind == "issue":
            continue
        (x, y), r = pos[n.key], _radius(n.power)
        boxes = [_label_box(n, side, x, y) for side in SIDES]
        half, high = (boxes[0][2] - boxes[0][0]) / 2, (boxes[0][3] - boxes[0][1]) / 2 + 2
        cost = [0.0, 0.1, 0.2, 0.3]
        for other in others[n.key]:
            dx, dy = pos[other][0] - x, pos[other][1] - y
            if abs(dx) * r < abs(dy) * half:
                cost[0 if dy > 0 else 1] += 1
            if abs(dy) * r < abs(dx) * high:
                cost[2 if dx > 0 else 3] += 1
        for m in snapshot.nodes:
            if m.key == n.key:
                continue
            for i, box in enumerate(boxes):
                cost[i] += 2 * _overlap(box, bodies[m.key]) + 2 * (
                    m.key in below and _overlap(box, below[m.key])
                )
        sides[n.key] = SIDES[cost.index(min(cost))]
    return sides


def _border(node: MapNode, ux: float, uy: float) -> float:
    """Distance from the node's centre to its outline in the direction (ux, uy)."""
    hw, hh = _half(node)
    if node.kind != "issue":
        return hw
    return min(hw / abs(ux) if ux else math.inf, hh / abs(uy) if uy else math.inf)


def _fit(
    points: dict[str, tuple[float, float]], boxes: dict[str, Box], x0: float, y0: float, w: float, h: float
) -> dict[str, tuple[float, float]]:
    """The arrangement `points` scaled (one scale for both axes) and moved as little as it takes for every
    node, with the room `boxes` says it needs, to lie within the w x h area at (x0, y0), centred in it. When
    no scale will do (a canvas too small for the labels), `points` as they are."""
    if not points:
        return {}
    keys = list(points)
    axes = []
    for axis, room in ((0, w), (1, h)):
        qs = [points[key][axis] for key in keys]
        lows = [boxes[key][axis] + PAD for key in keys]
        highs = [boxes[key][axis + 2] + PAD for key in keys]
        axes.append((qs, lows, highs, room))
    k = math.inf
    for qs, lows, highs, room in axes:
        for qi, hi in zip(qs, highs, strict=True):
            for qj, lo in zip(qs, lows, strict=True):
                if qi > qj:
                    k = min(k, (room - hi - lo) / (qi - qj))
    if k == math.inf:  # all at one place
        k = 1.0
    if k <= 0:
        return points
    offsets = []
    for qs, lows, highs, room in axes:
        first = max(lo - k * q for q, lo in zip(qs, lows, strict=True))
        last = min(room - hi - k * q for q, hi in zip(qs, highs, strict=True))
        offsets.append((first + last) / 2)
    ox, oy = x0 + offsets[0], y0 + offsets[1]
    return {key: (ox + k * x, oy + k * y) for key, (x, y) in points.items()}


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, extra: str = "", width: float = 2) -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
        f'stroke-width="{_n(width)}"{extra}/>'
    )


def _slash(ux: float, uy: float) -> tuple[float, float, float]:
    """The direction of the strokes of "//" across a line running (ux, uy), and the sine of their angle to
    it: turned 70 degrees from the line if that leaves them standing at least 50 degrees from the horizontal,
    else 45 degrees, whichever way stands steeper; leaning like "/" when both ways stand alike. So the two
    strokes read as "//" and never as "=" (two flat strokes one above the other) whatever the line's slope."""
    best: tuple[tuple[bool, float, float, bool], tuple[float, float, float]] | None = None
    for degrees in (70.0, 45.0):
        t = math.radians(degrees)
        for sign in (1.0, -1.0):
            c, s = math.cos(t), sign * math.sin(t)
            sx, sy = ux * c - uy * s, ux * s + uy * c
            steep = round(abs(sy), 6)
            steep_enough = steep >= STEEP
            rank = (steep_enough, degrees * steep_enough, steep, sx * sy < 0)  # "/": sx * sy < 0 (y down)
            if best is None or rank > best[0]:
                best = rank, (sx, sy, math.sin(t))
    assert best is not None
    return best[1]


def _tie_shape(kind: str, x1: float, y1: float, x2: float, y2: float) -> str:
    """The marks of one tie from (x1, y1) to (x2, y2); an unknown type is drawn as a plain line."""
    colour = TIE_COLOURS.get(kind, INK)
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    px, py = -uy, ux  # perpendicular
    if kind == "alliance":
        return _line(x1 + 2.5 * px, y1 + 2.5 * py, x2 + 2.5 * px, y2 + 2.5 * py, colour, width=1.75) + _line(
            x1 - 2.5 * px, y1 - 2.5 * py, x2 - 2.5 * px, y2 - 2.5 * py, colour, width=1.75
        )
    if kind == "informal":
        return _line(x1, y1, x2, y2, colour, ' stroke-dasharray="0.01 5" stroke-linecap="round"', 2.5)
    if kind == "influence":
        return _line(x1, y1, x2, y2, colour, ' marker-end="url(#mt-arrow)"')
    if kind == "discord":  # a corner every 7 px, 4.5 px either side of the line
        steps = max(2, int(d / 7))
        points = [(x1, y1)]
        for i in range(1, steps):
            side = 4.5 if i % 2 else -4.5
            points.append((x1 + dx * i / steps + px * side, y1 + dy * i / steps + py * side))
        points.append((x2, y2))
        joined = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        return (
            f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    if kind != "broken":
        return _line(x1, y1, x2, y2, colour)
    # broken: two strokes 4.7 px apart across the middle of the line, which is cut between them
    sx, sy, sine = _slash(ux, uy)
    shift = 2.35 / sine
    cut = shift + 2
    extra = ""
    if d > 2 * cut + 4:
        extra = f' stroke-dasharray="{_n(d / 2 - cut)} {_n(2 * cut)} {_n(d)}"'
    out = _line(x1, y1, x2, y2, colour, extra)
    for along in (-shift, shift):
        mx, my = (x1 + x2) / 2 + ux * along, (y1 + y2) / 2 + uy * along
        out += _line(mx - 6 * sx, my - 6 * sy, mx + 6 * sx, my + 6 * sy, colour, ' class="slash"')
    return out


def _ends(
    a: MapNode, pa: tuple[float, float], b: MapNode, pb: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The visible part of the segment between two node centres: from border to border."""
    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
    d = math.hypot(dx, dy)
    ux, uy = dx / d, dy / d
    start, end = _border(a, ux, uy), d - _border(b, ux, uy)
    if end - start < 4:  # the shapes overlap: centre to centre
        start, end = 0.0, d
    return pa[0] + ux * start, pa[1] + uy * start, pa[0] + ux * end, pa[1] + uy * end


def _bowed_arrow(a: MapNode, pa: tuple[float, float], b: MapNode, pb: tuple[float, float]) -> str:
    """An influence arrow from a to b bowed to its left (seen from a): a quadratic curve whose control
    point lies BEND beside the middle of the line between the centres, from a's outline to b's, where it
    points at b's centre. Two opposite arrows bow to opposite sides, and a line between the same two
    nodes stays straight between them."""
    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
    d = math.hypot(dx, dy)
    cx, cy = (pa[0] + pb[0]) / 2 - dy / d * BEND, (pa[1] + pb[1]) / 2 + dx / d * BEND
    ends = []
    for node, (x, y) in ((a, pa), (b, pb)):
        vx, vy = cx - x, cy - y
        reach = math.hypot(vx, vy)
        border = _border(node, vx / reach, vy / reach)
        ends.append((x + vx / reach * border, y + vy / reach * border, reach > border + 2))
    (x1, y1, clear1), (x2, y2, clear2) = ends
    if not (clear1 and clear2):  # the shapes crowd the curve: centre to centre
        (x1, y1), (x2, y2) = pa, pb
    return (
        f'<path d="M{_n(x1)},{_n(y1)} Q{_n(cx)},{_n(cy)} {_n(x2)},{_n(y2)}" fill="none" '
        f'stroke="{TIE_COLOURS["influence"]}" stroke-width="2" marker-end="url(#mt-arrow)"/>'
    )


def _label(x: float, y: float, lines: Sequence[str], halo: str = WHITE, anchor: str = "middle") -> str:
    """A label at x (its middle, start or end: `anchor`), its first baseline at y: one line as the text
    itself, more as <tspan>s."""
    head = f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{_halo(halo)}>'
    if len(lines) == 1:
        return f"{head}{_text(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(y + i * LINE_HEIGHT)}">{_text(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f"{head}{spans}</text>"


def _node_shape(node: MapNode, x: float, y: float, side: str = SIDES[0]) -> str:
    fill, edge = NODE_COLOURS.get(node.kind, NODE_COLOURS["party"])
    hw, hh = _half(node)
    lines = _wrap(node.label)
    whole = " ".join(_NOT_XML.sub("", node.label).split())
    title = f"<title>{_text(whole)}</title>" if " ".join(lines) != whole else ""
    if node.kind == "issue":
        first = y - (len(lines) - 1) * LINE_HEIGHT / 2 + 0.35 * LABEL_SIZE
        return (
            f'{title}<rect x="{_n(x - hw)}" y="{_n(y - hh)}" width="{_n(2 * hw)}" height="{_n(2 * hh)}" '
            f'rx="3" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'
            + _label(x, first, lines, halo=fill)  # on the rectangle, a halo of its own colour
        )
    shadow = ""
    if node.kind == "external":
        shadow = (
            f'<circle class="shadow" cx="{_n(x + SHADOW_SHIFT)}" cy="{_n(y + SHADOW_SHIFT)}" r="{_n(hw)}" '
            f'fill="{SHADOW}"/>'
        )
    x1, y1, x2, _ = _label_box(node, side, x, y)
    if side == "right":
        label = _label(
            x1 + HALO / 2, y - (len(lines) - 1) * LINE_HEIGHT / 2 + 0.35 * LABEL_SIZE, lines, anchor="start"
        )
    elif side == "left":
        label = _label(
            x2 - HALO / 2, y - (len(lines) - 1) * LINE_HEIGHT / 2 + 0.35 * LABEL_SIZE, lines, anchor="end"
        )
    else:
        label = _label(x, y1 + 0.9 * LABEL_SIZE, lines)
    return (
        f'{title}{shadow}<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(hw)}" fill="{fill}" stroke="{edge}" '
        f'stroke-width="1.5"/>{label}'
    )


def _legend(x: float, y: float) -> str:
    ties, kinds = list(vocab.RELATIONSHIP_TYPES), list(vocab.MAP_ELEMENTS)
    height = 34 + 20 * (len(ties) + len(kinds))
    out = [
        f'<g class="legend" transform="translate({_n(x)},{_n(y)})" font-size="11">',
        f'<rect x="0" y="0" width="{LEGEND_W - 10}" height="{height}" fill="#ffffff" stroke="#999999"/>',
        f'<text x="10" y="17" font-weight="bold" font-size="12"{_halo()}>Legend</text>',
    ]
    for i, term in enumerate(ties):
        ry = 36 + 20 * i
        out.append(
            f'<g class="legend-tie" data-type="{_attr(term.code)}">{_tie_shape(term.code, 10, ry, 46, ry)}'
            f'<text x="54" y="{ry + 4}"{_halo()}>{_text(term.label)}</text></g>'
        )
    for j, term in enumerate(kinds):
        ry = 36 + 20 * (len(ties) + j)
        fill, edge = NODE_COLOURS.get(term.code, NODE_COLOURS["party"])
        if term.code == "issue":
            sample = f'<rect x="16" y="{ry - 7}" width="24" height="14" fill="{fill}" stroke="{edge}"/>'
        else:
            sample = f'<circle cx="28" cy="{ry}" r="7" fill="{fill}" stroke="{edge}"/>'
            if term.code == "external":
                sample = f'<circle class="shadow" cx="30" cy="{ry + 2}" r="7" fill="{SHADOW}"/>' + sample
        out.append(
            f'<g class="legend-node" data-kind="{_attr(term.code)}">{sample}'
            f'<text x="54" y="{ry + 4}"{_halo()}>{_text(term.label)}</text></g>'
        )
    out.append("</g>")
    return "".join(out)


def render_svg(
    snapshot: MapSnapshot, *, title: str = "", width: int = 800, height: int = 600, legend: bool = True
) -> str:
    """The map as an SVG 1.1 document; with `legend`, a key to the symbols in the top right corner."""
    top = 30 if title else 0
    map_w = width - LEGEND_W if legend and width >= 2 * LEGEND_W else width
    nodes = {n.key: n for n in snapshot.nodes}
    raw = layout(snapshot, map_w, height - top)
    valid = [t for t in snapshot.ties if t.source in raw and t.target in raw]
    # the labels are placed for the arrangement, which is then fitted to the canvas with them; once more
    # at the scale that gives, which may free or crowd a side
    sides = _sides(snapshot, raw, valid)
    pos = _fit(
        raw, {n.key: _extent(n, sides.get(n.key)) for n in snapshot.nodes}, 0, top, map_w, height - top
    )
    sides = _sides(snapshot, pos, valid)
    pos = _fit(
        raw, {n.key: _extent(n, sides.get(n.key)) for n in snapshot.nodes}, 0, top, map_w, height - top
    )
    drawn = [
        t for t in snapshot.ties if t.source in pos and t.target in pos and pos[t.source] != pos[t.target]
    ]  # a dangling or degenerate tie has nothing to draw
    pairs = Counter(frozenset((t.source, t.target)) for t in drawn)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="{_n(LABEL_SIZE)}" '
        f'fill="{TEXT}">',
        f"<title>{_text(title or 'Conflict map')}</title>",
        _DEFS,
        f'<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="{WHITE}"/>',
    ]
    if title:
        out.append(
            f'<text class="heading" x="12" y="22" font-size="16" font-weight="bold"{_halo()}>'
            f"{_text(title)}</text>"
        )
    out.append('<g class="ties">')
    for t in drawn:
        a, pa, b, pb = nodes[t.source], pos[t.source], nodes[t.target], pos[t.target]
        if t.type == "influence" and pairs[frozenset((t.source, t.target))] > 1:
            shape = _bowed_arrow(a, pa, b, pb)  # beside a line, or the arrow the other way
        else:
            shape = _tie_shape(t.type, *_ends(a, pa, b, pb))
        out.append(
            f'<g class="tie {_attr(t.type)}" data-source="{_attr(t.source)}" data-target="{_attr(t.target)}">'
            f"{shape}</g>"
        )
    out.append('</g><g class="nodes">')
    for n in snapshot.nodes:
        power = "" if n.power is None else f' data-power="{n.power}"'
        shape = _node_shape(n, *pos[n.key], sides.get(n.key, SIDES[0]))
        out.append(f'<g class="node {_attr(n.kind)}" data-key="{_attr(n.key)}"{power}>{shape}</g>')
    out.append("</g>")
    if legend:
        out.append(_legend(width - LEGEND_W, top + 10))
    out.append("</svg>\n")
    return "".join(out)
