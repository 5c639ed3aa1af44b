"""Steps 1 to 3 of contribution analysis: the question, the theory of change and the evidence gathered,
as plain data (see the package's docstring). The web layer reads the rows a user may see into these
types; the functions here hold the rules of what counts as evidence for the story's period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from .. import inclusion, vocab
from .. import indicators as ind
from .. import toc as toc_core

AGREEMENT_ORDER = ("agree_fully", "agree_partially", "disagree")  # substantiators' levels, strongest first
CHAIN_LEVELS = ("outcome", "impact")  # the elements of the theory the story follows, one by one


# --- the evidence, as plain data ------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeEvidence:
    """A harvested outcome as the analysis sees it: its classification and the substantiators' levels of
    agreement (no statement, no substantiator)."""

    title: str
    positive: bool = True
    direction: str = ""  # of the transfer: upward, outward, horizontal ("" when not said)
    effect_on: str = ""  # process or outcome ("")
    rpp_level: str = ""  # individual or socio-political ("")
    rpp_reach: str = ""  # more people or key people ("")
    levels: tuple[str, ...] = ()  # one level of agreement per substantiator (AGREEMENT_ORDER)
    elements: frozenset[str] = frozenset()  # keys of the theory's elements it bears on

    @property
    def agreement(self) -> list[tuple[str, int]]:
        """(level, count) of the levels given, strongest first."""
        views = Counter(self.levels)
        return [(level, views[level]) for level in AGREEMENT_ORDER if views[level]]

    @property
    def substantiated(self) -> bool:
        """Whether at least one independent person gave a view on it, whatever the view."""
        return bool(self.levels)

    @property
    def fully_agreed(self) -> bool:
        return "agree_fully" in self.levels

    @property
    def contested(self) -> bool:
        """Whether at least one substantiator disagrees."""
        return "disagree" in self.levels


@dataclass(frozen=True)
class IndicatorEvidence:
    code: str
    progress: float | None  # the share of the way from baseline to target (`indicators.progress`)
    in_period: int  # values recorded for periods ending inside the story's period
    element: str = ""  # the key of the theory's element it measures ("" for none)


@dataclass(frozen=True)
class ChainElement:
    """An outcome or impact of the theory, with the assumptions and risks noted on it."""

    key: str
    label: str
    level: str  # outcome or impact
    assumptions: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theory:
    """What the story reads from the version of the theory of change it checks against."""

    by_level: Mapping[str, tuple[str, ...]]  # level code -> element labels, in the theory's order
    links: int
    links_without_rationale: int
    warnings: tuple[toc_core.TocWarning, ...]
    notes: tuple[tuple[str, str], ...]  # (assumption|risk, text), on anything
    elements: tuple[ChainElement, ...]  # the outcomes and impacts the story follows

    @property
    def levels(self) -> list[tuple[str, tuple[str, ...]]]:
        """(level label, element labels), from activities to impact, the levels that have elements."""
        return [(t.label, self.by_level[t.code]) for t in vocab.TOC_LEVELS if t.code in self.by_level]


@dataclass(frozen=True)
class Evidence:
    """All the story weighs. `theory` is None when no theory of change is recorded."""

    theory: Theory | None = None
    outcomes: tuple[OutcomeEvidence, ...] = ()  # harvested in the period
    indicators: tuple[IndicatorEvidence, ...] = ()
    transfers: int = 0  # passages confirmed as taken up in official texts of the period
    undecided_transfers: int = 0  # possible transfers waiting for a decision
    map_changes: int = 0  # perspectives whose conflict map changed over the period
    flags: tuple[inclusion.Flag, ...] = ()  # groups present without influence

    @property
    def negative(self) -> list[OutcomeEvidence]:
        return [o for o in self.outcomes if not o.positive]


# --- steps 1 to 3: the question, the theory, the evidence -----------------------------------------------


def period(
    start: date | None, end: date | None, *, begun: date | None, ended: date | None, today: date
) -> tuple[date, date]:
    """The story's period: as given, else the initiative's dates (`begun`, `ended`; up to `today` while
    it runs, from five years back when it has no start); a period given backwards ends where it starts."""
    first = start or begun or date(today.year - 5, 1, 1)
    last = end or ended or today
    return first, max(first, last)


def question(code: str, title: str, start: date, end: date, by_level: Mapping[str, Sequence[str]]) -> str:
    """The cause-effect question: did the initiative contribute to the impacts of its theory (else its
    outcomes), and how, beside the other forces at work?"""
    aim = "; ".join(by_level.get("impact") or by_level.get("outcome") or ()) or (
        "the changes it set out to influence"
    )
    return (
        f"Did {code} {title} contribute, between {start:%Y-%m-%d} and {end:%Y-%m-%d}, to: {aim}? "
        "And how, beside the other forces at work?"
    )


V = TypeVar("V")


def checked_version(versions: Sequence[V], saved: Callable[[V], bool]) -> V | None:
    """The version of the theory the story checks against, of those set out up to the end of the period
    (oldest first): the latest saved one, else the latest draft; None when there is none."""
    candidates = [v for v in versions if saved(v)] or list(versions)
    return candidates[-1] if candidates else None


def theory(toc: toc_core.Toc) -> Theory:
    """The theory as the story reads it: its elements by level, its links and how many give no rationale,
    its warnings (`toc.warnings`), its assumptions and risks, and the outcomes and impacts to follow with
    the assumptions and risks noted on each, in the theory's order."""
    by_level: dict[str, list[str]] = {}
    for node in toc.nodes:
        by_level.setdefault(node.level, []).append(node.label)

    def noted(key: str, kind: str) -> tuple[str, ...]:
        return tuple(n.text for n in toc.notes if n.node == key and n.kind == kind)

    return Theory(
        by_level={level: tuple(labels) for level, labels in by_level.items()},
        links=len(toc.links),
        links_without_rationale=sum(1 for link in toc.links if not link.rationale.strip()),
        warnings=tuple(toc_core.warnings(toc)),
        notes=tuple((n.kind, n.text) for n in toc.notes),
        elements=tuple(
            ChainElement(
                node.key, node.label, node.level, noted(node.key, "assumption"), noted(node.key, "risk")
            )
            for node in toc.nodes
            if node.level in CHAIN_LEVELS
        ),
    )


def standing(
    baseline: float | None,
    targets: Sequence[tuple[str, float | None]],
    measurements: Iterable[ind.Measurement],
    start: date,
    end: date,
) -> tuple[ind.Status, int]:
    """Where an indicator stood at the end of the period (values of later periods left out), and how many
    of its values were recorded for periods ending inside the period."""
    known = [m for m in measurements if ind.period(m.period).end <= end]
    in_period = sum(1 for m in known if ind.period(m.period).end >= start)
    return ind.status(baseline, targets, ind.totals(known)), in_period


def reach() -> list[str]:
    """The columns of the RPP matrix: whom the outcomes reached."""
    return [t.label for t in vocab.RPP_REACH]


def rpp(outcomes: Iterable[OutcomeEvidence]) -> list[tuple[str, list[int]]]:
    """The RPP matrix (Reflecting on Peace Practice): per level, the outcomes by whom they reached."""
    counts = Counter((o.rpp_level, o.rpp_reach) for o in outcomes)
    return [
        (level.label, [counts[(level.code, r.code)] for r in vocab.RPP_REACH]) for level in vocab.RPP_LEVELS
    ]


def directions(outcomes: Iterable[OutcomeEvidence]) -> list[tuple[str, int]]:
    """The outcomes by direction of transfer, every direction listed."""
    counts = Counter(o.direction for o in outcomes)
    return [(t.label, counts[t.code]) for t in vocab.TRANSFER_DIRECTIONS]


def effects(outcomes: Iterable[OutcomeEvidence]) -> list[tuple[str, int]]:
    """The outcomes by what they had an effect on (the process, the outcome), every effect listed."""
    counts = Counter(o.effect_on for o in outcomes)
    return [(t.label, counts[t.code]) for t in vocab.TRANSFER_EFFECTS]


def taken_up(status: str, issued: date | None, start: date, end: date) -> bool:
    """Whether a transfer is evidence for the period: confirmed, into an official text issued in the
    period (or undated)."""
    return status == "confirmed" and (issued is None or start <= issued <= end)


def undecided(status: str) -> bool:
    """Whether a possible transfer is still waiting for a decision."""
    return status == "proposed"


class Dated(Protocol):
    @property
    def as_of(self) -> date: ...


D = TypeVar("D", bound=Dated)


def span(versions: Sequence[D], start: date) -> tuple[D, D] | None:
    """Of one perspective's saved map versions up to the end of the period (oldest first, at least one):
    the version that stood at the start of the period (else the first) and the last; None when they are
    the same version, so that no change can be shown."""
    before = [v for v in versions if v.as_of <= start] or list(versions[:1])
    first, last = before[-1], versions[-1]
    return None if first is last else (first, last)


def change_counts(details: Mapping[str, object]) -> dict[str, int]:
    """How many changes of each kind a map difference (`conflictmap.Diff.as_dict`) lists."""
    return {key: len(value) for key, value in details.items() if isinstance(value, list)}
