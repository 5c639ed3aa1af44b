"""Indicator arithmetic: periods, progress for rising and falling indicators, totals from categories."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multitrack.core.indicators import (
    Measurement,
    Period,
    PeriodError,
    by_category,
    choices,
    direction_warnings,
    due,
    finest,
    frequency_of,
    grid_periods,
    period,
    period_of,
    progress,
    shift,
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


TODAY = date(2026, 12, 8)


def labels(periods: list[Period]) -> list[str]:
    return [p.label for p in periods]


def test_periods_of_a_frequency_around_a_date():
    assert period_of(TODAY, "quarter").label == "2026-Q4" and period_of(TODAY, "half").label == "2026-H2"
    assert period_of(date(2026, 1, 31), "month").label == "2026-01"
    assert shift(period("2026-Q1"), -1).label == "2025-Q4" and shift(period("2026-12"), 1).label == "2027-01"
    assert shift(period("2026"), 2).label == "2028"
    assert labels(grid_periods("quarter", TODAY)) == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1",
        "2027-Q2",
    ]  # fmt: skip
    assert labels(grid_periods("year", TODAY, before=2, after=1)) == ["2025", "2026", "2027"]
    # two years back to one year ahead, newest first; a baseline further back extends the list
    assert labels(choices("year", TODAY)) == ["2027", "2026", "2025", "2024"]
    assert labels(choices("half", TODAY, since=date(2023, 5, 1)))[-1] == "2023-H1"
    assert labels(choices("year", TODAY, since=date(1990, 1, 1)))[-1] == "2016"  # ten years at most
    with pytest.raises(ValueError, match="unknown frequency"):
        period_of(TODAY, "week")


def test_the_frequency_of_recorded_values():
    assert frequency_of([]) == "year" and frequency_of(["nonsense"]) == "year"
    assert frequency_of(["2024", "2024-Q1", "2024-Q2"]) == "quarter"
    assert frequency_of(["2024", "2024-03"]) == "month"  # a tie goes to the finer
    assert finest(["year", "quarter", "half"]) == "quarter" and finest([]) == "year"


def test_values_due():
    # a year target on a quarterly indicator: each quarter of the year that has begun, unless recorded
    assert labels(due("quarter", ["2026"], ["2026-Q1"], TODAY)) == ["2026-Q2", "2026-Q3", "2026-Q4"]
    # a quarter target on a yearly indicator makes the year due once the quarter has begun
    assert labels(due("year", ["2026-Q4"], [], TODAY)) == ["2026"]
    assert due("year", ["2027"], [], TODAY) == []  # not begun
    assert labels(due("year", ["2025"], [], TODAY)) == ["2025"]  # ended less than a year ago
    assert due("year", ["2024"], [], TODAY) == []  # ended too long ago
    assert due("year", ["2026", "bad"], ["2026"], TODAY) == []


@pytest.mark.parametrize(
    ("direction", "baseline", "targets", "expected"),
    [
        ("increase", 10, [("2026", 5)], ["2026: the target for 2026 (5) is below the baseline (10)"]),
        ("increase", 10, [("2026", 10), ("2027", 12)], []),  # holding the level is no contradiction
        (
            "increase",
            None,
            [("2027", 8), ("2026", 12)],
            ["2027: the target for 2027 (8) is below the earlier target for 2026 (12)"],
        ),
        ("increase", 1, [("2026", 12), ("2026-Q4", 8)], []),  # both end on 31 December: not ordered
        ("decrease", 40, [("2026", 50)], ["2026: the target for 2026 (50) is above the baseline (40)"]),
        (
            "decrease",
            40,
            [("2025", 20), ("2026-H1", 30)],
            ["2026-H1: the target for 2026-H1 (30) is above the earlier target for 2025 (20)"],
        ),
        ("decrease", 40, [("2025", None), ("bad", 90)], []),  # no value, unreadable period: not checked
        ("other", 40, [("2025", 90)], []),
    ],
)
def test_targets_against_the_direction(direction, baseline, targets, expected):
    found = direction_warnings(direction, baseline, targets)
    assert [f"{w.period}: {w.message.split(', but')[0]}" for w in found] == expected
    assert all(w.message.endswith(f"but the indicator should {direction}") for w in found)
