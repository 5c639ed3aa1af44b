"""The entry grid of an indicator: periods of its frequency (rows) × its categories and the total
(columns), every cell saved at once.

A cell is the text typed in it: a number for a quantitative indicator (a decimal comma is read, as in the
CSV import), a statement for a qualitative one. `save_grid` reads every cell before writing anything; if
any cannot be read it raises GridRefused naming each (`2026-Q2 · woman: not a number`) and nothing is
written. Otherwise, in one transaction, a filled cell with no value creates one, a changed cell updates
its value (keeping its comment and source), an emptied cell deletes its value, and one audit entry names
the indicator and counts the cells: values are aggregate figures, but the entry still quotes none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from multitrack.sources.csv_indicator_values import number
from multitrack.web.accounts.access import require
from multitrack.web.audit.log import record

from ..models import Indicator, Measurement

Key = tuple[str, str]  # (period label, category; "" for the total)


class GridRefused(Exception):
    """Some cells of the grid could not be read; nothing was saved. `problems` maps each to why."""

    def __init__(self, problems: dict[Key, str]) -> None:
        super().__init__("; ".join(f"{cell_name(k)}: {why}" for k, why in problems.items()))
        self.problems = problems


@dataclass
class GridReport:
    added: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def cells(self) -> int:
        return self.added + self.updated + self.removed

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.removed} removed"


def cell_name(key: Key) -> str:
    """How a message names a cell: "2026-Q2 · woman", "2026-Q2 · Total"."""
    return f"{key[0]} · {key[1] or _('Total')}"


def shown(value: Measurement, kind: str) -> str:
    """A stored value as its cell shows it: 4 rather than 4.0; the statement of a qualitative indicator."""
    if kind == "qualitative":
        return str(value.text)
    if value.value is None:
        return ""
    return str(int(value.value)) if value.value.is_integer() else repr(value.value)


def _read(text: str, kind: str) -> float | str | None:
    """A cell's content (None when empty); raises ValueError with the reason."""
    text = text.strip()
    if not text:
        return None
    if kind == "qualitative":
        return text
    try:
        value = number(text)
    except ValueError:
        raise ValueError(_("not a number")) from None
    if not math.isfinite(value):
        raise ValueError(_("not a number"))
    return value


def save_grid(indicator: Indicator, cells: Mapping[Key, str], user: Any) -> GridReport:
    """Save the cells (every cell shown, changed or not) of `indicator`. Raises GridRefused, and then
    nothing was written, when any cell cannot be read or is not of the indicator's categories."""
    require(user, "write", indicator.compartment_id)
    allowed = {"", *indicator.categories}
    problems: dict[Key, str] = {}
    read: dict[Key, float | str | None] = {}
    for key, text in cells.items():
        if key[1] not in allowed:
            problems[key] = _("not a category of this indicator")
            continue
        try:
            read[key] = _read(text, indicator.kind)
        except ValueError as exc:
            problems[key] = str(exc)
    if problems:
        raise GridRefused(problems)
    report = GridReport()
    with transaction.atomic():
        stored = {
            (m.period, m.category): m
            for m in Measurement.objects.select_for_update().filter(
                indicator=indicator, period__in={k[0] for k in read}
            )
        }
        new: list[Measurement] = []
        changed: list[Measurement] = []
        gone: list[int] = []
        now = timezone.now()
        field = "text" if indicator.kind == "qualitative" else "value"
        for (label, category), content in read.items():
            current = stored.get((label, category))
            if content is None:
                if current is not None:
                    gone.append(current.pk)
            elif current is None:
                new.append(
                    Measurement(indicator=indicator, period=label, category=category, recorded_by=user)
                )
                setattr(new[-1], field, content)
            elif getattr(current, field) != content:
                setattr(current, field, content)
                current.recorded_by, current.recorded_at = user, now
                changed.append(current)
        # In bulk, past the audit's per-row signals: the grid's save is one entry, below.
        Measurement.objects.bulk_create(new)
        Measurement.objects.bulk_update(changed, [field, "recorded_by", "recorded_at"])
        Measurement.objects.filter(pk__in=gone)._raw_delete(
            Measurement.objects.db
        )  # nothing refers to a value
        report = GridReport(len(new), len(changed), len(gone))
        if report.cells:
            record(
                "update",
                obj=indicator,
                user=user,
                summary=f"Indicator {indicator.code}: {report.cells} cells of the entry grid saved "
                f"({report})",
            )
    return report


def grid_cells(indicator: Indicator, periods: Sequence[str], data: Mapping[str, str]) -> dict[Key, str]:
    """The cells of a submitted grid: the field `cell-<period>-<column>` of each period (row) and category
    (column 0 is the total, then the indicator's categories in order); a missing field is empty."""
    return {
        (label, category): data.get(field_name(label, c), "")
        for label in periods
        for c, category in enumerate(["", *indicator.categories])
    }


def field_name(label: str, column: int) -> str:
    return f"cell-{label}-{column}"
