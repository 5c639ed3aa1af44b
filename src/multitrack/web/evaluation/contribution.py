"""The contribution story of an initiative, assembled along the steps of contribution analysis (Mayne 2008,
ILAC Brief 16): the cause-effect question, the theory of change and its risks, the evidence gathered
(indicators, harvested outcomes with their substantiation, confirmed transfers into official texts, the
changes of the conflict maps over the same period), the story element by element with what else may
explain the changes, the gaps where more evidence is needed, and what the evidence supports.

Written for a funder who must understand non-linear impact: it makes a claim of contribution (the
initiative was one of several causes), never of attribution, and shows what weakens the claim as plainly
as what supports it.

Two levels of detail. With `identities` (a member who may read rows) the story quotes the outcome
statements, the substantiators' views and the transferred passages, and names actors by their code only.
Without (a funder: aggregates only) it keeps what names no one — titles, dates, classifications, counts,
levels of agreement, the theory's elements, indicator totals — and leaves out every free text that may
describe who did what, the substantiators, the passages and the maps' labels.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from multitrack.core import conflictmap as map_core
from multitrack.core import indicators as ind
from multitrack.core import toc as toc_core
from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.registry.models import Initiative

from .models import Indicator, Outcome, TheoryOfChange, Transfer
from .tracing import with_highlights

AGREEMENT_ORDER = ("agree_fully", "agree_partially", "disagree")


@dataclass
class IndicatorLine:
    indicator: Indicator
    status: ind.Status
    in_period: int  # values recorded for periods ending inside the story's period
    element: str  # the label of the theory-of-change element it measures, or ""


@dataclass
class OutcomeLine:
    outcome: Outcome
    views: Counter[str]  # substantiation levels -> count
    substantiations: list[Any]  # with identities only
    transfers: list[Transfer]
    elements: list[str]  # labels of the theory-of-change elements it bears on

    @property
    def agreement(self) -> list[tuple[str, int]]:
        """(level, count) of the levels given, strongest first (a template cannot read a Counter)."""
        return [(level, self.views[level]) for level in AGREEMENT_ORDER if self.views[level]]

    @property
    def substantiated(self) -> bool:
        return sum(self.views.values()) > 0

    @property
    def contested(self) -> bool:
        return self.views["disagree"] > 0


@dataclass
class ElementLine:
    """One outcome or impact of the theory, with the evidence gathered on it."""

    label: str
    level: str
    outcomes: list[OutcomeLine]
    indicators: list[IndicatorLine]
    assumptions: list[str]
    risks: list[str]


@dataclass
class MapChange:
    perspective: str
    before: Any  # ConflictMap
    after: Any
    counts: dict[str, int]
    details: dict[str, Any] | None  # with identities only (persons by pseudonym)


@dataclass
class Story:
    initiative: Initiative
    start: date
    end: date
    identities: bool
    toc: TheoryOfChange | None = None
    toc_versions: list[TheoryOfChange] = field(default_factory=list)
    levels: list[tuple[str, list[str]]] = field(default_factory=list)  # level label -> element labels
    by_level: dict[str, list[str]] = field(default_factory=dict)  # level code -> element labels
    links: int = 0
    links_without_rationale: int = 0
    warnings: list[toc_core.TocWarning] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (assumption|risk, text)
    elements: list[ElementLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    outcomes: list[OutcomeLine] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    undecided_transfers: int = 0
    maps: list[MapChange] = field(default_factory=list)
    rpp: list[tuple[str, list[int]]] = field(default_factory=list)
    reach: list[str] = field(default_factory=list)
    directions: list[tuple[str, int]] = field(default_factory=list)
    effects: list[tuple[str, int]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    weakens: list[str] = field(default_factory=list)
    participation: Any = None  # inclusion.analysis.Analysis: who took part, suppressed (None: nobody)
    participation_chart: str = ""  # its chart as a data: URI of an SVG image
    generated: Any = None

    @property
    def positive(self) -> list[OutcomeLine]:
        return [o for o in self.outcomes if o.outcome.positive]

    @property
    def negative(self) -> list[OutcomeLine]:
        return [o for o in self.outcomes if not o.outcome.positive]

    @property
    def question(self) -> str:
        impacts = self.by_level.get("impact", [])
        outcomes = self.by_level.get("outcome", [])
        aim = "; ".join(impacts or outcomes) or "the changes it set out to influence"
        return (
            f"Did {self.initiative.code} {self.initiative.title} contribute, between "
            f"{self.start:%Y-%m-%d} and {self.end:%Y-%m-%d}, to: {aim}? "
            "And how, beside the other forces at work?"
        )


def period_of(
    initiative: Initiative, start: date | None = None, end: date | None = None
) -> tuple[date, date]:
    """The story's period: as given, else the initiative's dates (up to today while it runs)."""
    today = timezone.localdate()
    first = start or initiative.start_date or date(today.year - 5, 1, 1)
    last = end or initiative.end_date or today
    return first, max(first, last)


def build(initiative: Initiative, user: Any, *, start: date | None = None, end: date | None = None) -> Story:
    identities = initiative.compartment_id in compartment_ids(user, "rows")
    capability = "rows" if identities else "aggregates"
    first, last = period_of(initiative, start, end)
    story = Story(initiative, first, last, identities, generated=timezone.now())
    _theory(story, user, capability)
    _indicators(story, user, capability)
    _outcomes(story, user, capability)
    _maps(story, user, capability)
    _participation(story, user)
    _elements(story)
    _assess(story)
    return story


def _participation(story: Story, user: Any) -> None:
    """Who took part in the period: persons by gender per year, shares of presence and influence beside
    the reference lines, flags — suppressed together as for any published figure (a story is a report
    that leaves the screen, whoever reads it), with the chart as a static image."""
    from multitrack.web.inclusion.analysis import Query, analyse
    from multitrack.web.inclusion.charts import chart_data_uri

    query = Query(("gender",), "period", initiative=story.initiative.pk, start=story.start, end=story.end)
    analysis = analyse(user, query, published=True)
    if not analysis.persons:
        return
    story.participation = analysis
    story.participation_chart = chart_data_uri(analysis, f"Who took part: {story.initiative.code}, by gender")


def _theory(story: Story, user: Any, capability: str) -> None:
    versions = list(
        TheoryOfChange.objects.for_user(user, capability)
        .filter(initiative=story.initiative, as_of__lte=story.end)
        .order_by("as_of", "pk")
    )
    story.toc_versions = [v for v in versions if v.as_of >= story.start]
    saved = [v for v in versions if v.saved_at is not None]
    story.toc = (saved or versions or [None])[-1]
    if story.toc is None:
        return
    snapshot = story.toc.snapshot()
    by_level: dict[str, list[str]] = {}
    for node in snapshot.nodes:
        by_level.setdefault(node.level, []).append(node.label)
    story.by_level = by_level
    story.levels = [(str(t.label), by_level[t.code]) for t in vocab.TOC_LEVELS if t.code in by_level]
    story.links = len(snapshot.links)
    story.links_without_rationale = sum(1 for link in snapshot.links if not link.rationale.strip())
    story.warnings = toc_core.warnings(snapshot)
    story.notes = [(n.kind, n.text) for n in snapshot.notes]


def _indicators(story: Story, user: Any, capability: str) -> None:
    for indicator in (
        Indicator.objects.for_user(user, capability)
        .filter(initiative=story.initiative)
        .select_related("toc_element")
        .prefetch_related("targets", "measurements")
        .order_by("code")
    ):
        # where it stood at the end of the period
        measurements = [m for m in indicator.measurements_core() if ind.period(m.period).end <= story.end]
        points = ind.totals(measurements)
        targets = [(t.period, t.value) for t in indicator.targets.all()]
        in_period = sum(1 for m in measurements if ind.period(m.period).end >= story.start)
        story.indicators.append(
            IndicatorLine(
                indicator,
                ind.status(indicator.baseline_value, targets, points),
                in_period,
                indicator.toc_element.label if indicator.toc_element else "",
            )
        )


def _outcomes(story: Story, user: Any, capability: str) -> None:
    outcomes = list(
        Outcome.objects.for_user(user, capability)
        .filter(initiative=story.initiative, observed_on__range=(story.start, story.end))
        .select_related("social_actor")
        .prefetch_related("substantiations", "toc_elements")
        .order_by("observed_on", "pk")
    )
    transfers = list(
        Transfer.objects.filter(
            compartment_id=story.initiative.compartment_id,
            source__initiative=story.initiative,
        ).select_related("source", "target", "outcome")
    )
    story.transfers = [
        t
        for t in transfers
        if t.status == "confirmed" and (t.target.date is None or story.start <= t.target.date <= story.end)
    ]
    if story.identities:
        with_highlights(story.transfers)
    story.undecided_transfers = sum(1 for t in transfers if t.status == "proposed")
    for outcome in outcomes:
        subs = list(outcome.substantiations.all())
        story.outcomes.append(
            OutcomeLine(
                outcome,
                Counter(s.agreement for s in subs),
                subs if story.identities else [],
                [t for t in story.transfers if t.outcome_id == outcome.pk],
                [e.label for e in outcome.toc_elements.all()],
            )
        )
    counts = Counter((o.outcome.rpp_level, o.outcome.rpp_reach) for o in story.outcomes)
    story.reach = [str(t.label) for t in vocab.RPP_REACH]
    story.rpp = [
        (str(level.label), [counts[(level.code, reach.code)] for reach in vocab.RPP_REACH])
        for level in vocab.RPP_LEVELS
    ]
    directions = Counter(o.outcome.direction for o in story.outcomes if o.outcome.direction)
    story.directions = [(str(t.label), directions[t.code]) for t in vocab.TRANSFER_DIRECTIONS]
    effects = Counter(o.outcome.effect_on for o in story.outcomes if o.outcome.effect_on)
    story.effects = [(str(t.label), effects[t.code]) for t in vocab.TRANSFER_EFFECTS]


def _maps(story: Story, user: Any, capability: str) -> None:
    """For each perspective on the initiative's context: the saved versions before and at the end of the
    period, and what changed between them."""
    from multitrack.web.mapping.models import ConflictMap

    if story.initiative.context_id is None:
        return
    maps = list(
        ConflictMap.objects.for_user(user, capability)
        .filter(context_id=story.initiative.context_id, saved_at__isnull=False, as_of__lte=story.end)
        .order_by("as_of", "pk")
    )
    by_perspective: dict[str, list[Any]] = {}
    for m in maps:
        by_perspective.setdefault(m.perspective, []).append(m)
    for perspective, versions in by_perspective.items():
        before = [m for m in versions if m.as_of <= story.start] or versions[:1]
        first, last = before[-1], versions[-1]
        if first.pk == last.pk:
            continue
        difference = map_core.diff(first.snapshot(), last.snapshot())
        details = difference.as_dict()
        counts = {key: len(value) for key, value in details.items() if isinstance(value, list)}
        story.maps.append(MapChange(perspective, first, last, counts, details if story.identities else None))


def _elements(story: Story) -> None:
    if story.toc is None:
        return
    notes_by_element: dict[int, list[Any]] = {}
    for note in story.toc.toc_notes.all():
        if note.element_id:
            notes_by_element.setdefault(note.element_id, []).append(note)
    for element in story.toc.elements.filter(level__in=("outcome", "impact")).order_by("pk"):
        keys = {element.key}
        notes = notes_by_element.get(element.pk, [])
        story.elements.append(
            ElementLine(
                element.label,
                str(vocab.TOC_LEVELS.label(element.level)),
                [o for o in story.outcomes if keys & {e.key for e in o.outcome.toc_elements.all()}],
                [
                    i
                    for i in story.indicators
                    if i.indicator.toc_element and i.indicator.toc_element.key in keys
                ],
                [n.text for n in notes if n.kind == "assumption"],
                [n.text for n in notes if n.kind == "risk"],
            )
        )


def _assess(story: Story) -> None:
    """What supports the claim of contribution, what weakens it, and where evidence is missing."""
    substantiated = [o for o in story.outcomes if o.substantiated]
    full = [o for o in story.outcomes if o.views["agree_fully"]]
    contested = [o for o in story.outcomes if o.contested]
    if story.outcomes:
        story.supports.append(
            f"{len(story.outcomes)} outcome(s) harvested in the period, {len(substantiated)} "
            f"substantiated by independent people ({len(full)} with full agreement)."
        )
    if story.transfers:
        story.supports.append(
            f"{len(story.transfers)} passage(s) of the initiative's outputs confirmed as taken up in "
            "official texts issued after them."
        )
    upward = [o for o in story.outcomes if o.outcome.direction == "upward" and o.outcome.positive]
    if upward:
        story.supports.append(f"{len(upward)} positive outcome(s) reached Track One (upward transfer).")
    on_track = [i for i in story.indicators if i.status.progress is not None and i.status.progress >= 1]
    if on_track:
        story.supports.append(f"{len(on_track)} indicator(s) reached their target.")
    if contested:
        story.weakens.append(f"{len(contested)} outcome(s) are disputed by at least one substantiator.")
    if story.negative:
        story.weakens.append(
            f"{len(story.negative)} negative outcome(s): the initiative also caused harm or exposure."
        )
    if story.participation is not None and story.participation.flags:
        story.weakens.append(
            "Present without influence: "
            + "; ".join(f"{f.group} in {f.unit}" for f in story.participation.flags)
            + " took part with no influence role while others held one (a tokenism signal)."
        )
    behind = [i for i in story.indicators if i.status.progress is not None and i.status.progress < 0.5]
    if behind:
        story.weakens.append(f"{len(behind)} indicator(s) are less than half way to their target.")
    if story.warnings:
        story.weakens.append(
            f"The theory of change has {len(story.warnings)} warning(s): "
            + "; ".join(sorted({w.code.replace("_", " ") for w in story.warnings}))
            + "."
        )
    # gaps: where to seek more evidence (step 5)
    if story.toc is None:
        story.gaps.append("No theory of change: the causal claim has nothing to be checked against.")
    for element in story.elements:
        if not element.outcomes and not element.indicators:
            story.gaps.append(f"No outcome and no indicator bears on “{element.label}”.")
    unsubstantiated = [o for o in story.outcomes if not o.substantiated]
    if unsubstantiated:
        story.gaps.append(
            f"{len(unsubstantiated)} outcome(s) not yet substantiated: "
            + ", ".join(o.outcome.title for o in unsubstantiated)
            + "."
        )
    silent = [i for i in story.indicators if i.in_period == 0]
    if silent:
        story.gaps.append(
            f"{len(silent)} indicator(s) without a value in the period: "
            + ", ".join(i.indicator.code for i in silent)
            + "."
        )
    if story.links_without_rationale:
        story.gaps.append(f"{story.links_without_rationale} link(s) of the theory give no rationale.")
    if story.undecided_transfers:
        story.gaps.append(f"{story.undecided_transfers} possible transfer(s) are waiting for a decision.")
    if not story.maps:
        story.gaps.append(
            "No change of the conflict maps can be shown for the period: map the context at its start "
            "and at its end."
        )


def report_html(story: Story) -> str:
    """The story as one HTML file with its styles inline: it opens offline and can be sent on."""
    from django.template.loader import render_to_string

    return render_to_string("evaluation/contribution_report.html", {"story": story})
