"""Steps 4 to 6 of contribution analysis: the story element by element, where more evidence is needed,
and what the evidence supports and what weakens it (see the package's docstring).

Each sentence is one rule (`_harvested`, `_contested`, `_silent` …): it reads the evidence and says what it
found, or nothing. `supports`, `weakens` and `gaps` list their rules in the order the story says them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .evidence import ChainElement, Evidence, IndicatorEvidence, OutcomeEvidence

ON_TARGET = 1.0  # progress from which an indicator has reached its target
BEHIND = 0.5  # progress below which an indicator is less than half way


@dataclass(frozen=True)
class Assessment:
    supports: tuple[str, ...]  # what supports the claim of contribution
    weakens: tuple[str, ...]  # what weakens it, or calls for caution
    gaps: tuple[str, ...]  # where to seek more evidence


# --- step 4: the story element by element ---------------------------------------------------------------


def bears_on(element: ChainElement, outcome: OutcomeEvidence) -> bool:
    """Whether a harvested outcome bears on an element of the theory (matched by key, which carries over
    from one version of the theory to the next)."""
    return element.key in outcome.elements


def measures(element: ChainElement, indicator: IndicatorEvidence) -> bool:
    return indicator.element == element.key


def uncovered(evidence: Evidence) -> list[ChainElement]:
    """The outcomes and impacts of the theory on which no outcome bears and no indicator measures."""
    if evidence.theory is None:
        return []
    return [
        element
        for element in evidence.theory.elements
        if not any(bears_on(element, o) for o in evidence.outcomes)
        and not any(measures(element, i) for i in evidence.indicators)
    ]


# --- steps 5 and 6: the gaps, and what the evidence supports --------------------------------------------

Rule = Callable[[Evidence], "str | None"]


def _said(evidence: Evidence, rules: Iterable[Rule]) -> list[str]:
    return [sentence for rule in rules if (sentence := rule(evidence)) is not None]


def _progress(evidence: Evidence, reached: Callable[[float], bool]) -> int:
    return sum(1 for i in evidence.indicators if i.progress is not None and reached(i.progress))


def _harvested(evidence: Evidence) -> str | None:
    if not evidence.outcomes:
        return None
    substantiated = sum(1 for o in evidence.outcomes if o.substantiated)
    full = sum(1 for o in evidence.outcomes if o.fully_agreed)
    return (
        f"{len(evidence.outcomes)} outcome(s) harvested in the period, {substantiated} "
        f"substantiated by independent people ({full} with full agreement)."
    )


def _taken_up(evidence: Evidence) -> str | None:
    if not evidence.transfers:
        return None
    return (
        f"{evidence.transfers} passage(s) of the initiative's outputs confirmed as taken up in "
        "official texts issued after them."
    )


def _reached_track_one(evidence: Evidence) -> str | None:
    upward = sum(1 for o in evidence.outcomes if o.direction == "upward" and o.positive)
    return f"{upward} positive outcome(s) reached Track One (upward transfer)." if upward else None


def _on_target(evidence: Evidence) -> str | None:
    on_target = _progress(evidence, lambda p: p >= ON_TARGET)
    return f"{on_target} indicator(s) reached their target." if on_target else None


def _contested(evidence: Evidence) -> str | None:
    contested = sum(1 for o in evidence.outcomes if o.contested)
    return f"{contested} outcome(s) are disputed by at least one substantiator." if contested else None


def _harm(evidence: Evidence) -> str | None:
    if not evidence.negative:
        return None
    return f"{len(evidence.negative)} negative outcome(s): the initiative also caused harm or exposure."


def _tokenism(evidence: Evidence) -> str | None:
    if not evidence.flags:
        return None
    return (
        "Present without influence: "
        + "; ".join(f"{f.group} in {f.unit}" for f in evidence.flags)
        + " took part with no influence role while others held one (a tokenism signal)."
    )


def _behind(evidence: Evidence) -> str | None:
    behind = _progress(evidence, lambda p: p < BEHIND)
    return f"{behind} indicator(s) are less than half way to their target." if behind else None


def _weak_theory(evidence: Evidence) -> str | None:
    if evidence.theory is None or not evidence.theory.warnings:
        return None
    warnings = evidence.theory.warnings
    return (
        f"The theory of change has {len(warnings)} warning(s): "
        + "; ".join(sorted({w.code.replace("_", " ") for w in warnings}))
        + "."
    )


def _no_theory(evidence: Evidence) -> str | None:
    if evidence.theory is not None:
        return None
    return "No theory of change: the causal claim has nothing to be checked against."


def _unsubstantiated(evidence: Evidence) -> str | None:
    titles = [o.title for o in evidence.outcomes if not o.substantiated]
    if not titles:
        return None
    return f"{len(titles)} outcome(s) not yet substantiated: " + ", ".join(titles) + "."


def _silent(evidence: Evidence) -> str | None:
    codes = [i.code for i in evidence.indicators if i.in_period == 0]
    if not codes:
        return None
    return f"{len(codes)} indicator(s) without a value in the period: " + ", ".join(codes) + "."


def _unreasoned(evidence: Evidence) -> str | None:
    links = evidence.theory.links_without_rationale if evidence.theory is not None else 0
    return f"{links} link(s) of the theory give no rationale." if links else None


def _waiting(evidence: Evidence) -> str | None:
    n = evidence.undecided_transfers
    return f"{n} possible transfer(s) are waiting for a decision." if n else None


def _no_map_change(evidence: Evidence) -> str | None:
    if evidence.map_changes:
        return None
    return (
        "No change of the conflict maps can be shown for the period: map the context at its start "
        "and at its end."
    )


def supports(evidence: Evidence) -> list[str]:
    """What supports the claim of contribution: outcomes harvested (and how many substantiated), ideas
    taken up in official texts, positive outcomes that reached Track One, indicators on target."""
    return _said(evidence, (_harvested, _taken_up, _reached_track_one, _on_target))


def weakens(evidence: Evidence) -> list[str]:
    """What weakens the claim, or calls for caution: disputed outcomes, harm, groups present without
    influence, indicators less than half way, the theory's warnings."""
    return _said(evidence, (_contested, _harm, _tokenism, _behind, _weak_theory))


def gaps(evidence: Evidence) -> list[str]:
    """Where to seek more evidence (step 5): no theory, or elements of it nothing bears on; outcomes not
    substantiated; indicators without a value in the period; links without a rationale; transfers
    waiting for a decision; no change of the conflict maps to show."""
    elements = [f"No outcome and no indicator bears on “{e.label}”." for e in uncovered(evidence)]
    rest = (_unsubstantiated, _silent, _unreasoned, _waiting, _no_map_change)
    return [*_said(evidence, (_no_theory,)), *elements, *_said(evidence, rest)]


def assess(evidence: Evidence) -> Assessment:
    return Assessment(tuple(supports(evidence)), tuple(weakens(evidence)), tuple(gaps(evidence)))
