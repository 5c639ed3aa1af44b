"""A person recorded from an event's page: created in the initiative's compartment and added with their
role in one transaction, then screened against the current lists."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.web.screening.services import screen

from ..models import Actor, Event, Initiative, Participation


@transaction.atomic
def add_new_person(initiative: Initiative, event: Event | None, data: dict[str, Any]) -> Participation:
    """`data`: name, level, official_status, gender, role (checked by forms.NewPersonForm). Raises
    ValidationError, writing nothing, when the person or their participation is refused."""
    actor = Actor(
        kind="person",
        compartment_id=initiative.compartment_id,
        name=data["name"],
        level=data.get("level", ""),
        official_status=data.get("official_status") or "unofficial",
        gender=data.get("gender", ""),
    )
    actor.full_clean(exclude=["code"])
    actor.save()
    participation = Participation(
        initiative=initiative,
        event=event,
        actor=actor,
        role=data["role"],
        attended=event is None or event.start_date <= timezone.localdate(),
    )
    participation.full_clean()
    participation.save()
    return participation


def screen_new_person(participation: Participation, user: Any) -> screen.AutoScreen:
    """After the transaction: screen the new person (their hits, if any, are warned about by the caller)."""
    actor = participation.actor
    return screen.screen_saved([actor], user, scope=f"actor {actor.code} as saved")
