"""Indicators as plain data: reporting periods, progress against baseline and target, disaggregation.

A period is written as a year ("2024"), a half ("2024-H1"), a quarter ("2024-Q3") or a month ("2024-03");
`period()` reads it into a `Period` (its first and last day, and a sortable key). Values are recorded per
period, either as a total (category "") or disaggregated (e.g. by gender: "woman", "man"); when only the
categories are given, the total of a quantitative indicator is their sum.

Progress is the share of the way from the baseline to the target that the latest value has come, so it
works for indicators that should fall as well as rise (baseline 40 incidents, target 10, value 25:
progress 0.5). It is None when there is no baseline or the target equals the baseline.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(H)([12])|(Q)([1-4])|(\d{2})))?$")


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is expected."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def kind(self) -> str:
        if "H" in self.label:
            return "half"
        if "Q" in self.label:
            return "quarter"
        return "year" if len(self.label) == 4 else "month"


def period(text: str) -> Period:
    """Read "2024", "2024-H1", "2024-Q3" or "2024-03" (spaces and case ignored)."""
    value = text.strip().upper()
    m = _PERIOD.match(value)
    if not m:
        raise PeriodError(
            f"{text!r} is not a period: write a year (2024), a half (2024-H1), a quarter (2024-Q3) "
            "or a month (2024-03)"
        )
    year = int(m.group(1))
    if m.group(2):  # half
        first = 1 if m.group(3) == "1" else 7
        months = 6
    elif m.group(4):  # quarter
        first = 3 * (int(m.group(5)) - 1) + 1
        months = 3
    elif m.group(6):  # month
        first = int(m.group(6))
        if not 1 <= first <= 12:
            raise PeriodError(f"{text!r}: month {first:02d} does not exist")
        months = 1
    else:
        first, months = 1, 12
    last = first + months - 1
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), value)


def progress(baseline: float | None, target: float | None, value: float | None) -> float | None:
    """The share of the way from baseline to target that `value` has come (can be < 0 or > 1)."""
    if baseline is None or target is None or value is None or target == baseline:
        return None
    return (value - baseline) / (target - baseline)


@dataclass(frozen=True)
class Measurement:
    period: str
    value: float | None = None  # quantitative
    text: str = ""  # qualitative, or a comment
    category: str = ""  # "" for the total


@dataclass(frozen=True)
class Point:
    period: Period
    value: float | None
    text: str
    derived: bool = False  # a total computed as the sum of the categories


def totals(measurements: Iterable[Measurement]) -> list[Point]:
    """One point per period, in period order: the recorded total, else the sum of the categories."""
    recorded: dict[str, Measurement] = {}
    parts: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.category:
            parts[m.period].append(m)
        else:
            recorded[m.period] = m
    points: list[Point] = []
    for label in set(recorded) | set(parts):
        if label in recorded:
            m = recorded[label]
            points.append(Point(period(label), m.value, m.text))
        else:
            values = [m.value for m in parts[label] if m.value is not None]
            points.append(Point(period(label), sum(values) if values else None, "", derived=True))
    return sorted(points, key=lambda p: p.period)


def by_category(measurements: Iterable[Measurement]) -> dict[str, list[Point]]:
    """The disaggregated values: category → points in period order."""
    out: dict[str, list[Point]] = defaultdict(list)
    for m in measurements:
        if m.category:
            out[m.category].append(Point(period(m.period), m.value, m.text))
    return {c: sorted(points, key=lambda p: p.period) for c, points in sorted(out.items())}


@dataclass(frozen=True)
class Status:
    latest: Point | None
    target: float | None
    target_period: str
    progress: float | None


def status(
    baseline: float | None, targets: Sequence[tuple[str, float | None]], points: Sequence[Point]
) -> Status:
    """Where the indicator stands: its latest total, and progress towards the first target whose period
    ends on or after the latest value's period (else the last target)."""
    latest = next((p for p in reversed(points) if p.value is not None or p.text), None)
    ordered = sorted(((period(label), value) for label, value in targets), key=lambda t: t[0])
    chosen = None
    if ordered:
        chosen = ordered[-1]
        if latest is not None:
            chosen = next((t for t in ordered if t[0].end >= latest.period.end), ordered[-1])
    target = chosen[1] if chosen else None
    return Status(
        latest,
        target,
        chosen[0].label if chosen else "",
        progress(baseline, target, latest.value if latest else None),
    )
