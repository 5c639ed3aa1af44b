"""Aggregate tables for funders and exports: counts only, with small cells suppressed.

Person-level counts (participants by gender and level, roles by gender) go through
`multitrack.core.suppression` with the MULTITRACK_MIN_CELL threshold. Counts of initiatives are not
about persons and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from multitrack.core import vocab
from multitrack.core.suppression import SuppressedTable, Table, suppress

from ..models import Initiative, Participation
from .classification import PARTICIPANT_ROLES

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Aggregate:
    title: str
    note: str
    table: SuppressedTable


def _labels(voc: vocab.Vocabulary) -> list[str]:
    return [t.label for t in voc]


def compartment_aggregates(compartment_id: int) -> list[Aggregate]:
    """The funder's view of one compartment."""
    threshold = int(settings.MIN_CELL)
    initiatives = list(Initiative.objects.filter(compartment_id=compartment_id).for_classification())
    results = [(i, i.classification()) for i in initiatives]
    tracks = Table.from_pairs(
        (
            (vocab.TRACKS.label(r.track) if r.track else NOT_RECORDED, vocab.PHASES.label(r.phase))
            for _i, r in results
        ),
        rows=[*_labels(vocab.TRACKS), NOT_RECORDED],
        cols=_labels(vocab.PHASES),
    )
    people: dict[int, tuple[str, str]] = {}  # person -> (level, gender), counted once
    roles: dict[tuple[int, str], str] = {}  # (person, role) -> gender, counted once per role
    rows = Participation.objects.filter(initiative__compartment_id=compartment_id).select_related("actor")
    for p in rows:
        if not p.actor.is_person:
            continue
        gender = vocab.GENDERS.label(p.actor.gender) if p.actor.gender else NOT_RECORDED
        roles[(p.actor_id, p.role)] = gender
        if p.role in PARTICIPANT_ROLES:
            people[p.actor_id] = (
                vocab.LEVELS.label(p.actor.level) if p.actor.level else NOT_RECORDED,
                gender,
            )
    role_pairs = [(vocab.PARTICIPANT_ROLES.label(role), gender) for (_a, role), gender in roles.items()]
    gender_cols = [*_labels(vocab.GENDERS), NOT_RECORDED]
    return [
        Aggregate(
            "Initiatives by track and phase",
            "Counts of initiatives (overrides not applied); not about persons, so shown in full.",
            suppress(tracks, threshold=1),
        ),
        Aggregate(
            "Participants by Lederach level and gender",
            f"Distinct persons taking part; counts below {threshold}, and enough others to protect them, "
            "are hidden.",
            suppress(
                Table.from_pairs(
                    people.values(), rows=[*_labels(vocab.LEVELS), NOT_RECORDED], cols=gender_cols
                ),
                threshold,
            ),
        ),
        Aggregate(
            "Roles by gender",
            f"Distinct persons in each role; counts below {threshold}, and enough others to protect "
            "them, are hidden.",
            suppress(
                Table.from_pairs(role_pairs, rows=_labels(vocab.PARTICIPANT_ROLES), cols=gender_cols),
                threshold,
            ),
        ),
    ]
