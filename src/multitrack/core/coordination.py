"""Overlaps and gaps between organisations' initiatives in one context, from what each chose to share.

An `Offer` is one initiative as its organisation tells it (a coordination card, or one's own initiative read
the same way). Two offers of different organisations **overlap** when their periods meet and they resemble
each other in objectives, target groups and format (each counted only when both sides told it: the mean of the
objectives' and target groups' Jaccard similarities and whether the format is the same, at least `MIN_SCORE`);
the result says why, in words, never as a bare score. **Gaps** are the tracks no organisation works on in the
context; **third parties** shows the same kinds of third party recurring across organisations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

MIN_SCORE = 0.34  # at least one of the three resemblances, or two partial ones


@dataclass(frozen=True)
class Offer:
    key: str  # stable and meaningless to others, e.g. "card-12"
    organisation: str
    label: str
    start: date | None = None
    end: date | None = None
    track: str = ""  # a track code ("2"), "" when not known
    format: str = ""
    objectives: frozenset[str] = field(default_factory=frozenset)
    target_groups: frozenset[str] = field(default_factory=frozenset)
    third_party_type: str = ""
    levels: frozenset[str] = field(default_factory=frozenset)  # Lederach level codes of its participants

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation, "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "track": self.track or None, "format": self.format or None,
            "objectives": sorted(self.objectives), "target_groups": sorted(self.target_groups),
            "third_party_type": self.third_party_type or None, "levels": sorted(self.levels),
        }  # fmt: skip


@dataclass(frozen=True)
class Overlap:
    a: Offer
    b: Offer
    score: float  # 0–1: the mean of the resemblances both sides told, for ordering only
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"a": self.a.as_dict(), "b": self.b.as_dict(), "score": round(self.score, 2),
                "reasons": list(self.reasons)}  # fmt: skip


def normalise_group(text: str) -> str:
    """Target groups are written freely: compare them case- and space-insensitively."""
    return " ".join(text.casefold().split())


def _months_together(a: Offer, b: Offer, today: date) -> int | None:
    """Months the two periods share (None when they do not meet); an open end runs to `today`."""
    if a.start is None or b.start is None:
        return None
    start = max(a.start, b.start)
    end = min(a.end or today, b.end or today)
    if end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x | y else 0.0


def compare(a: Offer, b: Offer, today: date) -> Overlap | None:
    """The overlap of two offers, or None when their periods do not meet or nothing else is alike."""
    months = _months_together(a, b, today)
    if months is None:
        return None
    # Each resemblance counts only when both sides told it: a field a card does not share is unknown, not
    # different.
    known = [
        _jaccard(x, y)
        for x, y in ((a.objectives, b.objectives), (a.target_groups, b.target_groups))
        if x and y
    ]
    if a.format and b.format:
        known.append(1.0 if a.format == b.format else 0.0)
    if not known:
        return None
    score = sum(known) / len(known)
    if score < MIN_SCORE:
        return None
    same_format = bool(a.format) and a.format == b.format
    reasons = [f"both under way for {months} month{'s' * (months != 1)}"]
    if a.objectives & b.objectives:
        reasons.append("shared objectives: " + ", ".join(sorted(a.objectives & b.objectives)))
    if a.target_groups & b.target_groups:
        reasons.append("the same target groups: " + ", ".join(sorted(a.target_groups & b.target_groups)))
    if same_format:
        reasons.append(f"the same format: {a.format}")
    if a.track and a.track == b.track:
        reasons.append(f"the same track: {a.track}")
    return Overlap(a, b, score, tuple(reasons))


def overlaps(offers: Sequence[Offer], today: date) -> list[Overlap]:
    """Every overlapping pair of offers of different organisations, most alike first."""
    found = [
        o
        for a, b in combinations(offers, 2)
        if a.organisation != b.organisation and (o := compare(a, b, today)) is not None
    ]
    return sorted(found, key=lambda o: (-o.score, o.a.organisation, o.a.label, o.b.label))


def gaps(offers: Iterable[Offer], tracks: Sequence[str]) -> list[str]:
    """The tracks (codes, in `tracks`' order) that no offer works on."""
    worked = {o.track for o in offers}
    return [t for t in tracks if t not in worked]


def level_gaps(offers: Iterable[Offer], levels: Sequence[str]) -> list[str]:
    """The Lederach levels (codes, in `levels`' order) no offer's participants come from. Offers that do
    not tell their levels count as unknown: with none told at all, no gap is claimed."""
    told = [o.levels for o in offers if o.levels]
    if not told:
        return []
    worked = set().union(*told)
    return [level for level in levels if level not in worked]


def recurring_third_parties(offers: Iterable[Offer]) -> list[dict[str, Any]]:
    """Third-party types and the organisations whose initiatives use them, those used by more than one
    organisation first."""
    by_type: defaultdict[str, set[str]] = defaultdict(set)
    for o in offers:
        if o.third_party_type:
            by_type[o.third_party_type].add(o.organisation)
    rows = [{"type": t, "organisations": sorted(orgs)} for t, orgs in by_type.items()]
    return sorted(rows, key=lambda r: (-len(r["organisations"]), r["type"]))
