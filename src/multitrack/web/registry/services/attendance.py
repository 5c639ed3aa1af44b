"""The attendance grid of an initiative: persons and organisations × its events, each cell the actor's role
at that event (attended, or invited and absent), read and saved for a whole round of meetings at once.

Saving is atomic: every cell is checked (the actor is one the user reads, the event is the initiative's, a
planned event has no attendance yet) and either all changes are written or none; each participation
written is audited by the registry's signals, by the actor's code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Actor, Event, Initiative, Participation

ABSENT = "|absent"  # a cell's value: "facilitator" attended as facilitator, "facilitator|absent" did not


@dataclass(frozen=True)
class Cell:
    actor: Actor
    event: Event
    value: str  # "", a role, or a role + ABSENT
    fixed: bool = False  # more than one role at this event: edited on the event's page

    @property
    def name(self) -> str:
        return f"cell-{self.actor.pk}-{self.event.pk}"


@dataclass(frozen=True)
class Grid:
    events: list[Event]
    rows: list[tuple[Actor, list[Cell]]]


def value_of(participation: Participation) -> str:
    return participation.role + ("" if participation.attended else ABSENT)


def grid(initiative: Initiative, visible: Any, extra: list[Actor] | None = None) -> Grid:
    """The grid of the initiative's events and the actors (among `visible`) at any of them, plus `extra`
    rows to fill in."""
    events = list(initiative.events.order_by("start_date", "pk"))
    at: dict[tuple[int, int], list[Participation]] = defaultdict(list)
    rows = Participation.objects.filter(initiative=initiative, event__isnull=False, actor__in=visible)
    for p in rows.select_related("actor"):
        assert p.event_id is not None
        at[(p.actor_id, p.event_id)].append(p)
    actors = {p.actor_id: p.actor for ps in at.values() for p in ps}
    for actor in extra or []:
        actors.setdefault(actor.pk, actor)
    ordered = sorted(actors.values(), key=lambda a: (a.kind != "person", a.code))
    return Grid(
        events,
        [
            (
                actor,
                [
                    Cell(actor, event, value_of(ps[0]) if len(ps) == 1 else "", fixed=len(ps) > 1)
                    for event in events
                    for ps in [at.get((actor.pk, event.pk), [])]
                ],
            )
            for actor in ordered
        ],
    )


class GridErrors(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} cell(s) could not be saved")
        self.problems = problems


def save(initiative: Initiative, visible: Any, posted: dict[str, str], roles: set[str]) -> int:
    """Write the grid's changed cells (`posted`: cell name → value) in one transaction; the number of
    participations created, changed or removed. Raises GridErrors naming each bad cell, writing nothing."""
    events = {e.pk: e for e in initiative.events.all()}
    actors = {a.pk: a for a in visible}
    problems: list[str] = []
    wanted: dict[tuple[int, int], str] = {}
    for name, value in posted.items():
        try:
            _, actor_part, event_part = name.split("-")
            key = (int(actor_part), int(event_part))
        except ValueError:
            continue
        if key[0] not in actors or key[1] not in events:
            problems.append(f"{name}: not an actor you may record at an event of this initiative")
            continue
        if value and value.removesuffix(ABSENT) not in roles:
            problems.append(f"{actors[key[0]].code} at “{events[key[1]].title}”: unknown role {value!r}")
            continue
        wanted[key] = value
    existing: dict[tuple[int, int], list[Participation]] = defaultdict(list)
    for p in Participation.objects.filter(initiative=initiative, event__isnull=False):
        assert p.event_id is not None
        existing[(p.actor_id, p.event_id)].append(p)
    changes = 0
    with transaction.atomic():
        for (actor_id, event_id), value in wanted.items():
            current = existing.get((actor_id, event_id), [])
            if len(current) > 1 or (current and value_of(current[0]) == value) or (not current and not value):
                continue  # several roles: kept as they are; or nothing changed
            if not value:
                current[0].delete()
                changes += 1
                continue
            p = current[0] if current else Participation(initiative=initiative, event=events[event_id])
            p.actor = actors[actor_id]
            p.role = value.removesuffix(ABSENT)
            p.attended = not value.endswith(ABSENT)
            try:
                p.full_clean(validate_unique=False)
            except ValidationError as error:
                where = f"{p.actor.code} at “{events[event_id].title}”"
                problems += [f"{where}: {m}" for messages in error.message_dict.values() for m in messages]
                continue
            p.save()
            changes += 1
        if problems:  # raised inside the transaction: nothing of it is written
            raise GridErrors(problems)
    return changes
