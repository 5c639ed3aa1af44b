"""Theory-of-change checks: problems, the warnings a reviewer would raise, layout and version diffs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multitrack.core import toc as core
from multitrack.core.toc import Toc, TocError, TocLink, TocNode, TocNote


def chain() -> Toc:
    """A sound theory: two activities, an output, an outcome, the impact; every link with a rationale."""
    return Toc(
        nodes=(
            TocNode("a1", "activity", "Dialogue rounds"),
            TocNode("a2", "activity", "Study trip"),
            TocNode("o1", "output", "Joint non-paper"),
            TocNode("c1", "outcome", "Negotiators adopt the water-sharing idea"),
            TocNode("i1", "impact", "Fewer clashes over water"),
        ),
        links=(
            TocLink("a1", "o1", "participants draft together"),
            TocLink("a2", "o1", "they see a working model"),
            TocLink("o1", "c1", "advisers carry the paper to the table"),
            TocLink("c1", "i1", "the agreement removes a driver"),
        ),
        notes=(
            TocNote("assumption", "Participants keep access to negotiators", link=("o1", "c1")),
            TocNote("risk", "A spoiler leaks the paper", node="o1"),
        ),
    )


def codes(t: Toc) -> list[str]:
    return [w.code for w in core.warnings(t)]


def test_a_sound_theory_has_no_problem_and_no_warning():
    assert core.problems(chain()) == []
    assert core.warnings(chain()) == []


def test_problems_name_the_element_and_the_field():
    t = Toc(
        nodes=(
            TocNode("a", "activity", "Workshop"),
            TocNode("a", "goal", "Peace"),
            TocNode("b", "output", " "),
        ),
        links=(TocLink("a", "x"), TocLink("b", "b")),
        notes=(TocNote("hope", "It works", node="zz"),),
    )
    found = core.problems(t)
    assert "element key 'a' is used 2 times" in found
    assert "Peace: level 'goal' is not one of activity, output, outcome, impact" in found
    assert "element 'b': the label is empty" in found
    assert "link 'a' → 'x': no element with key 'x'" in found
    assert any(p.endswith(": an element cannot lead to itself") for p in found)
    assert "note 'It works': kind 'hope' is not one of assumption, risk" in found
    assert "note 'It works': no element with key 'zz'" in found


def test_orphan_outcome_and_activity_leading_nowhere():
    base = chain()
    t = Toc(
        nodes=(
            *base.nodes,
            TocNode("c2", "outcome", "Public support grows"),
            TocNode("a3", "activity", "Radio show"),
        ),
        links=base.links,
        notes=base.notes,
    )
    warnings = {w.code: w for w in core.warnings(t)}
    assert warnings["orphan_outcome"].nodes == ("c2",)
    assert warnings["orphan_outcome"].message == "nothing leads to Public support grows"
    assert warnings["activity_leads_nowhere"].nodes == ("a3",)
    assert warnings["activity_leads_nowhere"].message == "Radio show leads to no outcome or impact"


def test_an_activity_reaching_an_outcome_through_several_steps_leads_somewhere():
    t = Toc(
        nodes=(
            TocNode("a", "activity", "A"),
            TocNode("o", "output", "O"),
            TocNode("o2", "output", "O2"),
            TocNode("c", "outcome", "C"),
            TocNode("i", "impact", "I"),
        ),
        links=(
            TocLink("a", "o", "r"),
            TocLink("o", "o2", "r"),
            TocLink("o2", "c", "r"),
            TocLink("c", "i", "r"),
        ),
    )
    assert codes(t) == []


def test_cycles_backward_links_and_bare_links():
    base = chain()
    t = Toc(nodes=base.nodes, links=(*base.links[:3], TocLink("c1", "a1", ""), TocLink("c1", "i1", "")))
    warnings = {w.code: w for w in core.warnings(t)}
    assert warnings["cycle"].nodes == ("a1", "c1", "o1")
    assert "a cycle runs through" in warnings["cycle"].message
    assert warnings["backward_link"].nodes == ("c1", "a1")
    assert "is the arrow drawn the wrong way?" in warnings["backward_link"].message
    assert warnings["link_without_rationale"].message.startswith("2 links without a rationale")


def test_a_theory_without_impact_or_activity_says_so():
    t = Toc(nodes=(TocNode("c", "outcome", "C"),))
    assert {"no_impact", "no_activity", "orphan_outcome"} <= set(codes(t))
    assert core.warnings(Toc()) == []


def test_layout_puts_levels_in_columns_and_neighbours_side_by_side():
    positions = core.layout(chain(), width=900)
    xs = {key: x for key, (x, _) in positions.items()}
    assert xs["a1"] == xs["a2"] == 0 and xs["o1"] == 300 and xs["c1"] == 600 and xs["i1"] == 900
    assert positions["a1"][1] != positions["a2"][1]
    assert len(set(positions.values())) == len(positions)


def test_diff_by_key():
    before = chain()
    after = Toc(
        nodes=(
            TocNode("a1", "activity", "Dialogue rounds (monthly)"),
            TocNode("o1", "outcome", "Joint non-paper"),
            TocNode("c1", "outcome", "Negotiators adopt the water-sharing idea"),
            TocNode("i1", "impact", "Fewer clashes over water"),
            TocNode("n1", "output", "Media briefing"),
        ),
        links=(
            TocLink("a1", "o1", "participants draft together, monthly"),
            TocLink("o1", "c1", "advisers carry the paper to the table"),
            TocLink("c1", "i1", "the agreement removes a driver"),
            TocLink("a1", "n1", "journalists attend"),
        ),
        notes=(TocNote("risk", "A spoiler leaks the paper", node="o1"),),
    )
    d = core.diff(before, after)
    assert d.added == ("Media briefing",) and d.removed == ("Study trip",)
    assert d.renamed == (("Dialogue rounds", "Dialogue rounds (monthly)"),)
    assert d.moved == (("Joint non-paper", "output", "outcome"),)
    assert d.links_added == (("Dialogue rounds (monthly)", "Media briefing"),)
    assert d.links_removed == (("Study trip", "Joint non-paper"),)
    assert d.rationale_changed == (("Dialogue rounds (monthly)", "Joint non-paper"),)
    assert d.notes_removed == ("assumption: Participants keep access to negotiators",)
    assert d.unchanged == {"elements": 2, "links": 2}
    assert d.as_dict()["elements"]["level_changed"] == [
        {"element": "Joint non-paper", "from": "output", "to": "outcome"}
    ]
    assert core.diff(before, before).empty


def test_from_data_reads_the_json_shape_and_names_the_place():
    t = core.from_data(
        {
            "elements": [
                {"key": "a", "level": "activity", "label": "A"},
                {"key": "i", "level": "impact", "label": "I"},
            ],
            "links": [{"from": "a", "to": "i", "rationale": "because"}],
            "notes": [
                {"kind": "risk", "text": "R", "link": ["a", "i"]},
                {"kind": "assumption", "text": "S", "element": "a"},
            ],
        }
    )
    assert t.links == (TocLink("a", "i", "because"),)
    assert t.notes[0].link == ("a", "i") and t.notes[1].node == "a"
    for bad, message in [
        ([], "the theory of change must be a JSON object"),
        ({"elements": {}}, "elements: must be a list"),
        (
            {"elements": [{"key": "a", "level": "activity"}]},
            "elements[0].label: a non-empty text is required",
        ),
        ({"links": [{"from": "a", "to": 3}]}, "links[0].to: a non-empty text is required"),
        ({"notes": [{"kind": "risk", "text": "t", "link": ["a"]}]}, "notes[0].link: must be [from, to]"),
    ]:
        with pytest.raises(TocError, match=message.replace("[", r"\[").replace("]", r"\]")):
            core.from_data(bad)


@given(st.permutations(range(5)))
def test_warnings_do_not_depend_on_the_order_of_elements(order):
    base = chain()
    shuffled = Toc(nodes=tuple(base.nodes[i] for i in order), links=base.links[::-1], notes=base.notes)
    assert codes(shuffled) == codes(base)
    broken = Toc(nodes=tuple(base.nodes[i] for i in order), links=base.links[1:])
    assert sorted(codes(broken)) == sorted(codes(Toc(nodes=base.nodes, links=base.links[1:])))
