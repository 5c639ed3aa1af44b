"""Conflict-map checks and the semantics of the difference between two versions."""

from __future__ import annotations

from dataclasses import replace

from multitrack.core.conflictmap import MapNode, MapSnapshot, MapTie, diff, match_nodes, problems

GOV = MapNode("k1", "party", "Government", power=5, actor="O-GOV1")
REB = MapNode("k2", "party", "Northern Movement", power=3)
LAND = MapNode("k3", "issue", "Land tenure")
DONOR = MapNode("k4", "external", "Neighbour state", power=4)
BASE = MapSnapshot(
    nodes=(GOV, REB, LAND, DONOR),
    ties=(
        MapTie("k1", "k2", "discord"),
        MapTie("k4", "k1", "influence"),
        MapTie("k2", "k3", "close"),
    ),
)


def test_a_version_compared_with_itself_has_no_changes():
    d = diff(BASE, BASE)
    assert d.empty
    assert d.unchanged_nodes == 4 and d.unchanged_ties == 3
    assert d.as_dict()["unchanged"] == {"nodes": 4, "ties": 3}


def test_parties_added_and_gone():
    church = MapNode("k5", "party", "Council of Churches", power=2)
    after = MapSnapshot(nodes=(GOV, REB, LAND, church), ties=BASE.ties[:1] + BASE.ties[2:])
    d = diff(BASE, after)
    assert [n.label for n in d.added] == ["Council of Churches"]
    assert [n.label for n in d.gone] == ["Neighbour state"]
    # the gone party's arrow is removed with it
    assert [(c.before.source, c.before.type) for c in d.ties_removed if c.before] == [("k4", "influence")]


def test_power_kind_and_label_changes_keep_identity_by_key():
    after = replace(
        BASE,
        nodes=(
            replace(GOV, power=3),
            replace(REB, label="Northern Liberation Movement"),
            LAND,
            replace(DONOR, kind="party"),
        ),
    )
    d = diff(BASE, after)
    assert not d.added and not d.gone
    assert [(c.before.power, c.after.power) for c in d.power_changes] == [(5, 3)]
    assert [c.after.label for c in d.renamed] == ["Northern Liberation Movement"]
    assert [(c.before.kind, c.after.kind) for c in d.kind_changes] == [("external", "party")]
    assert d.unchanged_ties == 3


def test_ties_formed_changed_broken_removed():
    after = replace(
        BASE,
        ties=(
            MapTie("k2", "k1", "broken"),  # drawn the other way round: still the same line, now broken
            MapTie("k2", "k3", "alliance"),  # close -> alliance: changed
            MapTie("k4", "k2", "influence"),  # new arrow
        ),
    )
    d = diff(BASE, after)
    assert [(c.before.type, c.after.type) for c in d.ties_broken if c.before and c.after] == [
        ("discord", "broken")
    ]
    assert [(c.before.type, c.after.type) for c in d.ties_changed if c.before and c.after] == [
        ("close", "alliance")
    ]
    assert [(c.after.source, c.after.target) for c in d.ties_formed if c.after] == [("k4", "k2")]
    # the old arrow k4 -> k1 is no longer drawn
    assert [(c.before.source, c.before.target) for c in d.ties_removed if c.before] == [("k4", "k1")]
    out = d.as_dict()
    assert out["ties_broken"] == [
        {
            "source": "Northern Movement",
            "target": "Government",
            "type": "broken",
            "before": "discord",
            "after": "broken",
        }
    ]
    assert out["ties_formed"][0]["source"] == "Neighbour state"


def test_an_arrow_turned_round_is_removed_and_formed():
    after = replace(BASE, ties=(BASE.ties[0], MapTie("k1", "k4", "influence"), BASE.ties[2]))
    d = diff(BASE, after)
    assert len(d.ties_formed) == 1 and len(d.ties_removed) == 1 and not d.ties_changed


def test_independent_versions_match_by_actor_then_by_label():
    other = MapSnapshot(
        nodes=(
            MapNode("x1", "party", "The government", power=4, actor="O-GOV1"),  # same actor, other words
            MapNode("x2", "party", "  northern   MOVEMENT ", power=3),  # same label, other spacing and case
            MapNode("x3", "issue", "Water"),
        ),
        ties=(MapTie("x1", "x2", "discord"),),
    )
    assert match_nodes(BASE, other) == {"x1": "k1", "x2": "k2"}
    d = diff(BASE, other)
    assert [n.label for n in d.added] == ["Water"]
    assert {n.label for n in d.gone} == {"Land tenure", "Neighbour state"}
    assert [c.after.label for c in d.renamed] == ["The government"]
    assert d.unchanged_ties == 1  # the discord line is the same tie in both views


def test_label_match_needs_the_same_kind():
    other = MapSnapshot(nodes=(MapNode("x1", "party", "Land tenure"),))
    assert match_nodes(BASE, other) == {}


def test_problems_name_the_element_and_field():
    bad = MapSnapshot(
        nodes=(
            MapNode("a", "party", "A", power=9),
            MapNode("b", "issue", "B", power=2),
            MapNode("c", "tribe", "C"),
        ),
        ties=(
            MapTie("a", "b", "close"),
            MapTie("b", "a", "discord"),  # a second line between the same pair
            MapTie("a", "a", "close"),
            MapTie("a", "z", "hostile"),
        ),
    )
    found = problems(bad)
    assert "A: power must be from 1 to 5, not 9" in found
    assert "B: an issue has no power; leave it blank" in found
    assert any(p.startswith("C: kind 'tribe'") for p in found)
    assert "tie B – A: the two nodes already have a line; change its type instead" in found
    assert "tie A – A: a tie needs two different nodes" in found
    assert any("type 'hostile'" in p for p in found)
    assert any("no node with key z" in p for p in found)
    assert problems(BASE) == []


def test_two_arrows_in_opposite_directions_are_allowed():
    ok = replace(BASE, ties=(*BASE.ties, MapTie("k1", "k4", "influence")))
    assert problems(ok) == []
