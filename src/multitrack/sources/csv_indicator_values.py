"""Indicator values in CSV: the template's columns and reading a file, one value per row.

Columns (template `sources/templates/indicator-values.csv`): `initiative` (its code, e.g. I-7QX2, or its
import reference), `indicator` (the indicator's code within the initiative), `period` (2024, 2024-H1,
2024-Q3 or 2024-03), `category` (blank for the total), `value` (a number; required for a quantitative
indicator), `text` (a statement; required for a qualitative one, else a comment), `source`.

Checking the rows against the stored initiatives and indicators, and writing the values, is the evaluation
app's (web.evaluation.services.indicators.import_values).
"""

from __future__ import annotations

from pathlib import Path

from .csv_file import Problem, Table, read_table

COLUMNS = ("initiative", "indicator", "period", "category", "value", "text", "source")


def read(path: Path) -> tuple[Table, list[Problem]]:
    """The file's rows as (row number, {column: stripped cell}), and the problems of the file itself."""
    return read_table(path, COLUMNS)


def number(text: str) -> float:
    """A value cell as a number; one decimal comma reads as a point (2,5 is 2.5). Raises ValueError."""
    return float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
