"""The components of an initiative, and a strict parser for their JSON form (CLI and API input).

The parser rejects unknown keys as well as unknown codes: a typo such as "objectve" must fail loudly
rather than silently drop an objective and change the classification.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .vocab import (
    ACTING_CAPACITY,
    FORMATS,
    LEVELS,
    OBJECTIVES,
    OFFICIAL_STATUS,
    THIRD_PARTY_TYPES,
    TRACKS,
    Vocabulary,
)


@dataclass(frozen=True)
class ParticipantGroup:
    """A group of participants who share an official status, acting capacity and leadership level."""

    label: str
    official_status: str
    acting_capacity: str
    level: str
    count: int = 1

    def __post_init__(self) -> None:
        # Fail at construction, naming the allowed codes, rather than misclassify later.
        OFFICIAL_STATUS.get(self.official_status)
        ACTING_CAPACITY.get(self.acting_capacity)
        LEVELS.get(self.level)
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError(f"participant group count must be an integer >= 1, got {self.count!r}")

    @property
    def official_in_office(self) -> bool:
        """Serving officials acting in an official capacity: the mark of Track One."""
        return self.official_status == "serving_official" and self.acting_capacity == "official"


@dataclass(frozen=True)
class Components:
    """The components of an initiative that decide its classification (the brief's Tables 1 and 2)."""

    title: str
    third_party_type: str | None
    participants: tuple[ParticipantGroup, ...]
    format: str
    objectives: tuple[str, ...]
    declared_track: str | None = None
    proscribed: bool = False

    def __post_init__(self) -> None:
        # Accept any iterable at runtime but store tuples, so the value stays hashable and immutable.
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "objectives", tuple(self.objectives))
        if self.third_party_type is not None:
            THIRD_PARTY_TYPES.get(self.third_party_type)
        FORMATS.get(self.format)
        for objective in self.objectives:
            OBJECTIVES.get(objective)
        if self.declared_track is not None:
            TRACKS.get(self.declared_track)


class ComponentsError(ValueError):
    """An input object that is not a valid initiative description."""

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        self.index = index
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"object {self.index}: " if self.index is not None else ""
        # An empty field means the object itself is wrong (e.g. not an object at all).
        what = f"field {self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"


_FIELDS = ("title", "declared_track", "third_party", "participants", "format", "objectives", "proscribed")
_REQUIRED = ("title", "participants", "format", "objectives")
_THIRD_PARTY_FIELDS = ("type",)
_GROUP_FIELDS = ("label", "official_status", "acting_capacity", "level", "count")
_GROUP_REQUIRED = ("label", "official_status", "acting_capacity", "level")


def _kind(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


class _Parser:
    """Parses one object; carries its index so every error can name it."""

    def __init__(self, index: int | None) -> None:
        self.index = index

    def fail(self, field: str, message: str) -> ComponentsError:
        return ComponentsError(field, message, self.index)

    def mapping(
        self, value: object, path: str, fields: tuple[str, ...], required: tuple[str, ...]
    ) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected an object, got {_kind(value)}")
        prefix = f"{path}." if path else ""
        # Unknown keys first: a misspelt key is then reported as such, not as a missing field.
        for key in value:
            if key not in fields:
                raise self.fail(f"{prefix}{key}", f"unknown field; allowed fields: {', '.join(fields)}")
        for key in required:
            if key not in value:
                raise self.fail(f"{prefix}{key}", "required field is missing")
        return value

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"expected a string, got {_kind(value)}")
        if not value.strip():
            raise self.fail(path, "must not be empty")
        return value

    def code(self, value: object, path: str, vocabulary: Vocabulary) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"expected a string, got {_kind(value)}")
        if value not in vocabulary:
            raise self.fail(path, f"unknown code {value!r}; expected one of: {', '.join(vocabulary.codes())}")
        return value

    def array(self, value: object, path: str) -> list[object]:
        if not isinstance(value, list | tuple):
            raise self.fail(path, f"expected an array, got {_kind(value)}")
        return list(value)

    def group(self, value: object, path: str) -> ParticipantGroup:
        obj = self.mapping(value, path, _GROUP_FIELDS, _GROUP_REQUIRED)
        label = self.text(obj["label"], f"{path}.label")
        status = self.code(obj["official_status"], f"{path}.official_status", OFFICIAL_STATUS)
        capacity = self.code(obj["acting_capacity"], f"{path}.acting_capacity", ACTING_CAPACITY)
        level = self.code(obj["level"], f"{path}.level", LEVELS)
        count = obj.get("count", 1)
        # bool is a subclass of int in Python, but `true` is not a head count.
        if isinstance(count, bool) or not isinstance(count, int):
            raise self.fail(f"{path}.count", f"expected an integer, got {_kind(count)}")
        if count < 1:
            raise self.fail(f"{path}.count", f"must be at least 1, got {count}")
        return ParticipantGroup(label, status, capacity, level, count)

    def components(self, value: object) -> Components:
        obj = self.mapping(value, "", _FIELDS, _REQUIRED)
        title = self.text(obj["title"], "title")
        declared = obj.get("declared_track")
        if declared is not None and not isinstance(declared, str):
            raise self.fail("declared_track", f"expected a string or null, got {_kind(declared)}")
        declared_track = None if declared is None else self.code(declared, "declared_track", TRACKS)
        third_party_type: str | None = None
        third_party = obj.get("third_party")
        if third_party is not None:
            if not isinstance(third_party, Mapping):
                raise self.fail("third_party", f"expected an object or null, got {_kind(third_party)}")
            tp = self.mapping(third_party, "third_party", _THIRD_PARTY_FIELDS, _THIRD_PARTY_FIELDS)
            third_party_type = self.code(tp["type"], "third_party.type", THIRD_PARTY_TYPES)
        participants = tuple(
            self.group(item, f"participants[{i}]")
            for i, item in enumerate(self.array(obj["participants"], "participants"))
        )
        fmt = self.code(obj["format"], "format", FORMATS)
        objectives = tuple(
            self.code(item, f"objectives[{i}]", OBJECTIVES)
            for i, item in enumerate(self.array(obj["objectives"], "objectives"))
        )
        proscribed = obj.get("proscribed", False)
        if not isinstance(proscribed, bool):
            raise self.fail("proscribed", f"expected true or false, got {_kind(proscribed)}")
        return Components(
            title=title,
            third_party_type=third_party_type,
            participants=participants,
            format=fmt,
            objectives=objectives,
            declared_track=declared_track,
            proscribed=proscribed,
        )


def parse_components(obj: object, index: int | None = None) -> Components:
    """Parse one initiative description; `index` is its position in a list, for error messages."""
    return _Parser(index).components(obj)


def parse_many(data: object) -> tuple[list[Components], bool]:
    """Parse one object or a list of them; also say whether the input was a list."""
    if isinstance(data, list):
        return [parse_components(item, i) for i, item in enumerate(data)], True
    if isinstance(data, Mapping):
        return [parse_components(data, 0)], False
    raise ComponentsError("", f"expected an object or an array of objects, got {_kind(data)}")


def components_to_dict(components: Components) -> dict[str, object]:
    """The JSON form that `parse_components` reads back to an equal value."""
    c = components
    return {
        "title": c.title,
        "declared_track": c.declared_track,
        "third_party": None if c.third_party_type is None else {"type": c.third_party_type},
        "participants": [
            {
                "label": g.label,
                "official_status": g.official_status,
                "acting_capacity": g.acting_capacity,
                "level": g.level,
                "count": g.count,
            }
            for g in c.participants
        ],
        "format": c.format,
        "objectives": list(c.objectives),
        "proscribed": c.proscribed,
    }
