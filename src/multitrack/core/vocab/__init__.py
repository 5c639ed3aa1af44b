"""Controlled vocabularies as data: every coded term with its label, definition and source.

`ALL` maps each vocabulary's `name` to it, for the glossary, forms and the API.
"""

from __future__ import annotations

from ._base import Term, UnknownCode, Vocabulary, gettext_noop
from .attributes import AGE_GROUPS, DOCUMENT_KINDS, GENDERS, INITIATIVE_STATUS, PROSCRIPTION_STATUS
from .conflict_mapping import CONSENT, DNH_KINDS, MAP_ELEMENTS, SAVES
from .discretion import DISCRETION
from .evaluation import TOC_LEVELS, TOC_NOTES
from .formats import FORMATS
from .harvesting import (
    DAC_CRITERIA,
    RPP_LEVELS,
    RPP_REACH,
    SUBSTANTIATION,
    TRANSFER_DIRECTIONS,
    TRANSFER_EFFECTS,
    TRANSFER_OBJECTS,
    TRANSFER_PATHWAYS,
)
from .levels import LEVELS
from .modes import MODES, PHASES
from .nine_tracks import NINE_TRACKS
from .objectives import OBJECTIVES
from .relationships import ACTOR_KINDS, CONFIDENCE, RELATIONSHIP_TYPES
from .roles import ACTING_CAPACITY, OFFICIAL_STATUS, PARTICIPANT_ROLES
from .third_parties import THIRD_PARTY_TYPES
from .tracks import TRACKS

ALL: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        TRACKS,
        LEVELS,
        NINE_TRACKS,
        THIRD_PARTY_TYPES,
        FORMATS,
        OBJECTIVES,
        PARTICIPANT_ROLES,
        OFFICIAL_STATUS,
        ACTING_CAPACITY,
        MODES,
        PHASES,
        DISCRETION,
        RELATIONSHIP_TYPES,
        ACTOR_KINDS,
        CONFIDENCE,
        GENDERS,
        AGE_GROUPS,
        PROSCRIPTION_STATUS,
        INITIATIVE_STATUS,
        DOCUMENT_KINDS,
        MAP_ELEMENTS,
        DNH_KINDS,
        SAVES,
        CONSENT,
        TOC_LEVELS,
        TOC_NOTES,
        TRANSFER_DIRECTIONS,
        TRANSFER_PATHWAYS,
        TRANSFER_OBJECTS,
        TRANSFER_EFFECTS,
        RPP_REACH,
        RPP_LEVELS,
        DAC_CRITERIA,
        SUBSTANTIATION,
    )
}

__all__ = [
    "ACTING_CAPACITY",
    "ACTOR_KINDS",
    "AGE_GROUPS",
    "ALL",
    "CONFIDENCE",
    "CONSENT",
    "DAC_CRITERIA",
    "DISCRETION",
    "DNH_KINDS",
    "DOCUMENT_KINDS",
    "FORMATS",
    "GENDERS",
    "INITIATIVE_STATUS",
    "LEVELS",
    "MAP_ELEMENTS",
    "MODES",
    "NINE_TRACKS",
    "OBJECTIVES",
    "OFFICIAL_STATUS",
    "PARTICIPANT_ROLES",
    "PHASES",
    "PROSCRIPTION_STATUS",
    "RELATIONSHIP_TYPES",
    "RPP_LEVELS",
    "RPP_REACH",
    "SAVES",
    "SUBSTANTIATION",
    "THIRD_PARTY_TYPES",
    "TOC_LEVELS",
    "TOC_NOTES",
    "TRACKS",
    "TRANSFER_DIRECTIONS",
    "TRANSFER_EFFECTS",
    "TRANSFER_OBJECTS",
    "TRANSFER_PATHWAYS",
    "Term",
    "UnknownCode",
    "Vocabulary",
    "gettext_noop",
]
