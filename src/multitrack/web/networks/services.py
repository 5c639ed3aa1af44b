"""From stored rows to the core's Network: the actors and ties a user may see, as plain data.

Persons are labelled by pseudonym code. Each actor's own track is `core.network.own_track`: the
classification rules for a participant (a serving official is Track 1; otherwise top and middle-range
leaders Track 2, grassroots leaders Track 3; no level, no track).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from multitrack.core import vocab
from multitrack.core.network import Network, Node, Tie, co_participation_ties, own_track
from multitrack.web.registry.models import Actor, Participation, Relationship

SOURCES = ("relationships", "participation", "both")
DIRECTED = vocab.RELATIONSHIP_TYPES.with_flag("directed")


@dataclass(frozen=True)
class Scope:
    """What to draw: the tie source, an optional context or initiative, a date, tie types."""

    source: str = "both"
    compartment_id: int | None = None
    context_id: int | None = None
    initiative_id: int | None = None
    as_of: date | None = None
    types: tuple[str, ...] = ()
    period: tuple[date, date] | None = None  # ties valid on at least one day of it (after `as_of`)


def node_of(actor: Actor) -> Node:
    party = actor.affiliation.name if actor.affiliation_id and actor.affiliation else None
    return Node(
        id=actor.code,
        label=str(actor),
        kind=actor.kind,
        track=own_track(actor.official_status == "serving_official", actor.level or None),
        level=actor.level or None,
        nine_tracks=tuple(actor.nine_tracks),
        party=party,
    )


def load_network(user: Any, scope: Scope) -> tuple[Network, dict[str, int]]:
    """The network the user may see within `scope`, and a map from node id (code) to actor pk."""
    actors = Actor.objects.for_user(user).select_related("affiliation")
    if scope.context_id:
        actors = actors.filter(
            Q(contexts=scope.context_id) | Q(participations__initiative__context_id=scope.context_id)
        ).distinct()
    if scope.initiative_id:
        actors = actors.filter(participations__initiative_id=scope.initiative_id).distinct()
    if scope.compartment_id:
        actors = actors.filter(
            Q(compartment_id=scope.compartment_id)
            | Q(participations__initiative__compartment_id=scope.compartment_id)
        ).distinct()
    by_pk = {a.pk: a for a in actors}
    ties: list[Tie] = []
    if scope.source in ("relationships", "both"):
        rels = Relationship.objects.for_user(user).filter(source_id__in=by_pk, target_id__in=by_pk)
        if scope.types:
            rels = rels.filter(type__in=scope.types)
        if scope.compartment_id:
            rels = rels.filter(compartment_id=scope.compartment_id)
        for r in rels:
            ties.append(
                Tie(
                    source=by_pk[r.source_id].code,
                    target=by_pk[r.target_id].code,
                    type=r.type,
                    directed=r.type in DIRECTED,
                    start=r.valid_from,
                    end=r.valid_to,
                )
            )
    if scope.source in ("participation", "both") and (not scope.types or "co_participation" in scope.types):
        rows = Participation.objects.for_user(user).filter(event__isnull=False, actor_id__in=by_pk)
        if scope.initiative_id:
            rows = rows.filter(initiative_id=scope.initiative_id)
        if scope.context_id:
            rows = rows.filter(initiative__context_id=scope.context_id)
        if scope.compartment_id:
            rows = rows.filter(initiative__compartment_id=scope.compartment_id)
        events: dict[int, tuple[date | None, set[str]]] = defaultdict(lambda: (None, set()))
        for event_id, start, actor_id in rows.values_list("event_id", "event__start_date", "actor_id"):
            events[event_id] = (start, events[event_id][1] | {by_pk[actor_id].code})
        ties.extend(co_participation_ties((str(e), d, members) for e, (d, members) in sorted(events.items())))
    network = Network(nodes=tuple(node_of(a) for a in by_pk.values()), ties=tuple(ties))
    if scope.as_of:
        network = network.at(scope.as_of)
    elif scope.period:
        network = network.during(*scope.period)
    return network, {a.code: a.pk for a in by_pk.values()}
