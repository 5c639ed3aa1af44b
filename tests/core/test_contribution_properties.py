"""Properties of the contribution rules over any evidence: what a substantiated, undisputed positive outcome
does to the story, what the sentences count, and what they do not depend on."""

from __future__ import annotations

import re
from dataclasses import replace
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core import contribution as c
from multitrack.core.inclusion import Flag
from multitrack.core.toc import TocWarning

KEYS = ("k1", "k2", "k3")
NO_THEORY = "No theory of change: the causal claim has nothing to be checked against."

outcomes = st.builds(
    c.OutcomeEvidence,
    title=st.sampled_from(["Formula tabled", "Exposed", "Talks resumed"]),
    positive=st.booleans(),
    direction=st.sampled_from(["", "upward", "outward", "horizontal"]),
    levels=st.lists(st.sampled_from(c.AGREEMENT_ORDER), max_size=4).map(tuple),
    elements=st.frozensets(st.sampled_from(KEYS)),
)
indicators = st.builds(
    c.IndicatorEvidence,
    code=st.sampled_from(["OC1", "OC2", "OC3"]),
    progress=st.none() | st.floats(-1, 3, allow_nan=False),
    in_period=st.integers(0, 2),
    element=st.sampled_from(["", *KEYS]),
)
theories = st.none() | st.builds(
    lambda keys, unreasoned, codes: c.Theory(
        by_level={},
        links=len(keys) + unreasoned,
        links_without_rationale=unreasoned,
        warnings=tuple(TocWarning(code, code) for code in codes),
        notes=(),
        elements=tuple(c.ChainElement(key, key.upper(), "outcome") for key in keys),
    ),
    st.lists(st.sampled_from(KEYS), unique=True),
    st.integers(0, 2),
    st.lists(st.sampled_from(["orphan_outcome", "cycle", "link_without_rationale"]), max_size=3),
)
flags = st.builds(
    Flag,
    unit=st.sampled_from(["2020", "2021"]),
    group=st.sampled_from(["woman", "man"]),
    present=st.none() | st.integers(5, 20),
    influence_roles=st.none() | st.integers(1, 9),
)
evidence = st.builds(
    c.Evidence,
    theory=theories,
    outcomes=st.lists(outcomes, max_size=5).map(tuple),
    indicators=st.lists(indicators, max_size=4).map(tuple),
    transfers=st.integers(0, 3),
    undecided_transfers=st.integers(0, 3),
    map_changes=st.integers(0, 2),
    flags=st.lists(flags, max_size=2).map(tuple),
)
# substantiated by at least one independent person, and disputed by none
undisputed = st.builds(
    c.OutcomeEvidence,
    title=st.sampled_from(["Formula tabled", "Talks resumed"]),
    positive=st.just(True),
    direction=st.sampled_from(["", "upward", "horizontal"]),
    levels=st.lists(st.sampled_from(["agree_fully", "agree_partially"]), min_size=1, max_size=3).map(tuple),
    elements=st.frozensets(st.sampled_from(KEYS)),
)


def kinds(sentences: list[str]) -> set[str]:
    """The sentences with their figures left out: which rules spoke, whatever they counted."""
    return {re.sub(r"\d+", "#", s) for s in sentences}


@settings(max_examples=150, deadline=None)
@given(evidence, undisputed)
def test_a_substantiated_undisputed_positive_outcome_never_weakens_the_claim(
    before: c.Evidence, added: c.OutcomeEvidence
) -> None:
    after = replace(before, outcomes=(*before.outcomes, added))
    assert c.weakens(after) == c.weakens(before)
    assert kinds(c.supports(before)) <= kinds(c.supports(after))
    assert set(c.gaps(after)) <= set(c.gaps(before))  # it may cover an element; it opens no gap
    assert set(c.uncovered(after)) <= set(c.uncovered(before))


@settings(max_examples=150, deadline=None)
@given(evidence)
def test_the_sentences_count_what_they_say(e: c.Evidence) -> None:
    said = " ".join(c.supports(e) + c.weakens(e))
    harvested = re.search(
        r"(\d+) outcome\(s\) harvested in the period, (\d+) substantiated .* \((\d+) with", said
    )
    assert (harvested is not None) == bool(e.outcomes)
    if harvested is not None:
        n, substantiated, full = map(int, harvested.groups())
        assert n == len(e.outcomes) >= substantiated >= full
        disputed = re.search(r"(\d+) outcome\(s\) are disputed", said)
        assert (int(disputed.group(1)) if disputed else 0) <= substantiated
    assert ("negative outcome(s)" in said) == any(not o.positive for o in e.outcomes)
    assert (NO_THEORY in c.gaps(e)) == (e.theory is None)


@settings(max_examples=100, deadline=None)
@given(evidence, st.randoms(use_true_random=False))
def test_what_supports_and_weakens_the_claim_does_not_depend_on_the_order_of_the_evidence(
    e: c.Evidence, random: Random
) -> None:
    outcomes, indicators = list(e.outcomes), list(e.indicators)
    random.shuffle(outcomes)
    random.shuffle(indicators)
    shuffled = replace(e, outcomes=tuple(outcomes), indicators=tuple(indicators))
    assert (c.supports(shuffled), c.weakens(shuffled)) == (c.supports(e), c.weakens(e))
    # the gaps name the outcomes and indicators in the order given; the same gaps all the same
    assert [g.split(":")[0] for g in c.gaps(shuffled)] == [g.split(":")[0] for g in c.gaps(e)]


@given(st.lists(st.sampled_from(c.AGREEMENT_ORDER), max_size=6).map(tuple))
def test_agreement_accounts_for_every_view_strongest_first(levels: tuple[str, ...]) -> None:
    o = c.OutcomeEvidence("x", levels=levels)
    assert sum(n for _, n in o.agreement) == len(levels) and all(n > 0 for _, n in o.agreement)
    assert [level for level, _ in o.agreement] == [level for level in c.AGREEMENT_ORDER if level in levels]
    assert not o.contested or o.substantiated
