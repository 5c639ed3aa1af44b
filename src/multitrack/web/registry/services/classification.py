"""From stored rows to the core's classification: the only place that knows both.

Participants are the actors whose role counts as taking part (the `participant` flag of the role
vocabulary), grouped by official status, acting capacity and Lederach level, each actor counted once
per initiative. An actor recorded without a level cannot be placed and is reported, not guessed.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from multitrack.core import vocab
from multitrack.core.classify import ClarityWarning, Classification, Components, ParticipantGroup, classify

if TYPE_CHECKING:
    from ..models import Initiative, Participation

PARTICIPANT_ROLES = vocab.PARTICIPANT_ROLES.with_flag("participant")


def group_label(official_status: str, capacity: str, level: str) -> str:
    """E.g. "serving official · top leadership · official capacity"."""
    parts = (vocab.OFFICIAL_STATUS, official_status), (vocab.LEVELS, level), (vocab.ACTING_CAPACITY, capacity)
    return " · ".join(voc.label(code).lower() for voc, code in parts)


def participant_groups(participations: Iterable[Participation]) -> tuple[tuple[ParticipantGroup, ...], int]:
    """The participant groups, and how many participating actors have no level recorded."""
    members: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    unlevelled: set[int] = set()
    seen: set[int] = set()
    for p in participations:
        if p.role not in PARTICIPANT_ROLES or p.actor_id in seen:
            continue
        seen.add(p.actor_id)
        if not p.actor.level:
            unlevelled.add(p.actor_id)
            continue
        members[(p.actor.official_status, p.capacity, p.actor.level)].add(p.actor_id)
    groups = tuple(
        ParticipantGroup(
            label=group_label(status, capacity, level),
            official_status=status,
            acting_capacity=capacity,
            level=level,
            count=len(ids),
        )
        for (status, capacity, level), ids in sorted(members.items())
    )
    return groups, len(unlevelled)


def components(initiative: Initiative) -> tuple[Components, int]:
    participations = list(initiative.participations.all())
    groups, unlevelled = participant_groups(participations)
    proscribed = any(p.actor.is_listed for p in participations if p.role in PARTICIPANT_ROLES)
    return (
        Components(
            title=initiative.title,
            third_party_type=initiative.third_party_type or None,
            participants=groups,
            format=initiative.format,
            objectives=tuple(initiative.objectives),
            declared_track=initiative.declared_track or None,
            proscribed=proscribed,
        ),
        unlevelled,
    )


def classify_initiative(initiative: Initiative) -> Classification:
    comps, unlevelled = components(initiative)
    result = classify(comps)
    if unlevelled:
        warning = ClarityWarning(
            "participants_without_level",
            f"{unlevelled} participant(s) have no Lederach level recorded and were left out of the "
            "classification; record their level on the actor page.",
        )
        result = dataclasses.replace(result, warnings=(*result.warnings, warning))
    return result
