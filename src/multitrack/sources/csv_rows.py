"""Reading the cells of template rows, checked against the vocabularies, into model values.

Nothing here touches the database: a row becomes a `ParsedRow` of model values plus the keys it refers
to (actors and contexts), and every problem found in a cell becomes a `Problem` on its row and column.

Discretion: a problem never quotes the `name` column, nor the reference columns (people often type a
name there). Other cells are quoted only when they share no word with a name in the file (`Withhold`),
so a row whose columns slid sideways cannot leak a name through, say, the `level` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from multitrack.core import countries, vocab

from .csv_file import SEPARATOR, Problem, Table

REF_MAX_LENGTH = 64  # Actor.ref and Initiative.ref
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w{2,}")


class Withhold:
    """Decides whether a cell may be quoted in a message: not if it shares a word with a name in the file."""

    def __init__(self, names: Iterable[str]) -> None:
        self._words = {w for name in names for w in _WORD.findall(name.casefold())}

    @classmethod
    def names_in(cls, rows: Table) -> Withhold:
        """Withhold the words of the `name` column (when the template has one)."""
        return cls(cells.get("name", "") for _number, cells in rows)

    def shown(self, value: str) -> str:
        if self._words.intersection(_WORD.findall(value.casefold())):
            return "(value withheld: it contains a word of a name in this file)"
        return repr(value)


@dataclass
class ParsedRow:
    """A row's values for the model's own fields, and the keys it refers to, still unresolved."""

    number: int
    ref: str
    values: dict[str, Any] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # columns with a problem: not validated again


class Cells:
    """One row's cells, read column by column; problems collect in `problems`."""

    def __init__(self, number: int, cells: dict[str, str], withhold: Withhold) -> None:
        self.number = number
        self.cells = cells
        self.withhold = withhold
        self.problems: list[Problem] = []
        self.failed: set[str] = set()

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))
        self.failed.add(column)

    def text(self, column: str, required: bool = False) -> str:
        value = self.cells[column]
        if required and not value:
            self.problem(column, "required but empty")
        return value

    def one(self, column: str) -> list[str]:
        """A single-valued reference cell as a list of zero or one key."""
        return [self.cells[column]] if self.cells[column] else []

    def items(self, column: str) -> list[str]:
        """The items of a multi-valued cell, in order, without empties or repeats."""
        return list(dict.fromkeys(i.strip() for i in self.cells[column].split(SEPARATOR) if i.strip()))

    def _code(self, column: str, voc: vocab.Vocabulary, value: str) -> str:
        code = value if value in voc else value.lower()
        if code not in voc:
            expected = ", ".join(voc.codes())
            self.problem(
                column, f"unknown {voc.name} code {self.withhold.shown(value)}; expected one of: {expected}"
            )
        return code

    def code(self, column: str, voc: vocab.Vocabulary, required: bool = False) -> str:
        value = self.text(column, required)
        return self._code(column, voc, value) if value else ""

    def codes(self, column: str, voc: vocab.Vocabulary) -> list[str]:
        return [self._code(column, voc, item) for item in self.items(column)]

    def date(self, column: str) -> date | None:
        value = self.cells[column]
        if not value:
            return None
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.problem(column, f"not a date: {self.withhold.shown(value)}; expected YYYY-MM-DD")
        return None

    def country(self, column: str) -> str:
        value = self.cells[column].upper()
        if value and not countries.is_alpha3(value):
            shown = self.withhold.shown(self.cells[column])
            self.problem(column, f"unknown country code {shown}; expected an ISO 3166 alpha-3 code, e.g. COL")
        return value

    def ref(self) -> str:
        value = self.text("ref", required=True)
        if len(value) > REF_MAX_LENGTH:
            self.problem("ref", f"longer than {REF_MAX_LENGTH} characters")
        return value

    def parsed(self, ref: str, values: dict[str, Any], links: dict[str, list[str]]) -> ParsedRow:
        return ParsedRow(self.number, ref, values, links, self.failed)


def parse_actor(cells: Cells) -> ParsedRow:
    """An actor row: kind and name are required; the rest may be empty."""
    values = {
        "kind": cells.code("kind", vocab.ACTOR_KINDS, required=True),
        "name": cells.text("name", required=True),
        "level": cells.code("level", vocab.LEVELS),
        "official_status": cells.code("official_status", vocab.OFFICIAL_STATUS),
        "nine_tracks": cells.codes("nine_tracks", vocab.NINE_TRACKS),
        "position": cells.text("position"),
        "country": cells.country("country"),
        "gender": cells.code("gender", vocab.GENDERS),
        "age_group": cells.code("age_group", vocab.AGE_GROUPS),
        "notes": cells.text("notes"),
    }
    links = {"affiliation_ref": cells.one("affiliation_ref"), "contexts": cells.items("contexts")}
    return cells.parsed(cells.ref(), values, links)


def parse_initiative(cells: Cells) -> ParsedRow:
    """An initiative row: context, title and format are required; the rest may be empty."""
    values = {
        "title": cells.text("title", required=True),
        "summary": cells.text("summary"),
        "third_party_type": cells.code("third_party_type", vocab.THIRD_PARTY_TYPES),
        "format": cells.code("format", vocab.FORMATS, required=True),
        "objectives": cells.codes("objectives", vocab.OBJECTIVES),
        "declared_track": cells.code("declared_track", vocab.TRACKS),
        "discretion": cells.code("discretion", vocab.DISCRETION),
        "status": cells.code("status", vocab.INITIATIVE_STATUS),
        "start_date": cells.date("start_date"),
        "end_date": cells.date("end_date"),
    }
    context = cells.text("context", required=True)
    links = {
        "context": [context] if context else [],
        "third_party_ref": cells.one("third_party_ref"),
        "funder_refs": cells.items("funder_refs"),
    }
    return cells.parsed(cells.ref(), values, links)


PARSERS = {"actors": parse_actor, "initiatives": parse_initiative}


def parse_rows(kind: str, rows: Table, withhold: Withhold) -> tuple[list[ParsedRow], list[Problem]]:
    """Every row parsed, and every problem found in the cells themselves or in repeated refs."""
    parsed: list[ParsedRow] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for number, raw in rows:
        cells = Cells(number, raw, withhold)
        row = PARSERS[kind](cells)
        if row.ref and row.ref in first_row:
            cells.problem("ref", f"the same ref as row {first_row[row.ref]}")
        first_row.setdefault(row.ref, number)
        problems += cells.problems
        parsed.append(row)
    return parsed, problems
