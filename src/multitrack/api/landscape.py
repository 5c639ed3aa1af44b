"""The landscape in the REST API: Track One figures (as `multitrack landscape … --json` prints them) and a
context's landscape (as its page shows it). Track One data are shared reference data: any member of a
compartment may read them; a context's initiatives are those the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.landscape import services
from multitrack.web.landscape.context import build
from multitrack.web.registry.models import Context

router = Router(tags=["landscape"])


def _member(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "aggregates"):
        raise HttpError(403, "you are not a member of any compartment")


def _figures(call: Any) -> dict[str, Any]:
    try:
        return call()  # type: ignore[no-any-return]
    except services.LandscapeError as exc:
        raise HttpError(404, str(exc)) from None


@router.get("/agreements")
def agreements(
    request: HttpRequest, version: str | None = None, first: int | None = Query(None, alias="from"),
    last: int | None = Query(None, alias="to"),
) -> dict[str, Any]:  # fmt: skip
    """Peace agreements signed each year and those with gender provisions (PA-X), naming the version."""
    _member(request)
    if first is not None and last is not None and first > last:
        raise HttpError(400, f"from {first} is after to {last}")
    return _figures(lambda: services.agreements_by_year(version, first, last))


@router.get("/mediation")
def mediation(request: HttpRequest, by: str = "third-party", version: str | None = None) -> dict[str, Any]:
    """Distinct mediation events per third party, conflict country or year (MEND)."""
    _member(request)
    if by not in ("third-party", "country", "year"):
        raise HttpError(400, "by must be one of third-party, country, year")
    return _figures(lambda: services.mediation(by, version))


@router.get("/delegates")
def delegates(request: HttpRequest, version: str | None = None) -> dict[str, Any]:
    """Delegates and women delegates, overall and by role (PADD)."""
    _member(request)
    return _figures(lambda: services.delegates(version))


@router.get("/versions")
def versions(request: HttpRequest) -> list[dict[str, Any]]:
    """Every version imported of each dataset, and which one is shown."""
    _member(request)
    return services.versions()


@router.get("/contexts/{context_id}")
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
