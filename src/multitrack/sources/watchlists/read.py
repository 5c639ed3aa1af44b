"""Reading a sanctions list as published, in one of the known layouts, into a ParsedList.

Storing it, with what each version changed, is the screening app's (web.screening.services.store).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from multitrack.core.screening.entries import ParsedList, WatchlistFormatError

KINDS = ("un-sc", "ofac-sdn", "ftm")


class WatchlistImportError(ValueError):
    """The list could not be imported; nothing was written."""


def parser(kind: str) -> Callable[..., ParsedList]:
    if kind == "un-sc":
        from . import un_sc

        return un_sc.parse
    if kind == "ofac-sdn":
        from . import ofac_sdn

        return ofac_sdn.parse
    if kind == "ftm":
        from . import ftm

        return ftm.parse
    raise WatchlistImportError(f"unknown list kind {kind!r}; expected one of: {', '.join(KINDS)}")


def read(kind: str, path: Path, version: str | None = None) -> ParsedList:
    parse = parser(kind)
    if not path.is_file():
        raise WatchlistImportError(f"{path}: no such file")
    try:
        return parse(path) if version is None or kind == "un-sc" else parse(path, version=version)
    except WatchlistFormatError as exc:
        raise WatchlistImportError(str(exc)) from None
