"""Indicator arithmetic: periods, progress for rising and falling indicators, totals from categories."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multitrack.core.indicators import (
    Measurement,
    PeriodError,
    by_category,
    period,
    progress,
    status,
    totals,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("2024-h2", date(2024, 7, 1), date(2024, 12, 31), "half"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        (" 2024-Q4 ", date(2024, 10, 1), date(2024, 12, 31), "quarter"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
    ],
)
def test_periods(text, start, end, kind):
    p = period(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["24", "2024-Q5", "2024-13", "2024/03", "Q1 2024", "", "2024-H3"])
def test_bad_periods_say_what_is_expected(text):
    with pytest.raises(PeriodError, match=r"is not a period|does not exist"):
        period(text)


def test_periods_sort_by_time_whatever_their_kind():
    labels = ["2024-Q3", "2023", "2024-01", "2024-H1", "2024-Q1"]
    assert [p.label for p in sorted(map(period, labels))] == [
        "2023",
        "2024-01",
        "2024-Q1",
        "2024-H1",
        "2024-Q3",
    ]


def test_progress_rising_and_falling():
    assert progress(10, 30, 20) == 0.5
    assert progress(40, 10, 25) == 0.5  # incidents should fall
    assert progress(40, 10, 50) == pytest.approx(-1 / 3)  # worse than the baseline
    assert progress(10, 30, 40) == 1.5  # beyond the target
    assert progress(None, 30, 20) is None and progress(10, 10, 20) is None and progress(10, 30, None) is None


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_progress_is_zero_at_baseline_and_one_at_target(baseline, target):
    if abs(target - baseline) < 1e-6:
        assert progress(baseline, target, target) is None or target != baseline
        return
    assert progress(baseline, target, baseline) == pytest.approx(0.0, abs=1e-9)
    assert progress(baseline, target, target) == pytest.approx(1.0)


def test_totals_prefer_the_recorded_total_and_else_sum_the_categories():
    ms = [
        Measurement("2024-Q1", 5, category="woman"),
        Measurement("2024-Q1", 7, category="man"),
        Measurement("2024-Q2", 15),  # recorded total
        Measurement("2024-Q2", 6, category="woman"),
        Measurement("2023", 9),
    ]
    points = totals(ms)
    assert [(p.period.label, p.value, p.derived) for p in points] == [
        ("2023", 9, False),
        ("2024-Q1", 12, True),
        ("2024-Q2", 15, False),
    ]
    cats = by_category(ms)
    assert list(cats) == ["man", "woman"]
    assert [(p.period.label, p.value) for p in cats["woman"]] == [("2024-Q1", 5), ("2024-Q2", 6)]


def test_status_takes_the_target_of_the_latest_period():
    points = totals([Measurement("2023", 20), Measurement("2024-Q2", 25)])
    s = status(10, [("2025", 50), ("2024", 30)], points)
    assert s.latest is not None and s.latest.period.label == "2024-Q2"
    assert (s.target, s.target_period) == (30, "2024") and s.progress == 0.75
    beyond = status(10, [("2023", 15)], points)  # every target period is over: the last one
    assert beyond.target_period == "2023" and beyond.progress == 3.0
    qualitative = status(None, [], totals([Measurement("2024", None, "Officials cite the paper")]))
    assert qualitative.latest is not None and qualitative.latest.text and qualitative.progress is None
    assert status(None, [], []).latest is None
