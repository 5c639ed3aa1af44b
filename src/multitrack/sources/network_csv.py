"""Edge and group lists as CSV files, for analysts who run brokerage on their own data.

EDGES.csv has the header `source,target`; GROUPS.csv has `node,group`. Documented treatment of
imperfect files: a self-loop brokers nothing and is dropped; a repeated edge counts once; both are
reported as notes. A missing column, an empty cell, a node listed twice in the groups, or an edge
endpoint with no group is an error naming the file, row and column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


class NetworkFileError(ValueError):
    """A CSV file that cannot be read as an edge or group list."""


@dataclass
class EdgeList:
    nodes: list[str]
    groups: list[str]
    edges: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise NetworkFileError(
                    f"{path}: missing column(s) {', '.join(missing)}; the header must be {','.join(columns)}"
                )
            reader.fieldnames = header
            rows = []
            for number, row in enumerate(reader, start=2):
                values = {c: (row.get(c) or "").strip() for c in columns}
                for c in columns:
                    if not values[c]:
                        raise NetworkFileError(f"{path}: row {number}, column {c}: empty")
                rows.append((number, values))
            return rows
    except FileNotFoundError:
        raise NetworkFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise NetworkFileError(f"{path}: not UTF-8 text") from None


def read(edges_path: Path, groups_path: Path) -> EdgeList:
    """Read both files; raise NetworkFileError on the first problem, with file, row and column."""
    nodes: list[str] = []
    groups: list[str] = []
    seen: dict[str, int] = {}
    for number, row in _rows(groups_path, ("node", "group")):
        node = row["node"]
        if node in seen:
            raise NetworkFileError(
                f"{groups_path}: row {number}, column node: {node!r} is already on row {seen[node]}"
            )
        seen[node] = number
        nodes.append(node)
        groups.append(row["group"])
    result = EdgeList(nodes, groups, [])
    loops = repeats = 0
    distinct: set[tuple[str, str]] = set()
    for number, row in _rows(edges_path, ("source", "target")):
        for column in ("source", "target"):
            if row[column] not in seen:
                where = f"{edges_path}: row {number}, column {column}"
                raise NetworkFileError(f"{where}: node {row[column]!r} is not in {groups_path}")
        edge = (row["source"], row["target"])
        if edge[0] == edge[1]:
            loops += 1
            continue
        if edge in distinct:
            repeats += 1
            continue
        distinct.add(edge)
        result.edges.append(edge)
    if loops:
        result.notes.append(f"{loops} self-loop(s) dropped: a tie to oneself brokers nothing")
    if repeats:
        result.notes.append(f"{repeats} repeated edge(s) counted once")
    return result
