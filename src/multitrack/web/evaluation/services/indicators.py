"""The evaluation app's services: importing indicator values from CSV, checked whole before anything is
written (the file and its columns: sources.csv_indicator_values).

Every problem is reported as `row N, field F: …`, never quoting a statement; if there is any, nothing is
written. A row for an indicator, period and category already recorded replaces that value, so importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from multitrack.core import indicators as core
from multitrack.sources import csv_indicator_values
from multitrack.sources.csv_file import ImportFailed, Problem, sort_problems
from multitrack.sources.csv_indicator_values import COLUMNS
from multitrack.web.audit.log import record
from multitrack.web.registry.models import Initiative

from ..models import Indicator, Measurement


@dataclass
class ValuesReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def import_values(path: Path, user: Any = None, compartments: set[int] | None = None) -> ValuesReport:
    """Import the file at `path`; `compartments` limits the initiatives it may write to (the web import
    passes the user's writable compartments; the command line may write everywhere). Raises
    ImportFailed listing every problem; then nothing was written."""
    rows, problems = csv_indicator_values.read(path)
    wanted = {cells["initiative"] for _, cells in rows if cells["initiative"]}
    initiatives = Initiative.objects.filter(Q(code__in=wanted) | Q(ref__in=wanted))
    if compartments is not None:
        initiatives = initiatives.filter(compartment_id__in=compartments)
    by_key: dict[str, int] = {}
    for i in initiatives:
        by_key[i.code] = i.pk
        if i.ref:
            by_key[i.ref] = i.pk
    indicators = {
        (ind.initiative_id, ind.code): ind
        for ind in Indicator.objects.filter(initiative_id__in=set(by_key.values()))
    }
    planned: dict[tuple[int, str, str], tuple[int, dict[str, Any]]] = {}
    for number, cells in rows:
        row_problems: list[Problem] = []

        def problem(
            column: str, message: str, number: int = number, found: list[Problem] = row_problems
        ) -> None:
            found.append(Problem(number, column, message))

        initiative_id = by_key.get(cells["initiative"])
        if not cells["initiative"]:
            problem("initiative", "required")
        elif initiative_id is None:
            problem("initiative", f"no initiative {cells['initiative']!r} that you may change")
        indicator = indicators.get((initiative_id, cells["indicator"])) if initiative_id else None
        if not cells["indicator"]:
            problem("indicator", "required")
        elif initiative_id is not None and indicator is None:
            problem("indicator", f"the initiative has no indicator {cells['indicator']!r}")
        try:
            label = core.period(cells["period"]).label
        except core.PeriodError as exc:
            problem("period", str(exc))
            label = ""
        value: float | None = None
        if cells["value"]:
            try:
                value = csv_indicator_values.number(cells["value"])
            except ValueError:
                problem("value", f"{cells['value']!r} is not a number")
        if indicator is not None:
            if indicator.kind == "quantitative" and not cells["value"]:
                problem("value", "required for a quantitative indicator")
            if indicator.kind == "qualitative" and not cells["text"]:
                problem("text", "a statement is required for a qualitative indicator")
            if cells["category"] and indicator.categories and cells["category"] not in indicator.categories:
                problem("category", f"not one of {', '.join(indicator.categories)}")
        if indicator is not None and label:
            key = (indicator.pk, label, cells["category"])
            if key in planned:
                problem("period", f"the same indicator, period and category as row {planned[key][0]}")
            elif not row_problems:
                planned[key] = (number, {"value": value, "text": cells["text"], "source": cells["source"]})
        problems += row_problems
    if problems:
        raise ImportFailed(sort_problems(problems, COLUMNS))
    report = ValuesReport()
    with transaction.atomic():
        existing = {
            (m.indicator_id, m.period, m.category): m
            for m in Measurement.objects.filter(indicator_id__in={k[0] for k in planned})
        }
        for (indicator_id, label, category), (_, values) in planned.items():
            stored = existing.get((indicator_id, label, category))
            if stored is None:
                Measurement.objects.create(
                    indicator_id=indicator_id, period=label, category=category, recorded_by=user, **values
                )
                report.added += 1
            elif any(getattr(stored, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(stored, k, v)
                stored.recorded_by = user
                stored.save()
                report.updated += 1
            else:
                report.unchanged += 1
        record(
            "import",
            user=user,
            summary=f"indicator values CSV imported: {report}",
            object_type="evaluation.measurement",
        )
    return report
