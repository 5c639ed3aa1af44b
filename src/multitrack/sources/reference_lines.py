"""The published reference lines shipped with Multitrack (`sources/data/reference-lines.json`)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from multitrack.core import vocab
from multitrack.core.inclusion import InclusionError, ReferenceLine

FILE = "reference-lines.json"


def parse(data: Any, name: str = FILE) -> list[ReferenceLine]:
    """The lines of a reference-lines document; a bad entry is reported by its place and field."""
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise InclusionError(f'{name}: expected an object with a list "lines"')
    out: list[ReferenceLine] = []
    roles = vocab.PARTICIPANT_ROLES.codes()
    for n, entry in enumerate(data["lines"]):
        where = f"{name}: lines[{n}]"
        if not isinstance(entry, dict):
            raise InclusionError(f"{where}: not an object")
        for field in ("key", "title", "dimension", "value", "period", "source"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise InclusionError(f"{where}, field {field}: missing or empty")
        share = entry.get("share")
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise InclusionError(f"{where}, field share: {share!r} is not a share between 0 and 1")
        listed = entry.get("roles")
        if not isinstance(listed, list) or not listed or any(r not in roles for r in listed):
            raise InclusionError(f"{where}, field roles: give role codes among: {', '.join(roles)}")
        out.append(
            ReferenceLine(
                entry["key"],
                entry["title"],
                entry["dimension"],
                entry["value"],
                tuple(listed),
                float(share),
                entry["period"],
                entry["source"],
                str(entry.get("url", "")),
            )
        )
    keys = [line.key for line in out]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise InclusionError(f"{name}: key {', '.join(doubled)} is used more than once")
    return out


def shipped() -> list[ReferenceLine]:
    text = resources.files("multitrack.sources.data").joinpath(FILE).read_text(encoding="utf-8")
    return parse(json.loads(text))
