"""What the demo's tests share: the models the demo writes, counted."""

from __future__ import annotations

from multitrack.web.conflictmaps.models import (
    ConflictMap,
    DnhFactor,
    MapComment,
    MapContributor,
    MapNode,
    MapTie,
)
from multitrack.web.evaluation.models import Indicator, TheoryOfChange
from multitrack.web.registry.models import (
    Actor,
    Context,
    Document,
    Event,
    Initiative,
    Participation,
    Relationship,
    TrackOverride,
)

MODELS = (
    *(Context, Actor, Initiative, Event, Participation, Relationship, Document, TrackOverride),
    *(ConflictMap, MapNode, MapTie, DnhFactor, MapContributor, MapComment),
    TheoryOfChange,
    Indicator,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}
