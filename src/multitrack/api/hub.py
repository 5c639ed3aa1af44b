"""This installation as a coordination hub: partner organisations push and pull signed bundles of cards
with a per-organisation bearer token (`multitrack coordination token create`), not a login session.
A space the token's organisation has not joined answers 404; a bundle not signed with the token's key,
or altered, answers 400 with the reason; nothing is kept then."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import HttpBearer

from multitrack.core.bundles import BundleError
from multitrack.web.coordination import hub


class HubToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return hub.authenticate(token)


router = Router(tags=["hub"], auth=HubToken())


def _space(request: HttpRequest, space_id: int) -> Any:
    space = hub.space_for(request.auth, space_id)  # type: ignore[attr-defined]
    if space is None:
        raise HttpError(404, "Not Found")
    return space


@router.post("/spaces/{space_id}/bundle")
def push_bundle(request: HttpRequest, space_id: int) -> dict[str, Any]:
    """Push your organisation's signed bundle for a space you have joined (it replaces the last one)."""
    space = _space(request, space_id)
    try:
        cards = hub.push(request.auth, space, request.body.decode("utf-8", errors="replace"))  # type: ignore[attr-defined]
    except BundleError as exc:
        raise HttpError(400, str(exc)) from None
    return {"space": space.pk, "cards": cards}


@router.get("/spaces/{space_id}/bundles")
def pull_bundles(request: HttpRequest, space_id: int) -> list[dict[str, Any]]:
    """The other member organisations' signed bundles for the space: check them with your pinned keys."""
    return hub.pull(request.auth, _space(request, space_id))  # type: ignore[attr-defined]
