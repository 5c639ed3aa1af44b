"""The controlled vocabularies: complete, well-formed, sourced, and all registered in ALL."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import multitrack.core
import multitrack.core.vocab as vocab
from multitrack.core.vocab import (
    ACTING_CAPACITY,
    ACTOR_KINDS,
    ALL,
    CONFIDENCE,
    DISCRETION,
    FORMATS,
    LEVELS,
    MODES,
    NINE_TRACKS,
    OBJECTIVES,
    OFFICIAL_STATUS,
    PARTICIPANT_ROLES,
    PHASES,
    RELATIONSHIP_TYPES,
    THIRD_PARTY_TYPES,
    TRACKS,
    Term,
    UnknownCode,
    Vocabulary,
    gettext_noop,
)

VOCABULARIES = list(ALL.values())

REQUIRED_CODES: dict[str, tuple[str, ...]] = {
    "tracks": ("1", "1.5", "2", "3"),
    "levels": ("top", "middle", "grassroots"),
    "nine_tracks": ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    "third_party_types": (
        "scholar_practitioner",
        "ngo_mediator",
        "faith_based",
        "state",
        "un",
        "regional_org",
        "insider_mediator",
        "private_individual",
        "none",
    ),
    "formats": (
        "problem_solving_workshop",
        "dialogue_series",
        "sustained_dialogue",
        "capacity_building_workshop",
        "research_as_intervention",
        "code_of_conduct",
        "practical_guide",
        "exposure_trip",
        "back_channel",
        "bilateral_meeting",
        "shuttle",
        "consultation",
        "local_mediation",
        "track_1_5_meeting",
        "other",
    ),
    "objectives": (
        "transfer_to_track_one",
        "relationship_building",
        "link_track_three_to_one",
        "local_agreement",
        "capacity",
        "policy_proposals",
        "public_opinion",
    ),
    "participant_roles": (
        "convener",
        "facilitator",
        "participant",
        "resource_person",
        "observer",
        "funder",
        "negotiator",
        "signatory",
        "insider_mediator",
        "rapporteur",
    ),
    "official_status": ("serving_official", "former_official", "unofficial"),
    "acting_capacity": ("official", "private"),
    "modes": ("hard", "soft"),
    "phases": ("classic", "new"),
    "discretion": ("public", "discreet", "confidential", "secret"),
    "relationship_types": ("close", "alliance", "informal", "influence", "discord", "broken"),
    "actor_kinds": ("person", "organisation", "group"),
    "confidence": ("low", "medium", "high"),
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.name)
def test_vocabulary_is_non_empty_with_unique_codes(vocabulary: Vocabulary) -> None:
    codes = vocabulary.codes()
    assert len(codes) > 0
    assert len(set(codes)) == len(codes) == len(vocabulary)
    assert vocabulary.title.strip()


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.name)
def test_every_term_has_label_definition_and_source(vocabulary: Vocabulary) -> None:
    for term in vocabulary:
        assert isinstance(term, Term)
        assert isinstance(term.code, str) and term.code.strip(), term
        assert term.label.strip(), term.code
        assert term.definition.strip(), term.code
        assert term.source.strip(), term.code


@pytest.mark.parametrize("name", REQUIRED_CODES)
def test_definitions_are_sentences(name: str) -> None:
    for term in ALL[name]:
        # A real sentence, not a placeholder: several words and a full stop.
        assert len(term.definition.split()) >= 5, term.code
        assert term.definition.endswith("."), term.code


@pytest.mark.parametrize(("name", "codes"), REQUIRED_CODES.items())
def test_required_codes_present_in_order(name: str, codes: tuple[str, ...]) -> None:
    assert ALL[name].codes() == codes


def test_track_labels() -> None:
    assert [t.label for t in TRACKS] == ["Track 1", "Track 1.5", "Track 2", "Track 3"]


def test_level_labels() -> None:
    assert LEVELS.choices() == [
        ("top", "Top leadership"),
        ("middle", "Middle-range leadership"),
        ("grassroots", "Grassroots leadership"),
    ]


def test_nine_track_labels_follow_diamond_and_mcdonald() -> None:
    assert NINE_TRACKS.label("1") == "Government"
    assert NINE_TRACKS.label("7") == "Religion"
    assert NINE_TRACKS.label("9") == "Communications and media"
    assert all("Diamond & McDonald" in t.source for t in NINE_TRACKS)


def test_official_third_parties() -> None:
    assert THIRD_PARTY_TYPES.with_flag("official") == {"state", "un", "regional_org"}


def test_new_practice_formats() -> None:
    assert FORMATS.with_flag("new_practice") == {
        "capacity_building_workshop",
        "research_as_intervention",
        "code_of_conduct",
        "practical_guide",
        "exposure_trip",
        "back_channel",
        "bilateral_meeting",
        "shuttle",
        "consultation",
        "local_mediation",
        "track_1_5_meeting",
    }


def test_objective_flags() -> None:
    assert OBJECTIVES.with_flag("hard") == {"transfer_to_track_one", "policy_proposals"}
    assert OBJECTIVES.with_flag("new_practice") == {"link_track_three_to_one", "local_agreement"}


def test_participant_roles_that_count_as_participants() -> None:
    assert PARTICIPANT_ROLES.with_flag("participant") == {
        "participant",
        "negotiator",
        "signatory",
        "observer",
        "insider_mediator",
    }


def test_only_influence_is_directed() -> None:
    assert RELATIONSHIP_TYPES.with_flag("directed") == {"influence"}


def test_discretion_definitions_say_who_may_know() -> None:
    for term in DISCRETION:
        assert "know" in term.definition, term.code


def test_attrs_are_read_only() -> None:
    with pytest.raises(TypeError):
        THIRD_PARTY_TYPES.get("un").attrs["official"] = False  # type: ignore[index]


def test_unknown_code_lists_allowed_codes() -> None:
    with pytest.raises(UnknownCode) as caught:
        TRACKS.get("4")
    assert str(caught.value) == "unknown tracks code '4'; expected one of: 1, 1.5, 2, 3"
    assert caught.value.allowed == ("1", "1.5", "2", "3")
    assert caught.value.code == "4"
    assert isinstance(caught.value, KeyError)


def test_unknown_code_for_unhashable_input() -> None:
    with pytest.raises(UnknownCode, match="expected one of: hard, soft"):
        MODES.get(["hard"])  # type: ignore[arg-type]


def test_choices_keep_declaration_order() -> None:
    assert [code for code, _ in PHASES.choices()] == ["classic", "new"]
    assert OFFICIAL_STATUS.choices()[0] == ("serving_official", "Serving official")
    assert ACTING_CAPACITY.choices() == [("official", "Official capacity"), ("private", "Private capacity")]
    assert [code for code, _ in CONFIDENCE.choices()] == ["low", "medium", "high"]
    assert [code for code, _ in ACTOR_KINDS.choices()] == ["person", "organisation", "group"]


def test_gettext_noop_returns_its_argument() -> None:
    assert gettext_noop("Track 2") == "Track 2"


def _vocabularies_defined_in_package() -> dict[str, Vocabulary]:
    """Every module-level Vocabulary in every module of the vocab package."""
    found: dict[str, Vocabulary] = {}
    for info in pkgutil.iter_modules(vocab.__path__):
        module = importlib.import_module(f"{vocab.__name__}.{info.name}")
        for attr, value in vars(module).items():
            if isinstance(value, Vocabulary):
                found[attr] = value
    return found


def test_all_covers_every_vocabulary_constant() -> None:
    defined = _vocabularies_defined_in_package()
    assert len(defined) >= len(REQUIRED_CODES)
    for constant, vocabulary in defined.items():
        assert ALL.get(vocabulary.name) is vocabulary, constant
        assert getattr(vocab, constant) is vocabulary, f"{constant} is not re-exported"
        assert constant in vocab.__all__
    assert set(ALL) == {v.name for v in defined.values()}


def test_all_keys_are_vocabulary_names() -> None:
    for name, vocabulary in ALL.items():
        assert vocabulary.name == name
    assert set(REQUIRED_CODES) <= set(ALL)


FORBIDDEN = {"django", "typer", "rich", "ninja"}


def test_core_is_pure() -> None:
    """The core package must not import web or CLI frameworks."""
    root = Path(multitrack.core.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
