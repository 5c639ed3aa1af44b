"""Form and model choices from the core vocabularies, with labels translated at display time.

Each vocabulary gets a named module-level function so that migrations can refer to it by path, and
the labels (marked with gettext_noop in the core) go through gettext_lazy here, where Django is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from multitrack.core import vocab

Choices = list[tuple[str, Promise]]


def translated(vocabulary: vocab.Vocabulary) -> Choices:
    return [(t.code, gettext_lazy(t.label)) for t in vocabulary]


def acting_capacity() -> Choices:
    return translated(vocab.ACTING_CAPACITY)


def actor_kinds() -> Choices:
    return translated(vocab.ACTOR_KINDS)


def age_groups() -> Choices:
    return translated(vocab.AGE_GROUPS)


def confidence() -> Choices:
    return translated(vocab.CONFIDENCE)


def discretion() -> Choices:
    return translated(vocab.DISCRETION)


def document_kinds() -> Choices:
    return translated(vocab.DOCUMENT_KINDS)


def formats() -> Choices:
    return translated(vocab.FORMATS)


def genders() -> Choices:
    return translated(vocab.GENDERS)


def initiative_status() -> Choices:
    return translated(vocab.INITIATIVE_STATUS)


def levels() -> Choices:
    return translated(vocab.LEVELS)


def nine_tracks() -> Choices:
    return translated(vocab.NINE_TRACKS)


def objectives() -> Choices:
    return translated(vocab.OBJECTIVES)


def official_status() -> Choices:
    return translated(vocab.OFFICIAL_STATUS)


def participant_roles() -> Choices:
    return translated(vocab.PARTICIPANT_ROLES)


def proscription_status() -> Choices:
    return translated(vocab.PROSCRIPTION_STATUS)


def relationship_types() -> Choices:
    return translated(vocab.RELATIONSHIP_TYPES)


def third_party_types() -> Choices:
    return translated(vocab.THIRD_PARTY_TYPES)


def tracks() -> Choices:
    return translated(vocab.TRACKS)


def map_elements() -> Choices:
    return translated(vocab.MAP_ELEMENTS)


def dnh_kinds() -> Choices:
    return translated(vocab.DNH_KINDS)


def saves() -> Choices:
    return translated(vocab.SAVES)


def consent() -> Choices:
    return translated(vocab.CONSENT)


def toc_levels() -> Choices:
    return translated(vocab.TOC_LEVELS)


def toc_notes() -> Choices:
    return translated(vocab.TOC_NOTES)


def transfer_directions() -> Choices:
    return translated(vocab.TRANSFER_DIRECTIONS)


def transfer_pathways() -> Choices:
    return translated(vocab.TRANSFER_PATHWAYS)


def transfer_objects() -> Choices:
    return translated(vocab.TRANSFER_OBJECTS)


def transfer_effects() -> Choices:
    return translated(vocab.TRANSFER_EFFECTS)


def rpp_reach() -> Choices:
    return translated(vocab.RPP_REACH)


def rpp_levels() -> Choices:
    return translated(vocab.RPP_LEVELS)


def dac_criteria() -> Choices:
    return translated(vocab.DAC_CRITERIA)


def substantiation() -> Choices:
    return translated(vocab.SUBSTANTIATION)
