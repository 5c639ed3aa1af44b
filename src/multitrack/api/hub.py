"""This installation as a coordination hub: partner organisations push and pull signed bundles of cards
with a per-organisation bearer token (`multitrack coordination token create`), not a login session.
A space the token's organisation has not joined answers 404; a bundle not signed with the token's key,
or altered, answers 400 with the reason; nothing is kept then."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from pydantic import ConfigDict

from multitrack.api.schemas import Absent, CardFieldsOut, absent
from multitrack.core.bundles import BundleError
from multitrack.web.coordination import hub
from multitrack.web.coordination.models import HubToken as TokenRecord
from multitrack.web.coordination.models import Space


class HubToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> TokenRecord | None:
        return hub.authenticate(token)


class HubRequest(HttpRequest):
    """A request HubToken let in: ninja sets `auth` to what authenticate() gave (for type checking)."""

    auth: TokenRecord


router = Router(tags=["hub"], auth=HubToken())


def _space(request: HubRequest, space_id: int) -> Space:
    space = hub.space_for(request.auth, space_id)
    if space is None:
        raise HttpError(404, "Not Found")
    return space


class PushOut(Schema):
    space: int
    cards: int = Field(description="the cards in the bundle kept")


class BundleCardOut(Schema):
    model_config = ConfigDict(extra="allow")  # signed: whatever else the signer put in is handed over

    id: str
    shared_at: str | Absent = absent("ISO date and time, to the second; empty when not known")
    fields: CardFieldsOut | Absent = absent("what the card's owner shared")


class EncodingsOut(Schema):
    model_config = ConfigDict(extra="allow")

    key_id: str = Field(description="the space's secret the participants were encoded with")
    params: dict[str, int] = Field(description="the encoding's parameters, by name")
    initiatives: list[str] = Field(description="per participant encoded, the id of their card")
    words: str = Field(description="base64 of the encodings (little-endian 64-bit words)")


class BundleOut(Schema):
    """A signed bundle, as its organisation pushed it: every key (these and any other) is covered by the
    signature, so the bundle is handed over byte for byte as kept, never rewritten to this schema."""

    model_config = ConfigDict(extra="allow")

    format: str = Field(description="multitrack-coordination-bundle")
    version: int
    key: str = Field(description="the fingerprint of the key that signed it")
    organisation: str | Absent = absent("the signer's name")
    space: str | Absent = absent("the space's name, for a bundle of cards")
    created_at: str | Absent = absent("ISO date and time, to the second")
    cards: list[BundleCardOut]
    encodings: EncodingsOut | Absent = absent("participants' encodings, for a bundle of encodings")
    signature: str = Field(description="base64 Ed25519 signature over the canonical JSON of the other keys")


_RENDERER = JSONRenderer()  # the API's (NinjaAPI's default)


@router.post("/spaces/{space_id}/bundle", response=PushOut)
def push_bundle(request: HubRequest, space_id: int) -> dict[str, Any]:
    """Push your organisation's signed bundle for a space you have joined (it replaces the last one)."""
    space = _space(request, space_id)
    try:
        cards = hub.push(request.auth, space, request.body.decode("utf-8", errors="replace"))
    except BundleError as exc:
        raise HttpError(400, str(exc)) from None
    return {"space": space.pk, "cards": cards}


@router.get("/spaces/{space_id}/bundles", response=list[BundleOut])
def pull_bundles(request: HubRequest, space_id: int) -> HttpResponse:
    """The other member organisations' signed bundles for the space: check them with your pinned keys."""
    found = hub.pull(request.auth, _space(request, space_id))
    # Rendered as kept, not through BundleOut: that would reorder keys, and could drop or convert (1.0 to 1)
    # what the signature covers.
    content = _RENDERER.render(request, found, response_status=200)
    return HttpResponse(content, content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")
