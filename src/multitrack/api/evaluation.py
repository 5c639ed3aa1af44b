"""Monitoring and evaluation in the REST API: theories of change (versions, one with its warnings, the
difference between two) and indicators (with baseline, targets, values per period and progress).

Both are part of an initiative's confidential record: they need the `rows` capability of its compartment
(funders and outsiders see none, or get 404).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from multitrack.api.common import Pages
from multitrack.api.schemas import Absent, absent
from multitrack.core import indicators as ind
from multitrack.core import toc as core
from multitrack.web.evaluation.models import Indicator, Outcome, TheoryOfChange

router = Router(tags=["theories of change"])
indicator_router = Router(tags=["indicators"])


class TocFields(Schema):
    id: int
    title: str
    initiative: str | None = Field(description="the initiative's code")
    date: str = Field(description="ISO date the version describes")
    saved: str | None = Field(description="ISO date and time it was saved")
    based_on: int | None = Field(description="the version it was copied from")


class TocOut(TocFields):
    @staticmethod
    def resolve_initiative(obj: TheoryOfChange) -> str | None:
        return obj.initiative.code if obj.initiative else None

    @staticmethod
    def resolve_date(obj: TheoryOfChange) -> str:
        return obj.as_of.isoformat()

    @staticmethod
    def resolve_saved(obj: TheoryOfChange) -> str | None:
        return obj.saved_at.isoformat() if obj.saved_at else None

    @staticmethod
    def resolve_based_on(obj: TheoryOfChange) -> int | None:
        return obj.based_on_id


class TocElementOut(Schema):
    key: str = Field(description="the same across copied versions")
    level: str = Field(description="activity, output, outcome or impact (vocabulary `toc_levels`)")
    label: str


class TocLinkOut(Schema):
    from_: str = Field(alias="from", description="an element's key")
    to: str = Field(description="an element's key")
    rationale: str


class TocNoteOut(Schema):
    kind: str = Field(description="assumption or risk (vocabulary `toc_notes`)")
    text: str
    link: tuple[str, str] | Absent = absent("the link it is on, as [from, to] keys; absent on an element")
    element: str | Absent = absent("the key of the element it is on; absent on a link")


class TocWarningOut(Schema):
    code: str
    message: str


class TocDetailOut(TocFields):
    elements: list[TocElementOut]
    links: list[TocLinkOut]
    notes: list[TocNoteOut]
    problems: list[str] = Field(description="what makes the theory unusable")
    warnings: list[TocWarningOut] = Field(description="what weakens it (only when it has no problems)")


class TocRenameOut(Schema):
    from_: str = Field(alias="from", description="the older label")
    to: str = Field(description="the newer label")


class TocLevelChangeOut(Schema):
    element: str = Field(description="the newer label")
    from_: str = Field(alias="from", description="the older level")
    to: str = Field(description="the newer level")


class TocElementChangesOut(Schema):
    added: list[str] = Field(description="labels, as in the newer version")
    removed: list[str] = Field(description="labels, as in the older version")
    renamed: list[TocRenameOut]
    level_changed: list[TocLevelChangeOut]


class TocLinkChangesOut(Schema):
    added: list[tuple[str, str]] = Field(description="[from, to] labels")
    removed: list[tuple[str, str]] = Field(description="[from, to] labels")
    rationale_changed: list[tuple[str, str]] = Field(description="[from, to] labels")


class TocNoteChangesOut(Schema):
    added: list[str] = Field(description='"kind: text"')
    removed: list[str] = Field(description='"kind: text"')


class TocUnchangedOut(Schema):
    elements: int
    links: int


class TocDiffOut(Schema):
    elements: TocElementChangesOut
    links: TocLinkChangesOut
    notes: TocNoteChangesOut
    unchanged: TocUnchangedOut


def _visible(request: HttpRequest) -> Any:
    return TheoryOfChange.objects.for_user(request.user).select_related("initiative")


@router.get("", response=list[TocOut])
@paginate(Pages)
def list_tocs(request: HttpRequest, initiative: str = "") -> Any:
    """Versions in your compartments; filter by initiative code."""
    tocs = _visible(request)
    return tocs.filter(initiative__code=initiative) if initiative else tocs


@router.get("/{toc_id}", response=TocDetailOut, by_alias=True, exclude_unset=True)
def get_toc(request: HttpRequest, toc_id: int) -> dict[str, Any]:
    """One version as data (`multitrack toc check` reads the same shape) with its problems and warnings."""
    toc = get_object_or_404(_visible(request), pk=toc_id)
    return {**TocOut.from_orm(toc).dict(), **core.to_data(toc.snapshot())}


@router.get("/{a_id}/diff/{b_id}", response=TocDiffOut, by_alias=True)
def diff_tocs(request: HttpRequest, a_id: int, b_id: int) -> dict[str, Any]:
    a = get_object_or_404(_visible(request), pk=a_id)
    b = get_object_or_404(_visible(request), pk=b_id)
    return core.diff(a.snapshot(), b.snapshot()).as_dict()


class IndicatorFields(Schema):
    id: int
    code: str
    name: str
    initiative: str = Field(description="the initiative's code")
    kind: str
    unit: str
    direction: str
    frequency: str = Field(description="year, half, quarter or month: the periods values are entered for")
    baseline_value: float | None
    baseline_date: str | None = Field(description="ISO date")
    disaggregation: str
    categories: list[str]
    data_source: str


class IndicatorOut(IndicatorFields):
    @staticmethod
    def resolve_initiative(obj: Indicator) -> str:
        return str(obj.initiative.code)

    @staticmethod
    def resolve_baseline_date(obj: Indicator) -> str | None:
        return obj.baseline_date.isoformat() if obj.baseline_date else None


@indicator_router.get("", response=list[IndicatorOut])
@paginate(Pages)
def list_indicators(request: HttpRequest, initiative: str = "") -> Any:
    """Indicators in your compartments; filter by initiative code."""
    indicators = Indicator.objects.for_user(request.user).select_related("initiative")
    return indicators.filter(initiative__code=initiative) if initiative else indicators


class TargetOut(Schema):
    period: str = Field(description="a year (2025), half (2025-H1), quarter (2025-Q3) or month (2025-07)")
    value: float | None
    text: str = Field(description="a qualitative target")


class PointOut(Schema):
    period: str = Field(description="a year, half, quarter or month, as for targets")
    value: float | None
    text: str = Field(description="a statement or comment")
    derived: bool = Field(description="a total computed as the sum of the categories")


class IndicatorStatusOut(Schema):
    latest: PointOut | None = Field(description="the latest total with a value or a statement")
    target: float | None = Field(description="the first target at or after the latest value, else the last")
    target_period: str = Field(description="empty without a target")
    progress: float | None = Field(
        description="the share of the way from baseline to target (may be < 0 or > 1)"
    )


class IndicatorDetailOut(IndicatorFields):
    targets: list[TargetOut]
    totals: list[PointOut] = Field(description="per period: the recorded total, else the categories' sum")
    by_category: dict[str, list[PointOut]] = Field(description="the values per category: category → points")
    status: IndicatorStatusOut


def _point(p: ind.Point) -> dict[str, Any]:
    return {"period": p.period.label, "value": p.value, "text": p.text, "derived": p.derived}


@indicator_router.get("/{indicator_id}", response=IndicatorDetailOut)
def get_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    """One indicator: its totals per period (a total not recorded is the sum of the categories), the
    values per category, its targets and where it stands (latest value, target, progress)."""
    indicator = get_object_or_404(
        Indicator.objects.for_user(request.user)
        .select_related("initiative")
        .prefetch_related("targets", "measurements"),
        pk=indicator_id,
    )
    measurements = indicator.measurements_core()
    status = indicator.current()
    return {
        **IndicatorOut.from_orm(indicator).dict(),
        "targets": [{"period": t.period, "value": t.value, "text": t.text} for t in indicator.targets.all()],
        "totals": [_point(p) for p in ind.totals(measurements)],
        "by_category": {c: [_point(p) for p in ps] for c, ps in ind.by_category(measurements).items()},
        "status": {
            "latest": _point(status.latest) if status.latest else None,
            "target": status.target,
            "target_period": status.target_period,
            "progress": status.progress,
        },
    }


outcome_router = Router(tags=["outcomes"])


class OutcomeTransferOut(Schema):
    direction: str = Field(description="vocabulary `transfer_directions`")
    pathway: str = Field(description="vocabulary `transfer_pathways`")
    object: str = Field(description="what was transferred (vocabulary `transfer_objects`)")
    effect_on: str = Field(description="vocabulary `transfer_effects`")


class RppOut(Schema):
    reach: str = Field(description="vocabulary `rpp_reach`")
    level: str = Field(description="vocabulary `rpp_levels`")


class SubstantiationOut(Schema):
    on: str = Field(description="ISO date")
    view: str = Field(description="the informant's view (vocabulary `substantiation`)")


class OutcomeOut(Schema):
    id: int
    initiative: str
    title: str
    description: str
    observed_on: str
    social_actor: str | None
    significance: str
    contribution: str
    sources: str
    positive: bool
    intended: bool
    transfer: OutcomeTransferOut
    rpp: RppOut
    dac_criteria: list[str]
    toc_elements: list[str] = Field(description="keys of the theory-of-change elements it bears on")
    substantiation: list[SubstantiationOut]

    @staticmethod
    def resolve_initiative(obj: Outcome) -> str:
        return str(obj.initiative.code)

    @staticmethod
    def resolve_observed_on(obj: Outcome) -> str:
        return obj.observed_on.isoformat()

    @staticmethod
    def resolve_social_actor(obj: Outcome) -> str | None:
        return str(obj.social_actor) if obj.social_actor else None  # persons by pseudonym code

    @staticmethod
    def resolve_transfer(obj: Outcome) -> dict[str, str]:
        return {
            "direction": obj.direction,
            "pathway": obj.pathway,
            "object": obj.transferred,
            "effect_on": obj.effect_on,
        }

    @staticmethod
    def resolve_rpp(obj: Outcome) -> dict[str, str]:
        return {"reach": obj.rpp_reach, "level": obj.rpp_level}

    @staticmethod
    def resolve_toc_elements(obj: Outcome) -> list[str]:
        return [e.key for e in obj.toc_elements.all()]

    @staticmethod
    def resolve_substantiation(obj: Outcome) -> list[dict[str, str]]:
        return [{"on": s.on.isoformat(), "view": s.agreement} for s in obj.substantiations.all()]


@outcome_router.get("", response=list[OutcomeOut])
@paginate(Pages)
def list_outcomes(
    request: HttpRequest,
    initiative: str = "",
    direction: str = "",
    pathway: str = "",
    object: str = "",
    effect_on: str = "",
    rpp_reach: str = "",
    rpp_level: str = "",
    dac: str = "",
) -> Any:
    """Outcomes in your compartments, newest first; filter by initiative code and any classification."""
    outcomes = (
        Outcome.objects.for_user(request.user)
        .select_related("initiative", "social_actor")
        .prefetch_related("toc_elements", "substantiations")
    )
    if initiative:
        outcomes = outcomes.filter(initiative__code=initiative)
    for field, value in (
        ("direction", direction),
        ("pathway", pathway),
        ("transferred", object),
        ("effect_on", effect_on),
        ("rpp_reach", rpp_reach),
        ("rpp_level", rpp_level),
    ):
        if value:
            outcomes = outcomes.filter(**{field: value})
    if dac:
        outcomes = outcomes.filter(pk__in=[o.pk for o in outcomes if dac in (o.dac_criteria or [])])
    return outcomes


@outcome_router.get("/{outcome_id}", response=OutcomeOut)
def get_outcome(request: HttpRequest, outcome_id: int) -> Outcome:
    return get_object_or_404(
        Outcome.objects.for_user(request.user)
        .select_related("initiative", "social_actor")
        .prefetch_related("toc_elements", "substantiations"),
        pk=outcome_id,
    )
