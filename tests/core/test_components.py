"""The JSON input parser: valid input, and exact error messages naming the object and field."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multitrack.core.components import (
    Components,
    ComponentsError,
    ParticipantGroup,
    components_to_dict,
    parse_components,
    parse_many,
)
from multitrack.core.vocab import (
    ACTING_CAPACITY,
    FORMATS,
    LEVELS,
    OBJECTIVES,
    OFFICIAL_STATUS,
    THIRD_PARTY_TYPES,
    TRACKS,
)


def valid() -> dict[str, Any]:
    return {
        "title": "Women's dialogue on the ceasefire",
        "declared_track": "2",
        "third_party": {"type": "ngo_mediator"},
        "participants": [
            {
                "label": "Ministry delegation",
                "official_status": "serving_official",
                "acting_capacity": "official",
                "level": "top",
                "count": 3,
            },
            {
                "label": "Women's groups",
                "official_status": "unofficial",
                "acting_capacity": "private",
                "level": "grassroots",
            },
        ],
        "format": "back_channel",
        "objectives": ["link_track_three_to_one", "transfer_to_track_one"],
        "proscribed": True,
    }


def minimal() -> dict[str, Any]:
    return {"title": "Minimal", "participants": [], "format": "other", "objectives": []}


def test_parse_valid_object() -> None:
    c = parse_components(valid())
    assert c == Components(
        title="Women's dialogue on the ceasefire",
        third_party_type="ngo_mediator",
        participants=(
            ParticipantGroup("Ministry delegation", "serving_official", "official", "top", 3),
            ParticipantGroup("Women's groups", "unofficial", "private", "grassroots", 1),
        ),
        format="back_channel",
        objectives=("link_track_three_to_one", "transfer_to_track_one"),
        declared_track="2",
        proscribed=True,
    )


def test_optional_fields_default() -> None:
    c = parse_components(minimal())
    assert c.declared_track is None
    assert c.third_party_type is None
    assert c.proscribed is False
    assert c.participants == ()
    assert c.objectives == ()


def test_explicit_nulls_are_accepted() -> None:
    data = minimal() | {"declared_track": None, "third_party": None}
    assert parse_components(data) == parse_components(minimal())


def test_third_party_none_means_explicitly_none() -> None:
    c = parse_components(minimal() | {"third_party": {"type": "none"}})
    assert c.third_party_type == "none"


def test_parse_many_single_object() -> None:
    items, was_list = parse_many(valid())
    assert was_list is False
    assert items == [parse_components(valid())]


def test_parse_many_list() -> None:
    items, was_list = parse_many([valid(), minimal()])
    assert was_list is True
    assert [c.title for c in items] == ["Women's dialogue on the ceasefire", "Minimal"]


def test_parse_many_empty_list() -> None:
    assert parse_many([]) == ([], True)


def test_parses_json_text_round_trip() -> None:
    data = json.loads(json.dumps(valid()))
    assert components_to_dict(parse_components(data)) == valid() | {
        "participants": [valid()["participants"][0], valid()["participants"][1] | {"count": 1}]
    }


def _with(path: list[str | int], value: Any, *, delete: bool = False) -> dict[str, Any]:
    """A valid object with one value at `path` replaced or deleted."""
    data = valid()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def allowed(vocabulary_codes: tuple[str, ...]) -> str:
    return ", ".join(vocabulary_codes)


TOP_FIELDS = "title, declared_track, third_party, participants, format, objectives, proscribed"
GROUP_FIELDS = "label, official_status, acting_capacity, level, count"

# A table reads better unformatted: one case per entry.
# fmt: off
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # (id, bad object, field, message)
    ("missing title", _with(["title"], None, delete=True), "title", "required field is missing"),
    ("missing participants", _with(["participants"], None, delete=True), "participants",
     "required field is missing"),
    ("missing format", _with(["format"], None, delete=True), "format", "required field is missing"),
    ("missing objectives", _with(["objectives"], None, delete=True), "objectives",
     "required field is missing"),
    ("title type", _with(["title"], 5), "title", "expected a string, got number"),
    ("title empty", _with(["title"], "  "), "title", "must not be empty"),
    ("title null", _with(["title"], None), "title", "expected a string, got null"),
    ("declared type", _with(["declared_track"], 2), "declared_track",
     "expected a string or null, got number"),
    ("declared code", _with(["declared_track"], "2.5"), "declared_track",
     f"unknown code '2.5'; expected one of: {allowed(TRACKS.codes())}"),
    ("third party type", _with(["third_party"], "ngo_mediator"), "third_party",
     "expected an object or null, got string"),
    ("third party missing type", _with(["third_party"], {}), "third_party.type", "required field is missing"),
    ("third party code", _with(["third_party", "type"], "ngo"), "third_party.type",
     f"unknown code 'ngo'; expected one of: {allowed(THIRD_PARTY_TYPES.codes())}"),
    ("third party extra key", _with(["third_party", "name"], "HD"), "third_party.name",
     "unknown field; allowed fields: type"),
    ("participants type", _with(["participants"], {"label": "x"}), "participants",
     "expected an array, got object"),
    ("participant element", _with(["participants", 1], "Women's groups"), "participants[1]",
     "expected an object, got string"),
    ("participant missing level", _with(["participants", 1, "level"], None, delete=True),
     "participants[1].level", "required field is missing"),
    ("participant label type", _with(["participants", 0, "label"], ["x"]), "participants[0].label",
     "expected a string, got array"),
    ("participant status code", _with(["participants", 0, "official_status"], "minister"),
     "participants[0].official_status",
     f"unknown code 'minister'; expected one of: {allowed(OFFICIAL_STATUS.codes())}"),
    ("participant capacity code", _with(["participants", 1, "acting_capacity"], "personal"),
     "participants[1].acting_capacity",
     f"unknown code 'personal'; expected one of: {allowed(ACTING_CAPACITY.codes())}"),
    ("participant level code", _with(["participants", 1, "level"], "bottom"), "participants[1].level",
     f"unknown code 'bottom'; expected one of: {allowed(LEVELS.codes())}"),
    ("participant level type", _with(["participants", 1, "level"], 3), "participants[1].level",
     "expected a string, got number"),
    ("count zero", _with(["participants", 0, "count"], 0), "participants[0].count",
     "must be at least 1, got 0"),
    ("count negative", _with(["participants", 0, "count"], -2), "participants[0].count",
     "must be at least 1, got -2"),
    ("count bool", _with(["participants", 0, "count"], True), "participants[0].count",
     "expected an integer, got boolean"),
    ("count float", _with(["participants", 0, "count"], 1.5), "participants[0].count",
     "expected an integer, got number"),
    ("count string", _with(["participants", 0, "count"], "3"), "participants[0].count",
     "expected an integer, got string"),
    ("count null", _with(["participants", 0, "count"], None), "participants[0].count",
     "expected an integer, got null"),
    ("participant extra key", _with(["participants", 0, "gender"], "woman"), "participants[0].gender",
     f"unknown field; allowed fields: {GROUP_FIELDS}"),
    ("format code", _with(["format"], "workshop"), "format",
     f"unknown code 'workshop'; expected one of: {allowed(FORMATS.codes())}"),
    ("format type", _with(["format"], None), "format", "expected a string, got null"),
    ("objectives type", _with(["objectives"], "capacity"), "objectives", "expected an array, got string"),
    ("objective code", _with(["objectives", 1], "peace"), "objectives[1]",
     f"unknown code 'peace'; expected one of: {allowed(OBJECTIVES.codes())}"),
    ("objective type", _with(["objectives", 0], {"code": "capacity"}), "objectives[0]",
     "expected a string, got object"),
    ("proscribed type", _with(["proscribed"], "yes"), "proscribed", "expected true or false, got string"),
    ("proscribed int", _with(["proscribed"], 1), "proscribed", "expected true or false, got number"),
    ("extra key", _with(["titel"], "typo"), "titel", f"unknown field; allowed fields: {TOP_FIELDS}"),
]
# fmt: on


@pytest.mark.parametrize(("obj", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_in_single_object(obj: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ComponentsError) as caught:
        parse_many(obj)
    error = caught.value
    assert (error.index, error.field, error.message) == (0, field, message)
    assert str(error) == f"object 0: field {field}: {message}"


@pytest.mark.parametrize(("obj", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_in_list_names_the_object(obj: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ComponentsError) as caught:
        parse_many([valid(), minimal(), obj])
    error = caught.value
    assert (error.index, error.field, error.message) == (2, field, message)
    assert str(error) == f"object 2: field {field}: {message}"


def test_exact_message_for_unknown_format() -> None:
    with pytest.raises(ComponentsError) as caught:
        parse_components(_with(["format"], "worksop"), index=4)
    assert str(caught.value) == (
        "object 4: field format: unknown code 'worksop'; expected one of: problem_solving_workshop, "
        "dialogue_series, sustained_dialogue, capacity_building_workshop, research_as_intervention, "
        "code_of_conduct, practical_guide, exposure_trip, back_channel, bilateral_meeting, shuttle, "
        "consultation, local_mediation, track_1_5_meeting, other"
    )


def test_unknown_key_is_reported_before_missing_key() -> None:
    data = valid()
    data["titel"] = data.pop("title")
    with pytest.raises(ComponentsError, match=r"^field titel: unknown field"):
        parse_components(data)


def test_first_error_in_field_order_is_reported() -> None:
    data = _with(["format"], "workshop")
    data["title"] = 1
    with pytest.raises(ComponentsError, match=r"^field title: "):
        parse_components(data)


def test_list_element_not_an_object() -> None:
    with pytest.raises(ComponentsError) as caught:
        parse_many([valid(), 7])
    assert (caught.value.index, caught.value.field) == (1, "")
    assert str(caught.value) == "object 1: expected an object, got number"


@pytest.mark.parametrize(
    ("data", "kind"), [("x", "string"), (None, "null"), (3, "number"), (True, "boolean")]
)
def test_input_neither_object_nor_list(data: object, kind: str) -> None:
    with pytest.raises(ComponentsError) as caught:
        parse_many(data)
    assert str(caught.value) == f"expected an object or an array of objects, got {kind}"
    assert caught.value.index is None


def test_components_error_is_a_value_error() -> None:
    error = ComponentsError("participants[1].level", "required field is missing", 3)
    assert isinstance(error, ValueError)
    assert str(error) == "object 3: field participants[1].level: required field is missing"
    assert error.args == (str(error),)


def test_parser_does_not_mutate_input() -> None:
    data = valid()
    before = copy.deepcopy(data)
    parse_components(data)
    assert data == before


labels = st.text(min_size=1, max_size=20).filter(str.strip)
groups = st.builds(
    ParticipantGroup,
    label=labels,
    official_status=st.sampled_from(OFFICIAL_STATUS.codes()),
    acting_capacity=st.sampled_from(ACTING_CAPACITY.codes()),
    level=st.sampled_from(LEVELS.codes()),
    count=st.integers(min_value=1, max_value=10_000),
)
components = st.builds(
    Components,
    title=labels,
    third_party_type=st.none() | st.sampled_from(THIRD_PARTY_TYPES.codes()),
    participants=st.lists(groups, max_size=5).map(tuple),
    format=st.sampled_from(FORMATS.codes()),
    objectives=st.lists(st.sampled_from(OBJECTIVES.codes()), max_size=4).map(tuple),
    declared_track=st.none() | st.sampled_from(TRACKS.codes()),
    proscribed=st.booleans(),
)


@given(components)
def test_to_dict_then_parse_round_trips(c: Components) -> None:
    data = json.loads(json.dumps(components_to_dict(c)))
    assert parse_components(data) == c
