"""The landscape in the REST API: Track One figures (as `multitrack landscape … --json` prints them) and a
context's landscape (as its page shows it). Track One data are shared reference data: any member of a
compartment may read them; a context's initiatives are those the user may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Query  # what ninja.Query(...) calls, typed as a default value

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.landscape import services
from multitrack.web.landscape.context import build
from multitrack.web.registry.models import Context

router = Router(tags=["landscape"])
T = TypeVar("T")


class DatasetNamedOut(Schema):
    dataset: str = Field(description="pax (PA-X), mend (MEND) or padd (PADD)")
    version: str


class YearOut(Schema):
    year: int
    agreements: int
    gender_provisions: int = Field(description="agreements with provisions on women, girls and gender")


class AgreementsOut(DatasetNamedOut):
    years: list[YearOut] = Field(description="every year of the range, 0 where none was signed")


class MediationRowOut(Schema):
    key: str | int = Field(description="the third party or the country (a name), or the year (a number)")
    events: int


class MediationOut(DatasetNamedOut):
    rows: list[MediationRowOut]


class DelegateCountsOut(Schema):
    agreements: int = Field(description="agreements the counts rest on (those not marked NA)")
    delegates: int
    women: int
    women_share: float | None = Field(description="women / delegates, 4 decimals; null with no delegates")


class DelegateRolesOut(Schema):
    signatories: DelegateCountsOut
    negotiators: DelegateCountsOut
    mediators: DelegateCountsOut
    observers: DelegateCountsOut


class DelegatesOut(DatasetNamedOut):
    agreements: int = Field(description="agreements listed")
    overall: DelegateCountsOut
    roles: DelegateRolesOut


class VersionOut(DatasetNamedOut):
    layout: str = Field(description="PA-X's file layout; empty for the others")
    rows: int
    file: str
    imported_at: str = Field(description="ISO date and time, to the second")
    shown: bool = Field(description="the version figures use unless another is asked for")


class LandscapeContextOut(Schema):
    id: int
    name: str


class LandscapePeriodOut(Schema):
    from_: int | None = Field(alias="from", description="first year, or null")
    to: int | None = Field(description="last year, or null")


class ShownDatasetOut(DatasetNamedOut):
    imported_at: str = Field(description="ISO date and time, to the second")


class ShownDatasetsOut(Schema):
    pax: ShownDatasetOut | None = Field(description="null: never imported")
    mend: ShownDatasetOut | None
    padd: ShownDatasetOut | None


class LandscapeAgreementOut(Schema):
    id: int = Field(description="PA-X agreement id")
    name: str
    signed: str = Field(description="ISO date")
    stage: str
    gender_provisions: bool
    third_parties: str


class LandscapeEventOut(Schema):
    id: str = Field(description="MEND event id")
    year: int
    month: int | None
    third_parties: list[str]
    local_parties: list[str]
    type: str
    agreement_reached: bool


class LandscapeDelegationOut(Schema):
    agreement: int = Field(description="PA-X agreement id")
    delegates: int | None
    women: int | None
    roles: dict[str, tuple[int | None, int | None]] = Field(
        description="by PADD role (signatories, negotiators, mediators, observers): [delegates, women], "
        "each null when not known"
    )


class ConflictYearOut(Schema):
    year: int
    intensity: int = Field(description="the highest UCDP intensity of its conflicts: 1 minor, 2 war")
    conflicts: int


class LandscapeInitiativeOut(Schema):
    code: str
    title: str
    track: str = Field(description="the track shown on the initiative page; empty when not determined")
    track_label: str
    phase: str
    phase_label: str
    start: str | None = Field(description="ISO date")
    end: str | None = Field(description="ISO date")
    status: str
    url: str


class OfferOut(Schema):
    """An initiative as compared for overlaps: only what its card shared is known (null or empty)."""

    organisation: str
    label: str
    start: str | None = Field(description="ISO date")
    end: str | None = Field(description="ISO date")
    track: str | None
    format: str | None
    objectives: list[str]
    target_groups: list[str]
    third_party_type: str | None
    levels: list[str] = Field(description="Lederach level codes of its participants")


class PartnerOfferOut(OfferOut):
    track_label: str = Field(description="empty when the card shares no track")


class OverlapOut(Schema):
    a: OfferOut
    b: OfferOut
    score: float = Field(description="0 to 1, for ordering only")
    reasons: list[str]


class GapsOut(Schema):
    tracks: list[str] = Field(description="tracks nobody works on, by label")
    levels: list[str] = Field(description="Lederach levels no initiative's participants come from, by label")


class ThirdPartyOut(Schema):
    type: str = Field(description="a third-party type code")
    organisations: list[str]


class CoordinationPictureOut(Schema):
    initiatives: list[OfferOut]
    overlaps: list[OverlapOut]
    gaps: GapsOut
    third_parties: list[ThirdPartyOut]


class ContextLandscapeOut(Schema):
    context: LandscapeContextOut
    period: LandscapePeriodOut
    track: str | None = Field(description="the track asked for, null for every track")
    datasets: ShownDatasetsOut = Field(description="the version of each Track One dataset shown")
    agreements: list[LandscapeAgreementOut]
    mediation_events: list[LandscapeEventOut]
    delegations: list[LandscapeDelegationOut]
    armed_conflict: list[ConflictYearOut]
    initiatives: list[LandscapeInitiativeOut] = Field(description="the initiatives you may see")
    partner_initiatives: list[PartnerOfferOut] = Field(description="partners' cards about the context")
    coordination: CoordinationPictureOut | None = Field(description="overlaps and gaps")


def _member(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "aggregates"):
        raise HttpError(403, "you are not a member of any compartment")


def _figures(call: Callable[[], T]) -> T:
    try:
        return call()
    except services.LandscapeError as exc:
        raise HttpError(404, str(exc)) from None


@router.get("/agreements", response=AgreementsOut)
def agreements(
    request: HttpRequest, version: str | None = None, first: int | None = Query(None, alias="from"),
    last: int | None = Query(None, alias="to"),
) -> dict[str, Any]:  # fmt: skip
    """Peace agreements signed each year and those with gender provisions (PA-X), naming the version."""
    _member(request)
    if first is not None and last is not None and first > last:
        raise HttpError(400, f"from {first} is after to {last}")
    return _figures(lambda: services.agreements_by_year(version, first, last))


@router.get("/mediation", response=MediationOut)
def mediation(request: HttpRequest, by: str = "third-party", version: str | None = None) -> dict[str, Any]:
    """Distinct mediation events per third party, conflict country or year (MEND)."""
    _member(request)
    if by not in ("third-party", "country", "year"):
        raise HttpError(400, "by must be one of third-party, country, year")
    return _figures(lambda: services.mediation(by, version))


@router.get("/delegates", response=DelegatesOut)
def delegates(request: HttpRequest, version: str | None = None) -> dict[str, Any]:
    """Delegates and women delegates, overall and by role (PADD)."""
    _member(request)
    return _figures(lambda: services.delegates(version))


@router.get("/versions", response=list[VersionOut])
def versions(request: HttpRequest) -> list[dict[str, Any]]:
    """Every version imported of each dataset, and which one is shown."""
    _member(request)
    return services.versions()


@router.get("/contexts/{context_id}", response=ContextLandscapeOut, by_alias=True)
def context_landscape(
    request: HttpRequest, context_id: int, first: int | None = Query(None, alias="from"),
    last: int | None = Query(None, alias="to"), track: str = "",
) -> dict[str, Any]:  # fmt: skip
    """A context's landscape: Track One agreements, mediation events and delegations linked to it, armed
    conflict by year, and the initiatives you may see with their track and phase."""
    _member(request)
    context = get_object_or_404(Context.objects.for_user(request.user), pk=context_id)
    if first is not None and last is not None and first > last:
        raise HttpError(400, f"from {first} is after to {last}")
    try:
        return build(context, request.user, first, last, track).as_json()
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
