"""Contribution analysis over plain data: each rule of the story (the question, the period, the theory
read, the evidence counted, what supports and what weakens the claim, the gaps), without a database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from multitrack.core import contribution as c
from multitrack.core import indicators as ind
from multitrack.core.inclusion import Flag
from multitrack.core.toc import Toc, TocLink, TocNode, TocNote, TocWarning

DAY = date(2024, 6, 30)
MAP_GAP = (
    "No change of the conflict maps can be shown for the period: map the context at its start and at its end."
)
NO_THEORY = "No theory of change: the causal claim has nothing to be checked against."


def outcome(title: str = "Formula tabled", *levels: str, **kw: object) -> c.OutcomeEvidence:
    return c.OutcomeEvidence(title, levels=levels, **kw)  # type: ignore[arg-type]


def element(key: str, label: str = "", level: str = "outcome") -> c.ChainElement:
    return c.ChainElement(key, label or key.upper(), level)


def theory(*elements: c.ChainElement, unreasoned: int = 0, warnings: tuple[str, ...] = ()) -> c.Theory:
    return c.Theory(
        by_level={},
        links=len(elements) + unreasoned,
        links_without_rationale=unreasoned,
        warnings=tuple(TocWarning(code, code) for code in warnings),
        notes=(),
        elements=elements,
    )


def told(evidence: c.Evidence) -> c.Evidence:
    """`evidence` with a map change, so that the map gap is out of the way."""
    return replace(evidence, map_changes=1)


# --- the outcomes' judgements ----------------------------------------------------------------------------


def test_agreement_counts_each_level_given_strongest_first() -> None:
    o = outcome("x", "disagree", "agree_fully", "agree_partially", "agree_fully")
    assert o.agreement == [("agree_fully", 2), ("agree_partially", 1), ("disagree", 1)]
    assert outcome("x", "disagree").agreement == [("disagree", 1)] and outcome("x").agreement == []


@pytest.mark.parametrize(
    ("levels", "substantiated", "contested", "fully"),
    [
        ((), False, False, False),
        (("agree_partially",), True, False, False),
        (("agree_fully", "disagree"), True, True, True),
        (("disagree", "disagree"), True, True, False),
    ],
)
def test_an_outcome_is_substantiated_by_any_view_and_contested_by_one_disagreement(
    levels: tuple[str, ...], substantiated: bool, contested: bool, fully: bool
) -> None:
    o = outcome("x", *levels)
    assert (o.substantiated, o.contested, o.fully_agreed) == (substantiated, contested, fully)


# --- steps 1 to 3 -----------------------------------------------------------------------------------------


def test_the_period_is_as_given_else_the_initiative_s_else_five_years_to_today() -> None:
    given = c.period(date(2020, 1, 1), date(2021, 1, 1), begun=date(2019, 1, 1), ended=None, today=DAY)
    assert given == (date(2020, 1, 1), date(2021, 1, 1))
    assert c.period(None, None, begun=date(2019, 1, 1), ended=date(2022, 12, 31), today=DAY) == (
        date(2019, 1, 1),
        date(2022, 12, 31),
    )
    assert c.period(None, None, begun=None, ended=None, today=DAY) == (date(2019, 1, 1), DAY)
    backwards = c.period(date(2021, 6, 1), date(2021, 3, 1), begun=None, ended=None, today=DAY)
    assert backwards == (date(2021, 6, 1), date(2021, 6, 1))


def test_the_question_aims_at_the_impacts_else_the_outcomes() -> None:
    start, end = date(2019, 1, 1), date(2022, 12, 31)
    both = {"impact": ["Fewer clashes", "Returns"], "outcome": ["Formula adopted"]}
    assert c.question("I-7F3K", "Valley dialogue", start, end, both) == (
        "Did I-7F3K Valley dialogue contribute, between 2019-01-01 and 2022-12-31, to: Fewer clashes; "
        "Returns? And how, beside the other forces at work?"
    )
    assert "to: Formula adopted?" in c.question("I-7F3K", "t", start, end, {"outcome": ["Formula adopted"]})
    assert "to: the changes it set out to influence?" in c.question("I-7F3K", "t", start, end, {})


@dataclass
class Version:
    name: str
    saved: bool = True
    as_of: date = DAY


def test_the_story_checks_against_the_latest_saved_version_else_the_latest_draft() -> None:
    def saved(v: Version) -> bool:
        return v.saved

    versions = [Version("first"), Version("second"), Version("draft", saved=False)]
    assert c.checked_version(versions, saved) == versions[1]
    assert c.checked_version([Version("a", False), Version("b", False)], saved) == Version("b", False)
    assert c.checked_version([], saved) is None


def test_the_theory_is_read_with_the_outcomes_and_impacts_to_follow() -> None:
    toc = Toc(
        nodes=(
            TocNode("a", "activity", "Workshops"),
            TocNode("o", "outcome", "Formula adopted"),
            TocNode("r", "outcome", "Returns"),
            TocNode("i", "impact", "Fewer clashes"),
        ),
        links=(TocLink("a", "o", "advisers carry it"), TocLink("o", "i", "  ")),
        notes=(
            TocNote("risk", "Hardliners denounce it", node="o"),
            TocNote("assumption", "Access holds", node="o"),
            TocNote("assumption", "Talks go on", link=("o", "i")),
        ),
    )
    read = c.theory(toc)
    assert read.by_level == {"activity": ("Workshops",), "outcome": ("Formula adopted", "Returns")} | {
        "impact": ("Fewer clashes",)
    }
    assert read.levels == [
        ("Activity", ("Workshops",)),
        ("Outcome", ("Formula adopted", "Returns")),
        ("Impact", ("Fewer clashes",)),
    ]
    assert (read.links, read.links_without_rationale) == (2, 1)  # a blank rationale is none
    assert {w.code for w in read.warnings} == {"orphan_outcome", "link_without_rationale"}
    assert read.notes == (
        ("risk", "Hardliners denounce it"),
        ("assumption", "Access holds"),
        ("assumption", "Talks go on"),
    )
    assert read.elements == (
        c.ChainElement("o", "Formula adopted", "outcome", ("Access holds",), ("Hardliners denounce it",)),
        c.ChainElement("r", "Returns", "outcome"),
        c.ChainElement("i", "Fewer clashes", "impact"),
    )


def test_an_indicator_stands_where_it_was_at_the_end_of_the_period() -> None:
    values = [
        ind.Measurement(year, value) for year, value in (("2019", 2), ("2021", 6), ("2022", 8), ("2023", 10))
    ]
    status, in_period = c.standing(0, [("2023", 10)], values, date(2020, 1, 1), date(2022, 6, 30))
    assert status.latest is not None and status.latest.value == 6 and status.progress == 0.6
    assert in_period == 1  # 2019 ended before the period; 2022 and 2023 end after it
    status, in_period = c.standing(0, [("2023", 10)], [], date(2020, 1, 1), date(2022, 12, 31))
    assert (status.latest, status.progress, in_period) == (None, None, 0)


def test_the_outcomes_are_tallied_by_rpp_cell_direction_and_effect() -> None:
    outcomes = [
        outcome(
            "a", rpp_level="socio_political", rpp_reach="key_people", direction="upward", effect_on="outcome"
        ),
        outcome("b", rpp_level="socio_political", rpp_reach="key_people", direction="horizontal"),
        outcome("c", rpp_level="individual", rpp_reach=""),  # half classified: in no cell
    ]
    assert c.reach() == ["More people", "Key people"]
    assert c.rpp(outcomes) == [("Individual or personal", [0, 0]), ("Socio-political", [0, 2])]
    assert c.directions(outcomes) == [("Upward", 1), ("Downward or outward", 0), ("Horizontal", 1)]
    assert c.effects(outcomes) == [("Process", 0), ("Outcome", 1)]
    assert c.rpp([]) == [("Individual or personal", [0, 0]), ("Socio-political", [0, 0])]


@pytest.mark.parametrize(
    ("status", "issued", "counts"),
    [
        ("confirmed", date(2021, 5, 14), True),
        ("confirmed", None, True),  # an undated text counts
        ("confirmed", date(2023, 1, 1), False),  # issued after the period
        ("confirmed", date(2018, 12, 31), False),
        ("proposed", date(2021, 5, 14), False),
        ("rejected", date(2021, 5, 14), False),
    ],
)
def test_a_transfer_counts_once_confirmed_into_a_text_of_the_period(
    status: str, issued: date | None, counts: bool
) -> None:
    assert c.taken_up(status, issued, date(2019, 1, 1), date(2022, 12, 31)) is counts
    assert c.undecided(status) is (status == "proposed")


def test_a_map_change_spans_the_version_at_the_start_and_the_last() -> None:
    first, second, third = (
        Version("1", as_of=date(2018, 1, 1)),
        Version("2", as_of=date(2019, 6, 1)),
        Version("3", as_of=date(2022, 1, 1)),
    )
    assert c.span([first, second, third], date(2019, 1, 1)) == (first, third)
    assert c.span([first, second, third], date(2020, 1, 1)) == (second, third)
    assert c.span([second, third], date(2019, 1, 1)) == (second, third)  # none before: the first
    assert c.span([first], date(2019, 1, 1)) is None  # one version: nothing to compare
    assert c.span([first, second], date(2020, 1, 1)) is None  # the last stood at the start already
    details = {"parties_added": [{}, {}], "ties_changed": [], "labels": {"a": "b"}}
    assert c.change_counts(details) == {"parties_added": 2, "ties_changed": 0}


# --- step 4: the chain --------------------------------------------------------------------------------------


def test_outcomes_bear_on_and_indicators_measure_elements_by_key() -> None:
    adopted = element("k1")
    assert c.bears_on(adopted, outcome(elements=frozenset({"k1", "k2"})))
    assert not c.bears_on(adopted, outcome(elements=frozenset({"k2"})))
    assert c.measures(adopted, c.IndicatorEvidence("OC1", None, 0, "k1"))
    assert not c.measures(adopted, c.IndicatorEvidence("OC1", None, 0, ""))
    evidence = c.Evidence(
        theory(adopted, element("k2"), element("k3", level="impact")),
        outcomes=(outcome(elements=frozenset({"k1"})),),
        indicators=(c.IndicatorEvidence("OC1", None, 0, "k2"),),
    )
    assert [e.key for e in c.uncovered(evidence)] == ["k3"]
    assert c.uncovered(c.Evidence()) == []


# --- steps 5 and 6: what supports the claim, what weakens it, the gaps ------------------------------------


def test_with_nothing_gathered_nothing_supports_or_weakens_and_the_gaps_say_so() -> None:
    assert c.assess(c.Evidence()) == c.Assessment((), (), (NO_THEORY, MAP_GAP))


def test_what_supports_the_claim_in_the_order_it_is_said() -> None:
    evidence = c.Evidence(
        outcomes=(
            outcome("a", "agree_fully", "disagree", direction="upward"),
            outcome("b", "agree_partially", direction="upward", positive=False),  # harm does not reach up
            outcome("c", direction="upward"),  # unsubstantiated, but it reached Track One all the same
        ),
        indicators=(c.IndicatorEvidence("OC1", 1.0, 1), c.IndicatorEvidence("OC2", 1.4, 1)),
        transfers=2,
    )
    assert c.supports(evidence) == [
        "3 outcome(s) harvested in the period, 2 substantiated by independent people "
        "(1 with full agreement).",
        "2 passage(s) of the initiative's outputs confirmed as taken up in official texts issued after them.",
        "2 positive outcome(s) reached Track One (upward transfer).",
        "2 indicator(s) reached their target.",
    ]


@pytest.mark.parametrize(
    ("progress", "on_target", "behind"),
    [
        (None, False, False),
        (-0.2, False, True),
        (0.49, False, True),
        (0.5, False, False),
        (0.99, False, False),
        (1.0, True, False),
        (2.5, True, False),
    ],
)
def test_an_indicator_is_on_target_from_all_the_way_and_behind_below_half_way(
    progress: float | None, on_target: bool, behind: bool
) -> None:
    evidence = c.Evidence(indicators=(c.IndicatorEvidence("OC1", progress, 1),))
    assert any("reached their target" in s for s in c.supports(evidence)) is on_target
    assert any("less than half way" in s for s in c.weakens(evidence)) is behind


def test_what_weakens_the_claim_in_the_order_it_is_said() -> None:
    flags = (Flag("2020", "woman", 8, 5), Flag("2021", "man", None, None))
    evidence = c.Evidence(
        theory(warnings=("orphan_outcome", "link_without_rationale", "orphan_outcome")),
        outcomes=(outcome("a", "disagree"), outcome("b", "agree_fully", "disagree", positive=False)),
        indicators=(c.IndicatorEvidence("OC1", 0.2, 1),),
        flags=flags,
    )
    assert c.weakens(evidence) == [
        "2 outcome(s) are disputed by at least one substantiator.",
        "1 negative outcome(s): the initiative also caused harm or exposure.",
        "Present without influence: woman in 2020; man in 2021 took part with no influence role while others "
        "held one (a tokenism signal).",
        "1 indicator(s) are less than half way to their target.",
        "The theory of change has 3 warning(s): link without rationale; orphan outcome.",
    ]


def test_when_every_outcome_is_contested_every_one_is_still_substantiated() -> None:
    evidence = told(c.Evidence(theory(), outcomes=(outcome("a", "disagree"), outcome("b", "disagree"))))
    assert c.weakens(evidence) == ["2 outcome(s) are disputed by at least one substantiator."]
    assert c.supports(evidence) == [
        "2 outcome(s) harvested in the period, 2 substantiated by independent people (0 with full agreement)."
    ]
    assert c.gaps(evidence) == []


def test_the_gaps_in_the_order_they_are_said() -> None:
    evidence = c.Evidence(
        theory(element("k1", "Formula adopted"), element("k2", "Returns"), element("k3"), unreasoned=2),
        outcomes=(
            outcome("Exposed", elements=frozenset({"k1"})),
            outcome("Tabled", "agree_fully"),
            outcome("Named"),
        ),
        indicators=(
            c.IndicatorEvidence("OC1", None, 0, "k3"),
            c.IndicatorEvidence("OC2", 0.7, 1),
            c.IndicatorEvidence("OC3", None, 0),
        ),
        undecided_transfers=3,
    )
    assert c.gaps(evidence) == [
        "No outcome and no indicator bears on “Returns”.",
        "2 outcome(s) not yet substantiated: Exposed, Named.",
        "2 indicator(s) without a value in the period: OC1, OC3.",  # a silent indicator still covers k3
        "2 link(s) of the theory give no rationale.",
        "3 possible transfer(s) are waiting for a decision.",
        MAP_GAP,
    ]
    assert c.gaps(told(evidence))[-1] != MAP_GAP


def test_without_a_theory_no_element_or_link_is_missing_but_the_theory_is() -> None:
    evidence = told(c.Evidence(outcomes=(outcome("a", "agree_fully", elements=frozenset({"k1"})),)))
    assert c.gaps(evidence) == [NO_THEORY]
    assert c.weakens(evidence) == []  # no theory, no warning of it


def test_a_theory_without_outcomes_or_impacts_leaves_no_element_uncovered() -> None:
    assert c.gaps(told(c.Evidence(theory()))) == []


def test_assess_gathers_the_three_lists() -> None:
    evidence = c.Evidence(
        outcomes=(outcome("a", positive=False),), indicators=(c.IndicatorEvidence("X", 0, 0),)
    )
    assert c.assess(evidence) == c.Assessment(
        tuple(c.supports(evidence)), tuple(c.weakens(evidence)), tuple(c.gaps(evidence))
    )
