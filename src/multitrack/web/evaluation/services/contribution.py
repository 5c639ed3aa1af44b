"""The contribution story of an initiative, assembled along the steps of contribution analysis (Mayne 2008,
ILAC Brief 16): the cause-effect question, the theory of change and its risks, the evidence gathered
(indicators, harvested outcomes with their substantiation, confirmed transfers into official texts, the
changes of the conflict maps over the same period), the story element by element with what else may
explain the changes, the gaps where more evidence is needed, and what the evidence supports.

Written for a funder who must understand non-linear impact: it makes a claim of contribution (the
initiative was one of several causes), never of attribution, and shows what weakens the claim as plainly
as what supports it.

This module reads: `build` gathers the rows the user may see (through `for_user`) into the plain types of
`core/contribution`, which holds every rule — what counts as evidence for the period, which outcomes bear
on which element, what supports and what weakens the claim, the gaps — and keeps the rows beside them for
the templates, which show the statements and passages. `report_html` renders the story as one file.

Two levels of detail. With `identities` (a member who may read rows) the story quotes the outcome
statements, the substantiators' views and the transferred passages, and names actors by their code only.
Without (a funder: aggregates only) it keeps what names no one — titles, dates, classifications, counts,
levels of agreement, the theory's elements, indicator totals — and leaves out every free text that may
describe who did what, the substantiators, the passages and the maps' labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from multitrack.core import conflictmap as map_core
from multitrack.core import contribution, vocab
from multitrack.core import indicators as ind
from multitrack.core import toc as toc_core
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.registry.models import Initiative

from ..models import Indicator, Outcome, TheoryOfChange, Transfer
from .tracing import with_highlights


@dataclass
class IndicatorLine:
    indicator: Indicator
    status: ind.Status
    evidence: contribution.IndicatorEvidence
    element: str  # the label of the theory-of-change element it measures, or ""

    @property
    def in_period(self) -> int:
        """Values recorded for periods ending inside the story's period."""
        return self.evidence.in_period


@dataclass
class OutcomeLine:
    outcome: Outcome
    evidence: contribution.OutcomeEvidence
    substantiations: list[Any]  # with identities only
    transfers: list[Transfer]
    elements: list[str]  # labels of the theory-of-change elements it bears on

    @property
    def agreement(self) -> list[tuple[str, int]]:
        """(level, count) of the levels given, strongest first (a template cannot read a Counter)."""
        return self.evidence.agreement

    @property
    def substantiated(self) -> bool:
        return self.evidence.substantiated

    @property
    def contested(self) -> bool:
        return self.evidence.contested


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
    theory: contribution.Theory | None = None  # what the story reads from `toc`
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
    def by_level(self) -> dict[str, tuple[str, ...]]:
        """Level code -> element labels."""
        return dict(self.theory.by_level) if self.theory else {}

    @property
    def levels(self) -> list[tuple[str, tuple[str, ...]]]:
        """(level label, element labels)."""
        return self.theory.levels if self.theory else []

    @property
    def links(self) -> int:
        return self.theory.links if self.theory else 0

    @property
    def links_without_rationale(self) -> int:
        return self.theory.links_without_rationale if self.theory else 0

    @property
    def warnings(self) -> tuple[toc_core.TocWarning, ...]:
        return self.theory.warnings if self.theory else ()

    @property
    def notes(self) -> tuple[tuple[str, str], ...]:
        """(assumption|risk, text)."""
        return self.theory.notes if self.theory else ()

    @property
    def positive(self) -> list[OutcomeLine]:
        return [o for o in self.outcomes if o.evidence.positive]

    @property
    def negative(self) -> list[OutcomeLine]:
        return [o for o in self.outcomes if not o.evidence.positive]

    @property
    def question(self) -> str:
        code, title = self.initiative.code, self.initiative.title
        return contribution.question(code, title, self.start, self.end, self.by_level)

    @property
    def evidence(self) -> contribution.Evidence:
        """What the core weighs: the story's evidence as plain data."""
        return contribution.Evidence(
            theory=self.theory,
            outcomes=tuple(o.evidence for o in self.outcomes),
            indicators=tuple(i.evidence for i in self.indicators),
            transfers=len(self.transfers),
            undecided_transfers=self.undecided_transfers,
            map_changes=len(self.maps),
            flags=tuple(self.participation.flags) if self.participation is not None else (),
        )


def period_of(
    initiative: Initiative, start: date | None = None, end: date | None = None
) -> tuple[date, date]:
    """The story's period: as given, else the initiative's dates (up to today while it runs)."""
    return contribution.period(
        start, end, begun=initiative.start_date, ended=initiative.end_date, today=timezone.localdate()
    )


def build(initiative: Initiative, user: Any, *, start: date | None = None, end: date | None = None) -> Story:
    """Read what `user` may see of the initiative over the period into the core's plain types, and let
    the core judge it (`core/contribution`)."""
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
    assessment = contribution.assess(story.evidence)
    story.supports, story.weakens, story.gaps = (
        list(assessment.supports),
        list(assessment.weakens),
        list(assessment.gaps),
    )
    return story


def _participation(story: Story, user: Any) -> None:
    """Who took part in the period: persons by gender per year, shares of presence and influence beside
    the reference lines, flags — suppressed together as for any published figure (a story is a report
    that leaves the screen, whoever reads it), with the chart as a static image."""
    from multitrack.web.inclusion.charts import chart_data_uri
    from multitrack.web.inclusion.services.analysis import Query, analyse

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
    story.toc = contribution.checked_version(versions, lambda v: v.saved_at is not None)
    if story.toc is not None:
        story.theory = contribution.theory(story.toc.snapshot())


def _indicators(story: Story, user: Any, capability: str) -> None:
    for indicator in (
        Indicator.objects.for_user(user, capability)
        .filter(initiative=story.initiative)
        .select_related("toc_element")
        .prefetch_related("targets", "measurements")
        .order_by("code")
    ):
        targets = [(t.period, t.value) for t in indicator.targets.all()]
        status, in_period = contribution.standing(
            indicator.baseline_value, targets, indicator.measurements_core(), story.start, story.end
        )
        element = indicator.toc_element
        evidence = contribution.IndicatorEvidence(
            indicator.code, status.progress, in_period, element.key if element else ""
        )
        story.indicators.append(IndicatorLine(indicator, status, evidence, element.label if element else ""))


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
        t for t in transfers if contribution.taken_up(t.status, t.target.date, story.start, story.end)
    ]
    if story.identities:
        with_highlights(story.transfers)
    story.undecided_transfers = sum(1 for t in transfers if contribution.undecided(t.status))
    for outcome in outcomes:
        subs = list(outcome.substantiations.all())
        elements = list(outcome.toc_elements.all())
        evidence = contribution.OutcomeEvidence(
            outcome.title,
            positive=outcome.positive,
            direction=outcome.direction,
            effect_on=outcome.effect_on,
            rpp_level=outcome.rpp_level,
            rpp_reach=outcome.rpp_reach,
            levels=tuple(s.agreement for s in subs),
            elements=frozenset(e.key for e in elements),
        )
        story.outcomes.append(
            OutcomeLine(
                outcome,
                evidence,
                subs if story.identities else [],
                [t for t in story.transfers if t.outcome_id == outcome.pk],
                [e.label for e in elements],
            )
        )
    harvested = [o.evidence for o in story.outcomes]
    story.reach = contribution.reach()
    story.rpp = contribution.rpp(harvested)
    story.directions = contribution.directions(harvested)
    story.effects = contribution.effects(harvested)


def _maps(story: Story, user: Any, capability: str) -> None:
    """For each perspective on the initiative's context: the saved versions before and at the end of the
    period, and what changed between them."""
    from multitrack.web.conflictmaps.models import ConflictMap

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
        span = contribution.span(versions, story.start)
        if span is None:
            continue
        first, last = span
        details = map_core.diff(first.snapshot(), last.snapshot()).as_dict()
        counts = contribution.change_counts(details)
        story.maps.append(MapChange(perspective, first, last, counts, details if story.identities else None))


def _elements(story: Story) -> None:
    """The story element by element: each outcome and impact of the theory with the outcomes that bear on
    it and the indicators that measure it."""
    if story.theory is None:
        return
    for element in story.theory.elements:
        story.elements.append(
            ElementLine(
                element.label,
                str(vocab.TOC_LEVELS.label(element.level)),
                [o for o in story.outcomes if contribution.bears_on(element, o.evidence)],
                [i for i in story.indicators if contribution.measures(element, i.evidence)],
                list(element.assumptions),
                list(element.risks),
            )
        )


def report_html(story: Story) -> str:
    """The story as one HTML file with its styles inline: it opens offline and can be sent on."""
    from django.template.loader import render_to_string

    return render_to_string("evaluation/contribution_report.html", {"story": story})
