"""Indicators as plain data: reporting periods, progress against baseline and target, disaggregation.

A period is written as a year ("2024"), a half ("2024-H1"), a quarter ("2024-Q3") or a month ("2024-03");
`period()` reads it into a `Period` (its first and last day, and a sortable key). Values are recorded per
period, either as a total (category "") or disaggregated (e.g. by gender: "woman", "man"); when only the
categories are given, the total of a quantitative indicator is their sum.

Progress is the share of the way from the baseline to the target that the latest value has come, so it
works for indicators that should fall as well as rise (baseline 40 incidents, target 10, value 25:
progress 0.5). It is None when there is no baseline or the target equals the baseline.

An indicator has a frequency (year, half, quarter or month): the periods its values are entered for.
`choices` and `grid_periods` list them around a date, `due` says which await a value, and
`direction_warnings` which targets go against the direction the indicator should take.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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


# Frequencies, finest last; a period's kind is one of them.
FREQUENCIES = ("year", "half", "quarter", "month")
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
DUE_WINDOW = timedelta(days=366)  # a period that ended longer ago is no longer "due"


def period_of(day: date, frequency: str) -> Period:
    """The period of `frequency` ("year", "half", "quarter" or "month") that contains `day`."""
    return _nth(day.year * 12 + day.month - 1, frequency)


def _nth(month_index: int, frequency: str) -> Period:
    """The period of `frequency` containing the month numbered `month_index` (year × 12 + month − 1)."""
    year, month0 = divmod(month_index, 12)
    if frequency == "year":
        return period(str(year))
    if frequency == "half":
        return period(f"{year}-H{month0 // 6 + 1}")
    if frequency == "quarter":
        return period(f"{year}-Q{month0 // 3 + 1}")
    if frequency == "month":
        return period(f"{year}-{month0 + 1:02d}")
    raise ValueError(f"unknown frequency {frequency!r}: one of {', '.join(FREQUENCIES)}")


def shift(p: Period, n: int) -> Period:
    """The period `n` periods of the same kind after `p` (before it when `n` < 0)."""
    return _nth(p.start.year * 12 + p.start.month - 1 + n * _MONTHS[p.kind], p.kind)


def periods_between(first: date, last: date, frequency: str) -> list[Period]:
    """The periods of `frequency` from the one containing `first` to the one containing `last`, in order."""
    out: list[Period] = []
    p = period_of(first, frequency)
    while p.start <= last:
        out.append(p)
        p = shift(p, 1)
    return out


def frequency_of(labels: Iterable[str]) -> str:
    """The frequency values are recorded at: the most common kind among readable `labels` (the finer one
    on a tie), "year" when there is none."""
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        try:
            counts[period(label).kind] += 1
        except PeriodError:
            continue
    if not counts:
        return "year"
    return max(counts, key=lambda kind: (counts[kind], FREQUENCIES.index(kind)))


def finest(kinds: Iterable[str]) -> str:
    """The finest of some frequencies ("year" when there is none)."""
    return max(kinds, key=FREQUENCIES.index, default="year")


def choices(frequency: str, today: date, since: date | None = None) -> list[Period]:
    """The periods offered when entering a value or target: those of `frequency` from the one containing
    `since` (the baseline date; at most ten years back) or two years back, whichever is earlier, to one
    year ahead, newest first."""
    start = date(today.year - 2, today.month, 1)
    if since is not None and since < start:
        start = max(since, date(today.year - 10, 1, 1))
    end = date(today.year + 1, today.month, calendar.monthrange(today.year + 1, today.month)[1])
    return list(reversed(periods_between(start, end, frequency)))


def grid_periods(frequency: str, today: date, before: int = 8, after: int = 2) -> list[Period]:
    """The rows of the entry grid, oldest first: the last `before` periods of `frequency` (the current one
    included) and the next `after`."""
    current = period_of(today, frequency)
    return [shift(current, n) for n in range(1 - before, after + 1)]


def due(frequency: str, targets: Iterable[str], recorded: Iterable[str], today: date) -> list[Period]:
    """The periods for which a value is due, oldest first: periods of `frequency` that overlap the period
    of a target, have begun, ended less than a year ago (DUE_WINDOW) and have no value recorded for them
    (neither a total nor a category). A target for 2026 on a quarterly indicator makes each quarter of 2026
    due as it begins; a target for 2026-Q2 on a yearly indicator makes 2026 due."""
    have = set(recorded)
    found: dict[str, Period] = {}
    for label in targets:
        try:
            target = period(label)
        except PeriodError:
            continue
        for p in periods_between(target.start, target.end, frequency):
            if p.start <= today and today - p.end < DUE_WINDOW and p.label not in have:
                found[p.label] = p
    return sorted(found.values())


@dataclass(frozen=True)
class DirectionWarning:
    """A target that contradicts the indicator's direction; `message` says which and why."""

    period: str
    message: str


def direction_warnings(
    direction: str, baseline: float | None, targets: Sequence[tuple[str, float | None]]
) -> list[DirectionWarning]:
    """Targets that go against the direction: for an indicator that should increase, a target below the
    baseline or below a target of a period that ends earlier (mirrored for "decrease"). Equal is no
    contradiction (holding a level can be the aim). Targets without a value or with an unreadable period
    are not checked. Such targets are kept: the warning asks the user to check them, it refuses nothing."""
    if direction not in ("increase", "decrease"):
        return []
    rising = direction == "increase"
    worse, word = ("below", "should increase") if rising else ("above", "should decrease")

    def against(value: float, reference: float) -> bool:
        return value < reference if rising else value > reference

    ordered: list[tuple[Period, float]] = []
    for label, value in targets:
        if value is None:
            continue
        try:
            ordered.append((period(label), value))
        except PeriodError:
            continue
    ordered.sort(key=lambda t: (t[0].end, t[0].start))
    out: list[DirectionWarning] = []
    for index, (p, value) in enumerate(ordered):
        if baseline is not None and against(value, baseline):
            out.append(
                DirectionWarning(
                    p.label,
                    f"the target for {p.label} ({value:g}) is {worse} the baseline ({baseline:g}), "
                    f"but the indicator {word}",
                )
            )
            continue
        earlier = [(q, v) for q, v in ordered[:index] if q.end < p.end]
        if earlier:
            # the most demanding earlier target (the latest of equals)
            best = max(earlier, key=lambda t: (t[1] if rising else -t[1], t[0].end))
            if against(value, best[1]):
                out.append(
                    DirectionWarning(
                        p.label,
                        f"the target for {p.label} ({value:g}) is {worse} the earlier target for "
                        f"{best[0].label} ({best[1]:g}), but the indicator {word}",
                    )
                )
    return out
