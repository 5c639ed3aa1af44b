"""Conflict maps leaving the app: the drawing as an SVG or PNG file, for the page and the command line."""

from __future__ import annotations

from typing import Any

from multitrack.core.conflictmap_svg import render_svg
from multitrack.web.audit.log import record

from .models import ConflictMap

CANVAS = (800, 600)
KINDS = ("svg", "png")


def title(m: ConflictMap) -> str:
    return f"{m.context.name} — {m.perspective}, {m.as_of:%Y-%m-%d} (map {m.pk})"


def export(m: ConflictMap, kind: str, *, reveal: bool = False, **audit: Any) -> bytes:
    """The map drawn after the mapping legend, with its title (context, perspective, date) and the legend:
    an SVG document, or the same as a PNG image at twice the size (vl-convert). Persons by pseudonym
    unless `reveal` (the caller has checked and audited it). Recorded in the audit log (`audit`: the
    username for the command line)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of drawing: {', '.join(KINDS)}")
    svg = render_svg(m.snapshot(reveal=reveal), title=title(m), width=CANVAS[0], height=CANVAS[1])
    record("export", obj=m, summary=f"conflict map {m.pk} exported as {kind.upper()}", **audit)
    if kind == "svg":
        return svg.encode("utf-8")
    import vl_convert  # here, not at the top: it starts a JavaScript engine (web/warm.py warms it)

    return bytes(vl_convert.svg_to_png(svg, scale=2))
