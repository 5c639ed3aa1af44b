"""Sanctions-list entries as plain data, whatever list they come from (UN SC, OFAC SDN, FollowTheMoney).

The importers in `multitrack.sources.watchlists` turn each published format into `ListEntry` values;
the store compares them by `content_hash` to compute what a newer list version added, removed or changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SOURCES = ("un-sc", "ofac-sdn", "ftm")
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft")
NAME_KINDS = ("primary", "alias", "original_script", "former")
QUALITIES = ("good", "low", "")
DATE_KINDS = ("exact", "year", "between", "approximate")


class WatchlistFormatError(ValueError):
    """A list file that cannot be read as its format: says where (line, entry or element) and what."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class ListedName:
    """One name of a listed person or entity. `quality` is the list's own grading of an alias
    ("good" or "low", e.g. UN "Good"/"Low" quality, OFAC weak a.k.a.); blank when the list gives none."""

    name: str
    kind: str = "primary"
    quality: str = ""


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as the list gives it: `exact` (YYYY-MM-DD or a partial YYYY-MM), `year` (YYYY),
    `between` (start and end, each ISO or a year) or `approximate` (around `date`)."""

    kind: str
    date: str = ""
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class ListEntry:
    source: str
    entry_id: str  # the list's own reference: UN reference number, OFAC ent_num, FollowTheMoney id
    schema: str
    names: tuple[ListedName, ...]
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO 3166 alpha-2 where the list allows, else as given
    programmes: tuple[str, ...] = ()
    listed_on: str = ""  # ISO date when the list gives one
    remarks: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # anything else worth keeping

    @property
    def primary_name(self) -> str:
        for n in self.names:
            if n.kind == "primary":
                return n.name
        return self.names[0].name if self.names else ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def content_hash(self) -> str:
        """A hash of everything the entry says (order of names and dates kept as published)."""
        data = self.as_dict()
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class ParsedList:
    """One published version of one list."""

    source: str
    version: str  # the list's own date or version, e.g. "2018-10-29"
    file_hash: str  # sha256 of the file as read
    entries: tuple[ListEntry, ...]


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
