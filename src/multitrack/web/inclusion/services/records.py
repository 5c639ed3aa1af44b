"""Participation records for inclusion analytics (`multitrack.core.inclusion`), read from the registry.

One record per participation of a person (organisations and groups are not counted): the person by their
actor code, the role and whether they spoke, and as dimensions the person's gender, age group and the
attributes the organisation defines, the initiative's effective track (an active
override, else the computed one), the person's Lederach level, the initiative, its context and the
period (the year of the event, else of the initiative's start).

Reading the records needs the `aggregates` capability in the initiatives' compartments: the records never
leave the server as they are; callers publish counts, suppressed unless the reader may see rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from multitrack.core import vocab
from multitrack.core.inclusion import CONSULTATION_ROLE, ROLE, ROLE_GROUP, Record
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.registry.models import Initiative, Participation

# Dimensions the registry gives every record, with the vocabulary that orders (and labels) their values.
DIMENSIONS: dict[str, vocab.Vocabulary | None] = {
    "gender": vocab.GENDERS,
    "age": vocab.AGE_GROUPS,
    "level": vocab.LEVELS,
    "track": vocab.TRACKS,
    "initiative": None,
    "context": None,
    "period": None,
}


def records(
    user: Any,
    *,
    initiatives: Sequence[int] | None = None,
    context: int | None = None,
    start: date | None = None,
    end: date | None = None,
    consultations: bool = True,
) -> list[Record]:
    """The participation records of persons in the initiatives `user` may see aggregates of, and of their
    consultations' participants unless `consultations` is False: their answers may leave only suppressed,
    so callers showing raw counts leave them out."""
    visible = Initiative.objects.for_user(user, "aggregates").for_classification()
    if initiatives is not None:
        visible = visible.filter(pk__in=initiatives)
    if context is not None:
        visible = visible.filter(context_id=context)
    tracks: dict[int, str] = {}
    for initiative in visible.prefetch_related("overrides"):
        override = initiative.active_override
        tracks[initiative.pk] = override.track if override else (initiative.classification().track or "")
    rows = (
        Participation.objects.filter(initiative_id__in=tracks, actor__kind="person")
        .select_related("actor", "event", "initiative__context")
        .order_by("pk")
    )
    out = []
    for p in rows:
        when = p.event.start_date if p.event else p.initiative.start_date
        if when is not None and ((start and when < start) or (end and when > end)):
            continue
        actor = p.actor
        values = {
            "gender": actor.gender,
            "age": actor.age_group,
            "level": actor.level,
            "track": tracks[p.initiative_id],
            "initiative": p.initiative.code,
            "context": p.initiative.context.name if p.initiative.context else "",
            "period": str(when.year) if when else "",
        }
        for name, value in (actor.attributes or {}).items():  # the organisation's own attributes
            if name not in values and isinstance(value, str):
                values[name] = value
        out.append(Record(actor.code, p.role, p.spoke, values))
    return out + (consultation_records(tracks, start=start, end=end) if consultations else [])


def consultation_records(
    tracks: dict[int, str], *, start: date | None = None, end: date | None = None
) -> list[Record]:
    """One record per consultation participant who voted, in the initiatives of `tracks`: present; an
    author of an accepted statement counts as one who spoke (influence). They are counted by their random
    id (they are nobody in the registry), with the answers they chose to give to the optional questions."""
    from multitrack.web.consultations.models import Participant, Statement

    authors = set(
        Statement.objects.filter(consultation__initiative_id__in=tracks, status="accepted")
        .exclude(author=None)
        .values_list("author_id", flat=True)
    )
    rows = (
        Participant.objects.filter(consultation__initiative_id__in=tracks, votes__isnull=False)
        .distinct()
        .select_related("consultation__initiative__context")
        .order_by("pk")
    )
    out = []
    for p in rows:
        c = p.consultation
        when = (c.opens_at or c.created_at).date()
        if (start and when < start) or (end and when > end):
            continue
        values = {
            "track": tracks[c.initiative_id],
            "initiative": c.initiative.code,
            "context": c.initiative.context.name if c.initiative.context else "",
            "period": str(when.year),
        }
        for name, value in (p.answers or {}).items():
            if name not in values and isinstance(value, str):
                values[name] = value
        out.append(Record(f"consultation:{p.ref}", CONSULTATION_ROLE, p.pk in authors, values))
    return out


def dimensions() -> list[str]:
    """Every dimension records from the registry have: the fixed ones, the organisation's attributes,
    role and role group."""
    from multitrack.web.inclusion.models import PersonAttribute

    own = list(PersonAttribute.objects.values_list("code", flat=True))
    return [*DIMENSIONS, *own, ROLE, ROLE_GROUP]


def order() -> dict[str, list[str]]:
    """The display order of coded dimensions' values (vocabulary order; attributes: as defined)."""
    from multitrack.web.inclusion.models import PersonAttribute

    out = {name: list(voc.codes()) for name, voc in DIMENSIONS.items() if voc is not None}
    out.update({a.code: list(a.values) for a in PersonAttribute.objects.all()})
    return out


def label(dimension: str, value: str) -> str:
    """A value as people read it: the vocabulary label of a code, else the value itself."""
    voc = DIMENSIONS.get(dimension)
    if voc is not None and value in voc:
        return str(voc.label(value))
    return value


def raw_allowed(user: Any, initiatives: Sequence[int] | None = None) -> bool:
    """Raw counts only for a reader who may see rows in every compartment the records come from."""
    visible = Initiative.objects.for_user(user, "aggregates")
    if initiatives is not None:
        visible = visible.filter(pk__in=initiatives)
    needed = set(visible.values_list("compartment_id", flat=True))
    return needed <= set(compartment_ids(user, "rows"))
