"""Response schemas the API's routers share: the error body, and the fields a card of a coordination space
carries (the coordination API shows them, the hub's bundles carry them)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic.json_schema import SkipJsonSchema

# A field typed `T | Absent = absent("…")` is left out of the JSON when it does not apply (never null): its
# route dumps with exclude_unset, so a key missing from what the view returns stays missing.
Absent = SkipJsonSchema[None]


def absent(description: str) -> Any:
    return Field(None, description=description)


class ErrorOut(Schema):
    """What every error answers (400, 403, 404, 409, 422 …): one line saying why."""

    detail: str


class CardPeriodOut(Schema):
    end: str | None = Field(description="ISO date, or null while under way or not recorded")
    start: str | None = Field(description="ISO date, or null when not recorded")


class CardTrackOut(Schema):
    code: str = Field(description="a track code (vocabulary `tracks`)")
    declared: bool = Field(description="true: the declared track, while no participant is recorded")


class CardFieldsOut(Schema):
    """The fields the card's owner ticked, in alphabetical order (as stored): a field not ticked is left out.
    Codes are those of the vocabularies (`/api/vocabularies`). Cards shared before content was kept as codes
    carry their period and track in words."""

    contact: str | Absent = absent("a contact channel")
    context: str | Absent = absent("the context's name")
    format: str | Absent = absent("a format code")
    label: str | Absent = absent("the label the owner wrote for partners")
    levels: list[str] | Absent = absent("Lederach level codes of the participants, top first")
    objectives: list[str] | Absent = absent("objective codes")
    period: CardPeriodOut | str | Absent = absent("start and end dates (older cards: in words)")
    target_groups: list[str] | Absent = absent("target groups, as written")
    third_party_type: str | Absent = absent("a third-party type code")
    track: CardTrackOut | str | None = absent(
        "the track shown on the initiative page, null when not determined (older cards: in words)"
    )
