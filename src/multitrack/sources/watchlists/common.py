"""Small pieces the list readers share."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

FILE_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def version_from_path(path: Path) -> str:
    """A list's version when the file does not give one: a YYYY-MM-DD date in its name, else the day the
    file was last modified."""
    for found in FILE_DATE_RE.findall(path.name):
        try:
            return date.fromisoformat(found).isoformat()
        except ValueError:
            continue
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()


def non_latin(text: str) -> bool:
    """True when the letters of `text` are mostly outside the Latin script (Arabic, Cyrillic, Han …)."""
    letters = [ch for ch in text if ch.isalpha()]
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other * 2 > len(letters) > 0
