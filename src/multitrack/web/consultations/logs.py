"""Keep invitation cards' tokens out of the server's logs.

A card's token is in its address (/c/<token>/), and Django logs the path of every request answered with
an error ("Bad Request: /c/…/vote/"). Whoever reads the logs could then vote as that participant, read
their votes or withdraw them. This filter, on every handler, rewrites such paths to /c/…/ before a record
is written.
"""

from __future__ import annotations

import logging
import re

_CARD = re.compile(r"/c/[^/\s]+")
REDACTED = "/c/…"


def redact(text: str) -> str:
    return _CARD.sub(REDACTED, text)


class RedactCardTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and "/c/" in getattr(request, "path", ""):
            record.request = None  # the request object carries the path in many places: drop it
        return True
