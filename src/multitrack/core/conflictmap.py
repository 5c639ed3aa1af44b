"""Conflict maps as plain data, their checks, and the difference between two versions.

A map (Fisher et al. 2000) shows parties, external parties and issues at one moment from one viewpoint,
with typed ties after the mapping legend. The web layer stores each version; here a version is a
`MapSnapshot` whose labels are already what the reader may see (pseudonyms where required).

Identity across versions. A node keeps its `key` when a new version is started as a copy of an
earlier one, so a party renamed between versions is still the same party. Two versions drawn
independently (two perspectives of the same date) share no keys; their nodes are then matched by the
registry actor they are linked to, and last by kind and label (case and spacing ignored).

Tie identity. Between two nodes there is at most one line (close, alliance, informal, discord or
broken), whichever way it was drawn, and at most one influence arrow in each direction. A line whose
type changes is "changed", or "broken" when it becomes a broken connection; an influence arrow that
turns round is a removed arrow and a formed one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import vocab

POWER_MIN, POWER_MAX = 1, 5
DIRECTED_TYPES = vocab.RELATIONSHIP_TYPES.with_flag("directed")


@dataclass(frozen=True)
class MapNode:
    """A party, external party or issue. `power` (1-5) is the party's relative power on the issue."""

    key: str
    kind: str
    label: str
    power: int | None = None
    actor: str | None = None  # the linked registry actor's code
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class MapTie:
    source: str  # node keys
    target: str
    type: str

    @property
    def directed(self) -> bool:
        return self.type in DIRECTED_TYPES

    def identity(self) -> tuple[str, ...]:
        """What makes two ties "the same tie": the ordered pair for an arrow, else the unordered pair."""
        if self.directed:
            return ("arrow", self.source, self.target)
        return ("line", *sorted((self.source, self.target)))


@dataclass(frozen=True)
class MapSnapshot:
    nodes: tuple[MapNode, ...] = ()
    ties: tuple[MapTie, ...] = ()

    def node(self, key: str) -> MapNode:
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(key)


def problems(snapshot: MapSnapshot) -> list[str]:
    """What is wrong with a map, in words that name the element (by label) and the field."""
    found: list[str] = []
    keys = Counter(n.key for n in snapshot.nodes)
    found += [f"node key {k!r} is used {c} times" for k, c in keys.items() if c > 1]
    labels = {n.key: n.label for n in snapshot.nodes}
    for n in snapshot.nodes:
        if n.kind not in vocab.MAP_ELEMENTS:
            found.append(f"{n.label}: kind {n.kind!r} is not one of {', '.join(vocab.MAP_ELEMENTS.codes())}")
        if n.power is not None:
            if n.kind == "issue":
                found.append(f"{n.label}: an issue has no power; leave it blank")
            elif not POWER_MIN <= n.power <= POWER_MAX:
                found.append(f"{n.label}: power must be from {POWER_MIN} to {POWER_MAX}, not {n.power}")
    seen: set[tuple[str, ...]] = set()
    for t in snapshot.ties:
        where = f"tie {labels.get(t.source, t.source)} – {labels.get(t.target, t.target)}"
        if t.type not in vocab.RELATIONSHIP_TYPES:
            found.append(
                f"{where}: type {t.type!r} is not one of {', '.join(vocab.RELATIONSHIP_TYPES.codes())}"
            )
        missing = [k for k in (t.source, t.target) if k not in labels]
        if missing:
            found.append(f"{where}: no node with key {', '.join(missing)} on this map")
        if t.source == t.target:
            found.append(f"{where}: a tie needs two different nodes")
        if t.identity() in seen:
            what = "an influence arrow in this direction" if t.directed else "a line"
            found.append(f"{where}: the two nodes already have {what}; change its type instead")
        seen.add(t.identity())
    return found


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def match_nodes(before: MapSnapshot, after: MapSnapshot) -> dict[str, str]:
    """For each node of `after` that is also on `before`: its key -> the key it has on `before`."""
    matched: dict[str, str] = {}
    taken: set[str] = set()
    old_keys = {n.key for n in before.nodes}
    for n in after.nodes:
        if n.key in old_keys:
            matched[n.key] = n.key
            taken.add(n.key)

    def by(attribute: Any) -> None:
        index: dict[Any, str] = {}
        for n in before.nodes:
            value = attribute(n)
            if n.key not in taken and value is not None:
                index.setdefault(value, n.key)
        for n in after.nodes:
            value = attribute(n)
            if n.key in matched or value is None or value not in index:
                continue
            old = index.pop(value)
            matched[n.key] = old
            taken.add(old)

    by(lambda n: n.actor)
    by(lambda n: (n.kind, _norm(n.label)))
    return matched


@dataclass(frozen=True)
class NodeChange:
    before: MapNode
    after: MapNode


@dataclass(frozen=True)
class TieChange:
    before: MapTie | None
    after: MapTie | None


@dataclass(frozen=True)
class MapDiff:
    """What changed from `before` to `after`. Ties are given in their own version's node keys."""

    added: tuple[MapNode, ...] = ()
    gone: tuple[MapNode, ...] = ()
    power_changes: tuple[NodeChange, ...] = ()
    kind_changes: tuple[NodeChange, ...] = ()
    renamed: tuple[NodeChange, ...] = ()
    ties_formed: tuple[TieChange, ...] = ()
    ties_changed: tuple[TieChange, ...] = ()
    ties_broken: tuple[TieChange, ...] = ()
    ties_removed: tuple[TieChange, ...] = ()
    unchanged_nodes: int = 0
    unchanged_ties: int = 0
    labels: dict[str, str] = field(default_factory=dict, compare=False)  # key -> label, both versions

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.gone,
                self.power_changes,
                self.kind_changes,
                self.renamed,
                self.ties_formed,
                self.ties_changed,
                self.ties_broken,
                self.ties_removed,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        def node(n: MapNode) -> dict[str, Any]:
            return {"key": n.key, "kind": n.kind, "label": n.label, "power": n.power, "actor": n.actor}

        def tie(t: MapTie) -> dict[str, Any]:
            return {
                "source": self.labels.get(t.source, t.source),
                "target": self.labels.get(t.target, t.target),
                "type": t.type,
            }

        def tie_change(c: TieChange) -> dict[str, Any]:
            shown = c.after or c.before
            assert shown is not None
            out = tie(shown)
            out["before"] = c.before.type if c.before else None
            out["after"] = c.after.type if c.after else None
            return out

        def change(c: NodeChange, attribute: str) -> dict[str, Any]:
            return {
                **node(c.after),
                "before": getattr(c.before, attribute),
                "after": getattr(c.after, attribute),
            }

        return {
            "parties_added": [node(n) for n in self.added],
            "parties_gone": [node(n) for n in self.gone],
            "power_changes": [change(c, "power") for c in self.power_changes],
            "kind_changes": [change(c, "kind") for c in self.kind_changes],
            "renamed": [change(c, "label") for c in self.renamed],
            "ties_formed": [tie_change(c) for c in self.ties_formed],
            "ties_changed": [tie_change(c) for c in self.ties_changed],
            "ties_broken": [tie_change(c) for c in self.ties_broken],
            "ties_removed": [tie_change(c) for c in self.ties_removed],
            "unchanged": {"nodes": self.unchanged_nodes, "ties": self.unchanged_ties},
        }


def diff(before: MapSnapshot, after: MapSnapshot) -> MapDiff:
    """Parties added or gone, power, kind and label changes, and ties formed, changed, broken or removed."""
    matched = match_nodes(before, after)  # after key -> before key
    old = {n.key: n for n in before.nodes}
    added, power, kinds, renamed = [], [], [], []
    unchanged_nodes = 0
    for n in after.nodes:
        if n.key not in matched:
            added.append(n)
            continue
        was = old[matched[n.key]]
        differs = False
        if was.power != n.power:
            power.append(NodeChange(was, n))
            differs = True
        if was.kind != n.kind:
            kinds.append(NodeChange(was, n))
            differs = True
        if _norm(was.label) != _norm(n.label):
            renamed.append(NodeChange(was, n))
            differs = True
        unchanged_nodes += not differs
    kept = set(matched.values())
    gone = [n for n in before.nodes if n.key not in kept]

    def translated(t: MapTie) -> MapTie | None:
        """An `after` tie in `before`'s keys; None when an end is new."""
        if t.source not in matched or t.target not in matched:
            return None
        return MapTie(matched[t.source], matched[t.target], t.type)

    old_ties = {t.identity(): t for t in before.ties}
    formed, changed, broken = [], [], []
    unchanged_ties = 0
    seen: set[tuple[str, ...]] = set()
    for t in after.ties:
        same = translated(t)
        was_tie = old_ties.get(same.identity()) if same else None
        if was_tie is None:
            formed.append(TieChange(None, t))
            continue
        assert same is not None
        seen.add(same.identity())
        if was_tie.type == t.type:
            unchanged_ties += 1
        elif t.type == "broken":
            broken.append(TieChange(was_tie, t))
        else:
            changed.append(TieChange(was_tie, t))
    removed = [TieChange(t, None) for t in before.ties if t.identity() not in seen]
    labels = {n.key: n.label for n in before.nodes} | {n.key: n.label for n in after.nodes}
    return MapDiff(
        added=tuple(added),
        gone=tuple(gone),
        power_changes=tuple(power),
        kind_changes=tuple(kinds),
        renamed=tuple(renamed),
        ties_formed=tuple(formed),
        ties_changed=tuple(changed),
        ties_broken=tuple(broken),
        ties_removed=tuple(removed),
        unchanged_nodes=unchanged_nodes,
        unchanged_ties=unchanged_ties,
        labels=labels,
    )
