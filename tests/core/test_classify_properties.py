"""Property tests: invariants of the classification over every combination of vocabulary codes."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import assume, given
from hypothesis import strategies as st

from multitrack.core.classify import WARNING_CODES, Components, ParticipantGroup, classify, group_track
from multitrack.core.vocab import (
    ACTING_CAPACITY,
    FORMATS,
    LEVELS,
    MODES,
    OBJECTIVES,
    OFFICIAL_STATUS,
    PHASES,
    THIRD_PARTY_TYPES,
    TRACKS,
)

labels = st.text(min_size=1, max_size=20).filter(str.strip)

groups = st.builds(
    ParticipantGroup,
    label=labels,
    official_status=st.sampled_from(OFFICIAL_STATUS.codes()),
    acting_capacity=st.sampled_from(ACTING_CAPACITY.codes()),
    level=st.sampled_from(LEVELS.codes()),
    count=st.integers(min_value=1, max_value=500),
)

officials_in_office = st.builds(
    ParticipantGroup,
    label=labels,
    official_status=st.just("serving_official"),
    acting_capacity=st.just("official"),
    level=st.sampled_from(LEVELS.codes()),
)

# Grassroots groups that are not serving officials acting officially, i.e. Track 3 groups.
grassroots_groups = st.builds(
    ParticipantGroup,
    label=labels,
    official_status=st.sampled_from(OFFICIAL_STATUS.codes()),
    acting_capacity=st.sampled_from(ACTING_CAPACITY.codes()),
    level=st.just("grassroots"),
).filter(lambda g: not g.official_in_office)

components = st.builds(
    Components,
    title=labels,
    third_party_type=st.none() | st.sampled_from(THIRD_PARTY_TYPES.codes()),
    participants=st.lists(groups, max_size=6).map(tuple),
    format=st.sampled_from(FORMATS.codes()),
    objectives=st.lists(st.sampled_from(OBJECTIVES.codes()), unique=True, max_size=4).map(tuple),
    declared_track=st.none() | st.sampled_from(TRACKS.codes()),
    proscribed=st.booleans(),
)


@given(components)
def test_track_is_none_iff_no_participants(c: Components) -> None:
    track = classify(c).track
    assert (track is None) == (not c.participants)
    if track is not None:
        assert track in TRACKS.codes()


@given(components)
def test_linked_tracks_are_the_group_tracks_in_order(c: Components) -> None:
    linked = classify(c).linked_tracks
    assert set(linked) == {group_track(g) for g in c.participants}
    assert set(linked) <= set(TRACKS.codes())
    assert list(linked) == sorted(linked, key=TRACKS.codes().index)
    assert len(set(linked)) == len(linked)


@given(components)
def test_phase_mode_and_warnings_are_known_codes(c: Components) -> None:
    result = classify(c)
    assert result.phase in PHASES.codes()
    assert result.mode in MODES.codes()
    codes = [w.code for w in result.warnings]
    assert codes == [code for code in WARNING_CODES if code in codes]
    assert len(codes) == len(set(codes))


@given(components)
def test_explanation_names_every_group(c: Components) -> None:
    explanation = "\n".join(classify(c).explanation)
    for g in c.participants:
        assert f'"{g.label}"' in explanation


@given(components, officials_in_office)
def test_officials_in_office_never_yield_track_2_or_3(c: Components, official: ParticipantGroup) -> None:
    with_official = dataclasses.replace(c, participants=(*c.participants, official))
    assert classify(with_official).track in ("1", "1.5")


@given(components, st.lists(grassroots_groups, min_size=1, max_size=4))
def test_adding_grassroots_groups_keeps_a_track_2_or_higher(
    c: Components, extra: list[ParticipantGroup]
) -> None:
    # Only initiatives that already have a top or middle-range group: adding grassroots groups cannot
    # pull them down to Track 3 nor up to Track 1.
    assume(any(g.level != "grassroots" for g in c.participants))
    before = classify(c).track
    after = classify(dataclasses.replace(c, participants=(*c.participants, *extra))).track
    assert after == before


@given(components)
def test_declared_track_differs_iff_declared_differs_from_computed(c: Components) -> None:
    result = classify(c)
    differs = c.declared_track is not None and c.declared_track != result.track
    assert ("declared_track_differs" in result.warning_codes()) is differs


@given(components)
def test_classify_is_deterministic(c: Components) -> None:
    assert classify(c) == classify(c)
    assert classify(c).to_dict() == classify(dataclasses.replace(c)).to_dict()


@given(components)
def test_to_dict_round_trips_through_json(c: Components) -> None:
    data = classify(c).to_dict()
    assert json.loads(json.dumps(data)) == data
