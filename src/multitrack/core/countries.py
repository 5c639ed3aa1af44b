"""Country codes (ISO 3166-1 alpha-3), from the pycountry package's copy of the ISO tables."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pycountry


@cache
def _alpha3() -> dict[str, str]:
    return {c.alpha_3: c.name for c in pycountry.countries}


def is_alpha3(code: object) -> bool:
    return isinstance(code, str) and code in _alpha3()


def unknown_alpha3(codes: Iterable[object]) -> list[str]:
    """The items of `codes` that are not ISO 3166-1 alpha-3 codes, as strings, in input order."""
    return [str(c) for c in codes if not is_alpha3(c)]


def country_name(code: str) -> str:
    """The English short name for an alpha-3 code, or the code itself when unknown."""
    return _alpha3().get(code, code)


def choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for forms."""
    return sorted(_alpha3().items(), key=lambda item: item[1])


@cache
def _alpha2() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def alpha2(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for an alpha-3 code (sanctions lists use alpha-2), or None."""
    return _alpha2().get(code)


@cache
def _numeric() -> dict[str, str]:
    return {c.numeric: c.alpha_3 for c in pycountry.countries}


def alpha3_of(code: str) -> str | None:
    """The alpha-3 code for an ISO 3166-1 alpha-3 ("COL") or numeric ("170", "4") code, or None."""
    code = code.strip().upper()
    if code.isdigit():
        return _numeric().get(code.zfill(3))
    return code if code in _alpha3() else None


@cache
def _by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                names[value.casefold()] = c.alpha_3
    return names


def alpha3_for_name(name: str) -> str | None:
    """The alpha-3 code of a country written out in English ("Colombia", "South Sudan"), or None."""
    return _by_name().get(name.strip().casefold())
