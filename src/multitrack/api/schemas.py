"""Response schemas the API's routers share."""

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
