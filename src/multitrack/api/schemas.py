"""Response schemas the API's routers share."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """What every error answers (400, 403, 404, 409, 422 …): one line saying why."""

    detail: str
