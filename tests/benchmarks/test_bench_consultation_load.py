"""The consultation load test on a tiny size: 5 users for 6 s on SQLite, against the real server, and the
count of the votes afterwards (the figures themselves are what `python -m benchmarks consultation_load`
reports). locust runs in a subprocess: importing it here would monkey-patch this process with gevent."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from benchmarks import bench_consultation_load as bench

pytestmark = pytest.mark.slow  # run first: see tests/conftest.py

needs_locust = pytest.mark.skipif(
    importlib.util.find_spec("locust") is None, reason="locust is not installed (pip install -e '.[dev]')"
)


@needs_locust
def test_a_tiny_load_on_the_real_server_loses_and_doubles_no_vote():
    # 3 statements and a short wait (≈ 15 votes a card, under the 60 a minute): the users run out of
    # statements and change their minds, so cards vote more than once on a statement
    m = bench.measure("sqlite", users=5, seconds=6, statements=3, single_votes=20, wait=(0.2, 0.5))
    votes = m.phases["votes"]
    assert m.failures() == 0, {p.name: p.errors for p in m.phases.values()}
    assert m.unknown == 0
    assert len(m.accepted) == len(m.rows) > 0
    assert not m.missing() and not m.extra()
    assert {card for card, _statement, _value in votes.accepted} == set(range(bench.SINGLE_CARDS + 1, 26))
    assert votes.revotes > 0
    single = m.phases["single"]
    assert len(single.times(*bench.VOTES)) == 20 and m.phases["healthz"].times("healthz")
    # 20 cards, one vote each; cards 10 and 20 have no JavaScript (a redirect, then the page): the page is
    # loaded after each of the 20 starts and after those 2 votes, the others get the next card at once
    assert len(single.times("vote, no script")) == 2 and len(single.times("page")) == 20 + 2
    assert "locust" not in sys.modules  # the load ran in its own process
    text = "\n".join(line.line() for line in bench.report(m))
    assert "0 lost, 0 unaccounted for, 0 POSTs without an answer" in text and "— OK" in text, text


def test_the_count_finds_a_lost_a_doubled_and_a_misattributed_vote():
    m = bench.Measured("sqlite", users=2, seconds=1, threads=1)
    m.phases["votes"] = bench.Phase(
        "votes", 2, 1.0, [], accepted=[(1, 0, 1), (1, 1, -1), (2, 0, 0)], unknown=0, revotes=0, errors={}
    )
    m.rows = [(1, 0, 1), (1, 0, 1), (2, 0, 1)]  # (1, 1, -1) lost, (1, 0, 1) doubled, card 2's value changed
    assert m.missing() == {(1, 1, -1): 1, (2, 0, 0): 1}
    assert m.extra() == {(1, 0, 1): 1, (2, 0, 1): 1}
