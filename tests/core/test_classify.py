"""The explained track classification: one test per rule and per warning, both ways."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

import pytest

from multitrack.core.classify import (
    WARNING_CODES,
    WARNING_DESCRIPTIONS,
    ClarityWarning,
    Classification,
    Components,
    ParticipantGroup,
    classify,
    group_track,
)
from multitrack.core.vocab import FORMATS, OBJECTIVES, THIRD_PARTY_TYPES, UnknownCode


def group(
    label: str = "Academics",
    status: str = "unofficial",
    capacity: str = "private",
    level: str = "middle",
    count: int = 1,
) -> ParticipantGroup:
    return ParticipantGroup(label, status, capacity, level, count)


OFFICIALS = group("Ministry delegation", "serving_official", "official", "top")
GRASSROOTS = group("Women's groups", "unofficial", "private", "grassroots")
ACADEMICS = group()


def initiative(
    participants: Sequence[ParticipantGroup] = (ACADEMICS,),
    third_party: str | None = "ngo_mediator",
    fmt: str = "dialogue_series",
    objectives: Sequence[str] = ("relationship_building",),
    declared: str | None = None,
    proscribed: bool = False,
) -> Components:
    """A baseline that raises no warnings: an NGO-led dialogue of middle-range academics."""
    return Components(
        title="Test initiative",
        third_party_type=third_party,
        participants=tuple(participants),
        format=fmt,
        objectives=tuple(objectives),
        declared_track=declared,
        proscribed=proscribed,
    )


def text(result: Classification) -> str:
    return "\n".join(result.explanation)


def test_baseline_raises_no_warnings() -> None:
    result = classify(initiative())
    assert (result.track, result.phase, result.mode, result.warnings) == ("2", "new", "soft", ())


# --- group track -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "capacity", "level", "track"),
    [
        ("serving_official", "official", "top", "1"),
        ("serving_official", "official", "middle", "1"),
        ("serving_official", "official", "grassroots", "1"),
        ("serving_official", "private", "top", "2"),
        ("former_official", "official", "top", "2"),
        ("former_official", "private", "middle", "2"),
        ("unofficial", "private", "middle", "2"),
        ("unofficial", "private", "grassroots", "3"),
        ("former_official", "private", "grassroots", "3"),
        ("serving_official", "private", "grassroots", "3"),
    ],
)
def test_group_track(status: str, capacity: str, level: str, track: str) -> None:
    assert group_track(group("G", status, capacity, level)) == track


# --- initiative track --------------------------------------------------------------------------


@pytest.mark.parametrize("third_party", sorted(THIRD_PARTY_TYPES.with_flag("official")))
def test_officials_with_official_third_party_is_track_1(third_party: str) -> None:
    result = classify(initiative([OFFICIALS, ACADEMICS], third_party=third_party))
    assert result.track == "1"
    assert any(line.startswith("Track 1:") and '"Ministry delegation"' in line for line in result.explanation)


@pytest.mark.parametrize(
    "third_party", [None, *sorted(set(THIRD_PARTY_TYPES.codes()) - THIRD_PARTY_TYPES.with_flag("official"))]
)
def test_officials_with_unofficial_or_no_third_party_is_track_1_5(third_party: str | None) -> None:
    result = classify(initiative([OFFICIALS], third_party=third_party))
    assert result.track == "1.5"
    assert any(
        line.startswith("Track 1.5:") and '"Ministry delegation"' in line for line in result.explanation
    )


def test_top_or_middle_without_officials_is_track_2() -> None:
    leaders = group("Party leaders", "former_official", "private", "top")
    result = classify(initiative([leaders, GRASSROOTS]))
    assert result.track == "2"
    assert any(line.startswith("Track 2:") and '"Party leaders"' in line for line in result.explanation)


def test_officials_in_private_capacity_are_track_2() -> None:
    advisers = group("Advisers", "serving_official", "private", "top")
    assert classify(initiative([advisers])).track == "2"


def test_only_grassroots_is_track_3() -> None:
    elders = group("Village elders", "unofficial", "private", "grassroots")
    result = classify(initiative([elders, GRASSROOTS]))
    assert result.track == "3"
    line = next(line for line in result.explanation if line.startswith("Track 3:"))
    assert '"Village elders"' in line and '"Women\'s groups"' in line


def test_no_participants_has_no_track() -> None:
    result = classify(initiative([]))
    assert result.track is None
    assert result.linked_tracks == ()
    assert "No participant groups" in result.explanation[0]


def test_explanation_names_every_group_with_its_track() -> None:
    groups = [OFFICIALS, ACADEMICS, GRASSROOTS]
    explanation = text(classify(initiative(groups)))
    assert 'Group "Ministry delegation" counts as Track 1' in explanation
    assert 'Group "Academics" counts as Track 2' in explanation
    assert 'Group "Women\'s groups" counts as Track 3' in explanation


# --- linked tracks ---------------------------------------------------------------------------


def test_linked_tracks_are_sorted_in_track_order() -> None:
    result = classify(initiative([GRASSROOTS, ACADEMICS, OFFICIALS]))
    assert result.linked_tracks == ("1", "2", "3")
    assert "span Track 1, Track 2 and Track 3" in text(result)


def test_linking_track_three_to_one_is_explained() -> None:
    result = classify(initiative([GRASSROOTS, OFFICIALS], objectives=["link_track_three_to_one"]))
    assert result.linked_tracks == ("1", "3")
    line = next(line for line in result.explanation if "links Track Three directly to Track One" in line)
    assert '"Women\'s groups"' in line and '"Ministry delegation"' in line


def test_single_track_says_nothing_about_linking() -> None:
    result = classify(initiative([ACADEMICS, group("Journalists")]))
    assert result.linked_tracks == ("2",)
    assert "span" not in text(result)
    assert "links" not in text(result)


def test_tracks_two_and_three_span_without_linking_one() -> None:
    result = classify(initiative([ACADEMICS, GRASSROOTS]))
    assert result.linked_tracks == ("2", "3")
    assert "span Track 2 and Track 3" in text(result)
    assert "directly to Track One" not in text(result)


# --- phase -------------------------------------------------------------------------------------

CLASSIC = {
    "third_party": "scholar_practitioner",
    "fmt": "problem_solving_workshop",
    "objectives": ["transfer_to_track_one"],
}


def test_classic_phase_from_table_1_components() -> None:
    result = classify(initiative(**CLASSIC))  # type: ignore[arg-type]
    assert result.phase == "classic"
    assert "Table 1" in text(result)


def test_classic_components_win_over_new_objectives() -> None:
    objectives = ["transfer_to_track_one", "link_track_three_to_one"]
    result = classify(
        initiative(third_party="scholar_practitioner", fmt="problem_solving_workshop", objectives=objectives)
    )
    assert result.phase == "classic"


@pytest.mark.parametrize("third_party", ["ngo_mediator", "faith_based"])
def test_new_phase_from_ngo_or_faith_based_third_party(third_party: str) -> None:
    result = classify(initiative(third_party=third_party, fmt="problem_solving_workshop"))
    assert result.phase == "new"
    label = THIRD_PARTY_TYPES.label(third_party).lower()
    assert any(line.startswith("Phase: new") and label in line.lower() for line in result.explanation)


@pytest.mark.parametrize("fmt", sorted(FORMATS.with_flag("new_practice")))
def test_new_phase_from_new_practice_format(fmt: str) -> None:
    result = classify(initiative(third_party="private_individual", fmt=fmt))
    assert result.phase == "new"
    assert f'"{FORMATS.label(fmt)}"' in text(result)


@pytest.mark.parametrize("objective", sorted(OBJECTIVES.with_flag("new_practice")))
def test_new_phase_from_linking_or_local_objective(objective: str) -> None:
    result = classify(initiative(third_party="private_individual", objectives=[objective]))
    assert result.phase == "new"
    assert f'"{OBJECTIVES.label(objective)}"' in text(result)


def test_fallback_classic_names_what_is_missing() -> None:
    result = classify(initiative(third_party="private_individual", fmt="dialogue_series"))
    assert result.phase == "classic"
    line = next(line for line in result.explanation if line.startswith("Phase:"))
    assert "no feature of the new Track Two" in line
    assert "a scholar-practitioner third party" in line
    assert "a problem-solving workshop format" in line
    assert "transfer into Track One as an objective" in line


def test_fallback_classic_lists_only_the_missing_components() -> None:
    result = classify(initiative(third_party="scholar_practitioner", objectives=["transfer_to_track_one"]))
    assert result.phase == "classic"
    line = next(line for line in result.explanation if line.startswith("Phase:"))
    assert "a problem-solving workshop format" in line
    assert "scholar-practitioner third party" not in line
    assert "transfer into Track One as an objective" not in line


# --- mode --------------------------------------------------------------------------------------


@pytest.mark.parametrize("objective", ["transfer_to_track_one", "policy_proposals"])
@pytest.mark.parametrize(
    ("close", "why"),
    [
        (group("Party leaders", "unofficial", "private", "top"), "top leadership"),
        (group("Ex-ministers", "former_official", "private", "middle"), "former officials"),
        (
            group("Advisers", "serving_official", "private", "middle"),
            "serving officials in a private capacity",
        ),
    ],
)
def test_hard_mode(objective: str, close: ParticipantGroup, why: str) -> None:
    result = classify(initiative([ACADEMICS, close], objectives=[objective]))
    assert result.mode == "hard"
    line = next(line for line in result.explanation if line.startswith("Mode:"))
    assert f'"{close.label}" ({why})' in line
    assert f'"{OBJECTIVES.label(objective)}"' in line
    assert '"Academics"' not in line


def test_soft_mode_without_a_group_close_to_power() -> None:
    result = classify(initiative([ACADEMICS, GRASSROOTS], objectives=["policy_proposals"]))
    assert result.mode == "soft"
    line = next(line for line in result.explanation if line.startswith("Mode:"))
    assert '"Concrete policy proposals"' in line and "no group is close to power" in line


def test_soft_mode_without_a_hard_objective() -> None:
    leaders = group("Party leaders", "former_official", "private", "top")
    result = classify(initiative([leaders], objectives=["relationship_building", "public_opinion"]))
    assert result.mode == "soft"
    assert "no objective aims directly at officials" in text(result)


# --- warnings ----------------------------------------------------------------------------------


def test_warning_codes_are_documented() -> None:
    assert WARNING_CODES == (
        "declared_track_differs",
        "officials_private_capacity",
        "official_convener_unofficial_participants",
        "no_third_party",
        "no_participants",
        "proscribed_participant",
        "linking_without_objective",
        "no_objective",
    )
    assert set(WARNING_DESCRIPTIONS) == set(WARNING_CODES)
    assert all(description.endswith(".") for description in WARNING_DESCRIPTIONS.values())


@pytest.mark.parametrize(
    ("declared", "participants", "fires"),
    [
        ("1", [ACADEMICS], True),
        ("2", [ACADEMICS], False),
        (None, [ACADEMICS], False),
        ("1.5", [OFFICIALS], False),
        ("2", [OFFICIALS], True),
        ("3", [], True),
    ],
)
def test_declared_track_differs(
    declared: str | None, participants: list[ParticipantGroup], fires: bool
) -> None:
    result = classify(initiative(participants, declared=declared))
    assert ("declared_track_differs" in result.warning_codes()) is fires


def test_declared_track_differs_text_names_both_tracks() -> None:
    result = classify(initiative(declared="1"))
    warning = next(w for w in result.warnings if w.code == "declared_track_differs")
    assert "Declared as Track 1" in warning.text and "Track 2" in warning.text


@pytest.mark.parametrize(
    ("status", "capacity", "fires"),
    [
        ("serving_official", "private", True),
        ("serving_official", "official", False),
        ("former_official", "private", False),
        ("unofficial", "private", False),
    ],
)
def test_officials_private_capacity(status: str, capacity: str, fires: bool) -> None:
    result = classify(initiative([group("Advisers", status, capacity, "middle")]))
    assert ("officials_private_capacity" in result.warning_codes()) is fires
    if fires:
        warning = next(w for w in result.warnings if w.code == "officials_private_capacity")
        assert '"Advisers"' in warning.text and "Track 1.5" in warning.text


@pytest.mark.parametrize(
    ("third_party", "participants", "fires"),
    [
        ("un", [ACADEMICS], True),
        ("state", [ACADEMICS, GRASSROOTS], True),
        ("regional_org", [group("Ex-ministers", "former_official", "private", "top")], True),
        ("un", [OFFICIALS, ACADEMICS], False),
        ("ngo_mediator", [ACADEMICS], False),
        ("state", [], False),
    ],
)
def test_official_convener_unofficial_participants(
    third_party: str, participants: list[ParticipantGroup], fires: bool
) -> None:
    result = classify(initiative(participants, third_party=third_party))
    assert ("official_convener_unofficial_participants" in result.warning_codes()) is fires


@pytest.mark.parametrize(
    ("third_party", "fires", "phrase"),
    [
        (None, True, "No third party is recorded"),
        ("none", True, "The record says there is no third party"),
        ("ngo_mediator", False, ""),
        ("state", False, ""),
    ],
)
def test_no_third_party(third_party: str | None, fires: bool, phrase: str) -> None:
    result = classify(initiative(third_party=third_party))
    warnings = [w for w in result.warnings if w.code == "no_third_party"]
    assert bool(warnings) is fires
    if fires:
        assert warnings[0].text.startswith(phrase)


@pytest.mark.parametrize(("participants", "fires"), [([], True), ([GRASSROOTS], False)])
def test_no_participants(participants: list[ParticipantGroup], fires: bool) -> None:
    result = classify(initiative(participants))
    assert ("no_participants" in result.warning_codes()) is fires


@pytest.mark.parametrize("proscribed", [True, False])
def test_proscribed_participant(proscribed: bool) -> None:
    result = classify(initiative(proscribed=proscribed))
    assert ("proscribed_participant" in result.warning_codes()) is proscribed
    if proscribed:
        assert "ethics decision" in result.warnings[0].text


@pytest.mark.parametrize(
    ("participants", "objectives", "fires"),
    [
        ([OFFICIALS, GRASSROOTS], ["relationship_building"], True),
        ([OFFICIALS, GRASSROOTS], ["link_track_three_to_one"], False),
        ([ACADEMICS, GRASSROOTS], ["relationship_building"], False),
        ([OFFICIALS, ACADEMICS], [], False),
    ],
)
def test_linking_without_objective(
    participants: list[ParticipantGroup], objectives: list[str], fires: bool
) -> None:
    result = classify(initiative(participants, objectives=objectives))
    assert ("linking_without_objective" in result.warning_codes()) is fires


@pytest.mark.parametrize(("objectives", "fires"), [([], True), (["capacity"], False)])
def test_no_objective(objectives: list[str], fires: bool) -> None:
    result = classify(initiative(objectives=objectives))
    assert ("no_objective" in result.warning_codes()) is fires


def test_warnings_come_in_documented_order() -> None:
    result = classify(initiative([], third_party=None, objectives=[], declared="2", proscribed=True))
    codes = [w.code for w in result.warnings]
    assert codes == [
        "declared_track_differs",
        "no_third_party",
        "no_participants",
        "proscribed_participant",
        "no_objective",
    ]


# --- result shape ------------------------------------------------------------------------------


def test_to_dict_has_exact_keys_and_json_types() -> None:
    result = classify(initiative([OFFICIALS, GRASSROOTS], third_party=None))
    data = result.to_dict()
    assert list(data) == ["track", "linked_tracks", "phase", "mode", "explanation", "warnings"]
    assert data["track"] == "1.5"
    assert data["linked_tracks"] == ["1", "3"]
    assert isinstance(data["explanation"], list) and all(isinstance(s, str) for s in data["explanation"])
    assert data["warnings"] == [{"code": w.code, "text": w.text} for w in result.warnings]
    assert json.loads(json.dumps(data)) == data


def test_warning_codes_method() -> None:
    result = classify(initiative([], objectives=[]))
    assert result.warning_codes() == frozenset({"no_participants", "no_objective"})


def test_results_are_immutable_and_deterministic() -> None:
    components = initiative([OFFICIALS, GRASSROOTS, ACADEMICS], third_party=None)
    first, second = classify(components), classify(components)
    assert first == second
    assert isinstance(first.warnings, tuple) and isinstance(first.warnings[0], ClarityWarning)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.track = "3"  # type: ignore[misc]


def test_components_store_tuples() -> None:
    components = Components("T", None, [ACADEMICS], "other", ["capacity"])  # type: ignore[arg-type]
    assert components.participants == (ACADEMICS,)
    assert components.objectives == ("capacity",)
    hash(components)


@pytest.mark.parametrize(
    "build",
    [
        lambda: group(status="minister"),
        lambda: group(capacity="personal"),
        lambda: group(level="bottom"),
        lambda: initiative(third_party="ngo"),
        lambda: initiative(fmt="workshop"),
        lambda: initiative(objectives=["peace"]),
        lambda: initiative(declared="2.5"),
    ],
)
def test_unknown_codes_are_rejected_at_construction(build: object) -> None:
    with pytest.raises(UnknownCode):
        build()  # type: ignore[operator]


@pytest.mark.parametrize("count", [0, -1, True])
def test_bad_count_is_rejected_at_construction(count: int) -> None:
    with pytest.raises(ValueError, match="count"):
        group(count=count)
