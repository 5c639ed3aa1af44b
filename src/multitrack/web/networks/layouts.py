"""Fixed positions for the pyramid and nine-track views (Cytoscape's `preset` layout)."""

from __future__ import annotations

import math
from collections import defaultdict

from multitrack.core import vocab
from multitrack.core.network import Node

LEVEL_ROWS = {"top": 0, "middle": 1, "grassroots": 2}
ROW_GAP, NODE_GAP = 220.0, 46.0


def pyramid(nodes: tuple[Node, ...]) -> tuple[dict[str, dict[str, float]], list[dict[str, object]]]:
    """Actors by Lederach level, narrow at the top; those with no level in a row beneath."""
    rows: dict[int, list[Node]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (n.track or "", n.id)):
        rows[LEVEL_ROWS.get(node.level or "", 3)].append(node)
    positions: dict[str, dict[str, float]] = {}
    for row, members in rows.items():
        per_line = 6 + 8 * min(row, 2)  # the pyramid widens level by level
        for i, node in enumerate(members):
            line, place = divmod(i, per_line)
            width = (min(per_line, len(members)) - 1) * NODE_GAP
            positions[node.id] = {"x": place * NODE_GAP - width / 2, "y": row * ROW_GAP + line * 40.0}
    labels = [*(t.label for t in vocab.LEVELS), "Level not recorded"]
    guides = [
        {"id": f"guide-{i}", "label": label, "guide": True, "position": {"x": -620.0, "y": i * ROW_GAP}}
        for i, label in enumerate(labels)
        if i in rows
    ]
    return positions, guides


def nine_tracks(nodes: tuple[Node, ...]) -> tuple[dict[str, dict[str, float]], list[dict[str, object]]]:
    """The Diamond–McDonald compass: nine sectors, an actor in the sector of its first track."""
    sectors: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: n.id):
        sectors[node.nine_tracks[0] if node.nine_tracks else ""].append(node)
    positions: dict[str, dict[str, float]] = {}
    guides: list[dict[str, object]] = []
    for code, members in sectors.items():
        if not code:
            for i, node in enumerate(members):
                positions[node.id] = {"x": (i % 5 - 2) * NODE_GAP, "y": (i // 5) * NODE_GAP}
            continue
        angle = (int(code) - 1) * 2 * math.pi / 9 - math.pi / 2
        for i, node in enumerate(members):
            ring, step = divmod(i, 6)
            radius = 260.0 + ring * 60.0
            spread = (step - 2.5) * 0.09
            positions[node.id] = {
                "x": radius * math.cos(angle + spread),
                "y": radius * math.sin(angle + spread),
            }
        guides.append(
            {
                "id": f"guide-{code}",
                "label": vocab.NINE_TRACKS.label(code),
                "guide": True,
                "position": {"x": 560.0 * math.cos(angle), "y": 560.0 * math.sin(angle)},
            }
        )
    return positions, guides
