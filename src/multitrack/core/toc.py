"""Theories of change as plain data: their checks, their warnings, a layered layout and version diffs.

A theory of change (Mayne 2008) is a graph: activities lead to outputs, outputs to outcomes, outcomes to
impact. Each link carries a rationale (why the step should work); assumptions and risks hang on a link or
on an element. The web layer stores versions (a saved version never changes; a new version copies the
keys, so an element renamed between versions is still the same element); here a version is a `Toc`.

`problems` finds what makes a theory of change unusable (a link to a missing element, an unknown level);
`warnings` finds what weakens it, as a practitioner would review it:

- an outcome or impact that nothing leads to (an orphan: a hope, not a theory);
- an activity that leads to no outcome or impact, however many steps it takes (leading nowhere);
- a cycle (feedback loops exist, but a theory of change must still say where the chain starts);
- a link that runs backwards (an outcome leading to an activity: usually drawn the wrong way);
- a link without a rationale, and a theory without any impact or without any activity.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from . import vocab

LEVELS = vocab.TOC_LEVELS.codes()
RANK = {term.code: int(str(term.attrs["rank"])) for term in vocab.TOC_LEVELS}
ENDS = ("outcome", "impact")  # what an activity should lead to


@dataclass(frozen=True)
class TocNode:
    key: str
    level: str  # activity, output, outcome, impact
    label: str


@dataclass(frozen=True)
class TocLink:
    source: str  # node keys
    target: str
    rationale: str = ""


@dataclass(frozen=True)
class TocNote:
    """An assumption or a risk, on one element (`node`) or on one link (`link`: source and target keys)."""

    kind: str
    text: str
    node: str = ""
    link: tuple[str, str] | None = None


@dataclass(frozen=True)
class Toc:
    nodes: tuple[TocNode, ...] = ()
    links: tuple[TocLink, ...] = ()
    notes: tuple[TocNote, ...] = ()

    def labels(self) -> dict[str, str]:
        return {n.key: n.label for n in self.nodes}


@dataclass(frozen=True)
class TocWarning:
    code: str
    message: str
    nodes: tuple[str, ...] = ()  # the keys concerned, to highlight them


class TocError(ValueError):
    """A theory of change given as data that cannot be read; says where (element or link) and what."""


def problems(toc: Toc) -> list[str]:
    """What makes the theory unusable, naming the element by label and the field."""
    found: list[str] = []
    counts = Counter(n.key for n in toc.nodes)
    found += [f"element key {k!r} is used {c} times" for k, c in counts.items() if c > 1]
    labels = toc.labels()
    for n in toc.nodes:
        if n.level not in RANK:
            found.append(f"{n.label or n.key}: level {n.level!r} is not one of {', '.join(LEVELS)}")
        if not n.label.strip():
            found.append(f"element {n.key!r}: the label is empty")
    seen: set[tuple[str, str]] = set()
    for link in toc.links:
        ends = [e for e in (link.source, link.target) if e not in labels]
        if ends:
            found.append(f"link {link.source!r} → {link.target!r}: no element with key {ends[0]!r}")
            continue
        name = f"link {labels[link.source]} → {labels[link.target]}"
        if link.source == link.target:
            found.append(f"{name}: an element cannot lead to itself")
        if (link.source, link.target) in seen:
            found.append(f"{name}: drawn twice")
        seen.add((link.source, link.target))
    for note in toc.notes:
        if note.kind not in vocab.TOC_NOTES:
            found.append(f"note {note.text[:40]!r}: kind {note.kind!r} is not one of assumption, risk")
        if note.node and note.node not in labels:
            found.append(f"note {note.text[:40]!r}: no element with key {note.node!r}")
        if note.link is not None and note.link not in seen:
            found.append(f"note {note.text[:40]!r}: no link {note.link[0]!r} → {note.link[1]!r}")
    return found


def _graph(toc: Toc) -> tuple[ig.Graph, list[str]]:
    keys = [n.key for n in toc.nodes]
    index = {k: i for i, k in enumerate(keys)}
    edges = [(index[link.source], index[link.target]) for link in toc.links]
    return ig.Graph(n=len(keys), edges=edges, directed=True), keys


def warnings(toc: Toc) -> list[TocWarning]:
    """What weakens the theory (see the module's docstring); assumes `problems(toc)` is empty."""
    out: list[TocWarning] = []
    level = {n.key: n.level for n in toc.nodes}
    labels = toc.labels()
    incoming: dict[str, int] = Counter(link.target for link in toc.links)
    successors: dict[str, list[str]] = defaultdict(list)
    for link in toc.links:
        successors[link.source].append(link.target)

    def names(keys: list[str]) -> str:
        return ", ".join(labels[k] for k in keys)

    if toc.nodes and not any(n.level == "impact" for n in toc.nodes):
        out.append(TocWarning("no_impact", "no impact: the theory does not say what change it serves"))
    if toc.nodes and not any(n.level == "activity" for n in toc.nodes):
        out.append(TocWarning("no_activity", "no activity: the theory does not say what the initiative does"))
    orphans = [n.key for n in toc.nodes if n.level in ENDS and not incoming.get(n.key)]
    if orphans:
        out.append(TocWarning("orphan_outcome", f"nothing leads to {names(orphans)}", tuple(sorted(orphans))))
    dead = [n.key for n in toc.nodes if n.level == "activity" and not _reaches_end(n.key, successors, level)]
    if dead:
        out.append(
            TocWarning(
                "activity_leads_nowhere",
                f"{names(dead)} lead{'s' if len(dead) == 1 else ''} to no outcome or impact",
                tuple(sorted(dead)),
            )
        )
    graph, keys = _graph(toc)
    for component in graph.connected_components(mode="strong"):
        if len(component) > 1:
            members = sorted(keys[i] for i in component)
            out.append(TocWarning("cycle", f"a cycle runs through {names(members)}", tuple(members)))
    backwards = [
        link for link in toc.links if RANK.get(level[link.source], 0) > RANK.get(level[link.target], 0)
    ]
    for link in backwards:
        out.append(
            TocWarning(
                "backward_link",
                f"{labels[link.source]} ({level[link.source]}) leads back to {labels[link.target]} "
                f"({level[link.target]}): is the arrow drawn the wrong way?",
                (link.source, link.target),
            )
        )
    bare = [link for link in toc.links if not link.rationale.strip()]
    if bare:
        pairs = "; ".join(f"{labels[link.source]} → {labels[link.target]}" for link in bare)
        out.append(
            TocWarning(
                "link_without_rationale",
                f"{len(bare)} link{'s' if len(bare) != 1 else ''} without a rationale: {pairs}",
                tuple(sorted({k for link in bare for k in (link.source, link.target)})),
            )
        )
    return out


def _reaches_end(start: str, successors: dict[str, list[str]], level: dict[str, str]) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for nxt in successors.get(key, ()):
            if level.get(nxt) in ENDS:
                return True
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def layout(toc: Toc, width: float = 1000.0, row: float = 90.0) -> dict[str, tuple[float, float]]:
    """Positions for a left-to-right drawing: one column per level, each column ordered so that an
    element sits near the elements it links to (two sweeps of the barycentre heuristic)."""
    columns: dict[str, list[str]] = {lv: [] for lv in LEVELS}
    for n in toc.nodes:
        columns.setdefault(n.level, []).append(n.key)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for link in toc.links:
        neighbours[link.source].append(link.target)
        neighbours[link.target].append(link.source)
    order = {key: i for column in columns.values() for i, key in enumerate(column)}
    for _ in range(2):
        for column in columns.values():
            column.sort(
                key=lambda k: (
                    sum(order[m] for m in neighbours[k]) / len(neighbours[k]) if neighbours[k] else order[k],
                    order[k],
                )
            )
            order.update({key: i for i, key in enumerate(column)})
    step = width / max(1, len(LEVELS) - 1)
    tallest = max((len(c) for c in columns.values()), default=1)
    positions: dict[str, tuple[float, float]] = {}
    for i, lv in enumerate(LEVELS):
        column = columns.get(lv, [])
        offset = (tallest - len(column)) * row / 2
        for j, key in enumerate(column):
            positions[key] = (round(i * step, 1), round(offset + j * row, 1))
    return positions


@dataclass(frozen=True)
class TocDiff:
    added: tuple[str, ...] = ()  # labels (as in the newer version)
    removed: tuple[str, ...] = ()  # labels (as in the older version)
    renamed: tuple[tuple[str, str], ...] = ()  # (old label, new label)
    moved: tuple[tuple[str, str, str], ...] = ()  # (label, old level, new level)
    links_added: tuple[tuple[str, str], ...] = ()
    links_removed: tuple[tuple[str, str], ...] = ()
    rationale_changed: tuple[tuple[str, str], ...] = ()
    notes_added: tuple[str, ...] = ()
    notes_removed: tuple[str, ...] = ()
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.renamed,
                self.moved,
                self.links_added,
                self.links_removed,
                self.rationale_changed,
                self.notes_added,
                self.notes_removed,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "elements": {
                "added": list(self.added),
                "removed": list(self.removed),
                "renamed": [{"from": a, "to": b} for a, b in self.renamed],
                "level_changed": [{"element": a, "from": b, "to": c} for a, b, c in self.moved],
            },
            "links": {
                "added": [list(p) for p in self.links_added],
                "removed": [list(p) for p in self.links_removed],
                "rationale_changed": [list(p) for p in self.rationale_changed],
            },
            "notes": {"added": list(self.notes_added), "removed": list(self.notes_removed)},
            "unchanged": dict(self.unchanged),
        }


def diff(before: Toc, after: Toc) -> TocDiff:
    """What changed from `before` to `after`; elements are the same element when they share a key."""
    old = {n.key: n for n in before.nodes}
    new = {n.key: n for n in after.nodes}
    old_links = {(link.source, link.target): link for link in before.links}
    new_links = {(link.source, link.target): link for link in after.links}
    old_labels, new_labels = before.labels(), after.labels()

    def pair(p: tuple[str, str], labels: dict[str, str]) -> tuple[str, str]:
        return labels[p[0]], labels[p[1]]

    common = [k for k in new if k in old]
    old_notes = Counter((n.kind, n.text) for n in before.notes)
    new_notes = Counter((n.kind, n.text) for n in after.notes)
    return TocDiff(
        added=tuple(new[k].label for k in new if k not in old),
        removed=tuple(old[k].label for k in old if k not in new),
        renamed=tuple((old[k].label, new[k].label) for k in common if old[k].label != new[k].label),
        moved=tuple(
            (new[k].label, old[k].level, new[k].level) for k in common if old[k].level != new[k].level
        ),
        links_added=tuple(pair(p, new_labels) for p in new_links if p not in old_links),
        links_removed=tuple(pair(p, old_labels) for p in old_links if p not in new_links),
        rationale_changed=tuple(
            pair(p, new_labels)
            for p in new_links
            if p in old_links and old_links[p].rationale.strip() != new_links[p].rationale.strip()
        ),
        notes_added=tuple(f"{kind}: {text}" for kind, text in (new_notes - old_notes).elements()),
        notes_removed=tuple(f"{kind}: {text}" for kind, text in (old_notes - new_notes).elements()),
        unchanged={
            "elements": sum(
                1 for k in common if old[k].label == new[k].label and old[k].level == new[k].level
            ),
            "links": sum(
                1
                for p in new_links
                if p in old_links and old_links[p].rationale.strip() == new_links[p].rationale.strip()
            ),
        },
    )


def from_data(data: Any) -> Toc:
    """A `Toc` from its JSON shape: {"elements": [{"key", "level", "label"}], "links": [{"from", "to",
    "rationale"}], "notes": [{"kind", "text", "element" | "link": [from, to]}]}. Raises `TocError`
    naming the place (elements[3].level) on a shape error; `problems` then checks the content."""
    if not isinstance(data, dict):
        raise TocError("the theory of change must be a JSON object with elements, links and notes")

    def items(name: str) -> list[Any]:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise TocError(f"{name}: must be a list")
        return value

    def text(obj: Any, where: str, name: str, required: bool = True) -> str:
        if not isinstance(obj, dict):
            raise TocError(f"{where}: must be an object")
        value = obj.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise TocError(f"{where}.{name}: {'a non-empty text' if required else 'a text'} is required")
        return value

    nodes = tuple(
        TocNode(
            text(e, f"elements[{i}]", "key"),
            text(e, f"elements[{i}]", "level"),
            text(e, f"elements[{i}]", "label"),
        )
        for i, e in enumerate(items("elements"))
    )
    links = tuple(
        TocLink(
            text(e, f"links[{i}]", "from"),
            text(e, f"links[{i}]", "to"),
            text(e, f"links[{i}]", "rationale", required=False),
        )
        for i, e in enumerate(items("links"))
    )
    notes: list[TocNote] = []
    for i, e in enumerate(items("notes")):
        where = f"notes[{i}]"
        kind, body = text(e, where, "kind"), text(e, where, "text")
        link = e.get("link")
        if link is not None:
            if not (isinstance(link, list) and len(link) == 2 and all(isinstance(x, str) for x in link)):
                raise TocError(f"{where}.link: must be [from, to] (two element keys)")
            notes.append(TocNote(kind, body, link=(link[0], link[1])))
        else:
            notes.append(TocNote(kind, body, node=text(e, where, "element", required=False)))
    return Toc(nodes, links, tuple(notes))


def to_data(toc: Toc) -> dict[str, Any]:
    """The JSON shape `from_data` reads, with the theory's problems and (when it has none) warnings."""
    found = problems(toc)
    return {
        "elements": [{"key": n.key, "level": n.level, "label": n.label} for n in toc.nodes],
        "links": [{"from": x.source, "to": x.target, "rationale": x.rationale} for x in toc.links],
        "notes": [
            {"kind": n.kind, "text": n.text, **({"link": list(n.link)} if n.link else {"element": n.node})}
            for n in toc.notes
        ],
        "problems": found,
        "warnings": [] if found else [{"code": w.code, "message": w.message} for w in warnings(toc)],
    }
