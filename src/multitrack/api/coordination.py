"""Coordination in the REST API: the spaces one's organisations are in or invited to, and the cards
shared in a space (to members with access to rows of a joined organisation). A card carries its
organisation's name and the fields its owner ticked, nothing else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from multitrack.api.schemas import CardFieldsOut
from multitrack.web.coordination import services

router = Router(tags=["coordination"])


class SpaceOut(Schema):
    id: int
    name: str
    purpose: str
    organisation: str = Field(description="your organisation that is in or invited to the space")
    joined: bool = Field(description="false: invited, not joined yet")
    members: list[str] = Field(description="the organisations that have joined, by name")


class CardOut(Schema):
    organisation: str
    ours: bool = Field(description="one of your organisations' cards")
    fields: CardFieldsOut
    shared_at: str | None = Field(description="ISO date and time, to the second")


@router.get("/spaces", response=list[SpaceOut])
def list_spaces(request: HttpRequest) -> list[dict[str, Any]]:
    """Spaces your organisations are in (joined) or invited to."""
    return [
        {
            "id": space.pk,
            "name": space.name,
            "purpose": space.purpose,
            "organisation": member.organisation.name,
            "joined": member.joined_at is not None,
            "members": [m.organisation.name for m in space.joined()],
        }
        for space, member in services.visible_spaces(request.user)
    ]


@router.get("/spaces/{space_id}/cards", response=list[CardOut], exclude_unset=True)
def space_cards(request: HttpRequest, space_id: int) -> list[dict[str, Any]]:
    """The cards shared in a space your organisation has joined."""
    found = [s for s, _m in services.visible_spaces(request.user) if s.pk == space_id]
    if not found:
        raise HttpError(404, "Not Found")
    if not services.can_read(request.user, found[0]):
        raise HttpError(403, "your organisation is invited: join the space to read its cards")
    return [
        {
            "organisation": c.organisation,
            "ours": c.ours,
            "fields": c.content,
            "shared_at": c.shared_at.isoformat(timespec="seconds") if c.shared_at else None,
        }
        for c in services.cards_in(found[0], request.user)
    ]
