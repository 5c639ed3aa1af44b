"""What of a participant record is encoded: name tokens, their n-grams, year of birth and gender.

Every organisation must turn the same person into the same features, so this module is part of the
encoding schema (`encoding.SCHEMA_VERSION`): a change here that changes any feature needs a new version.

A name becomes a set of lower-case ASCII tokens: NFKD with the accents dropped, casefolded (ß → ss),
apostrophes dropped (O'Brien → obrien), every other punctuation mark a space (hyphens included: Kim
Jong-un → kim jong un), tokens in another script transliterated with rigour (Владимир → vladimir; a
script it cannot transliterate keeps its own letters).
Each token gives the n-grams of its padded form ``_token_``; the record's name features are their
union, so word order does not matter ("Kaspar Voln" and "VOLN, Kaspar" give the same set).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.text import ascii_text

from multitrack.core.vocab import GENDERS

PAD = "_"
NAME_PREFIX = "n:"
YEAR_PREFIX = "y:"
GENDER_PREFIX = "g:"
MIN_YEAR, MAX_YEAR = 1900, 2100
# "Prefers not to say" is an answer, but not an attribute of the person that another organisation
# would have recorded alike: it is encoded as missing.
NOT_ENCODED_GENDERS = frozenset({"undisclosed"})

_APOSTROPHES = re.compile(r"['’‘`ʼʻʿʾ]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")


class UnencodableRecord(ValueError):
    """A participant record has nothing to encode (no letter or digit in its name) or a bad attribute."""


def name_tokens(name: str) -> tuple[str, ...]:
    """The sorted, de-duplicated lower-case tokens of `name` (see the module docstring)."""
    if name.isascii():  # most names: nothing to decompose
        text = _APOSTROPHES.sub("", name).casefold()
    else:
        text = _APOSTROPHES.sub("", unicodedata.normalize("NFKD", name))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    tokens: set[str] = set()
    for raw in text.split():
        tokens.update(_token_forms(raw))
    return tuple(sorted(tokens))


@lru_cache(maxsize=1 << 16)
def _token_forms(raw: str) -> tuple[str, ...]:
    # rigour's transliteration costs ~0.2 ms a call: only for tokens still outside ASCII, and cached
    ascii_form = raw if raw.isascii() else ascii_text(raw).lower()
    forms = tuple(t for t in _NOT_ALNUM.split(ascii_form) if t)
    if forms or raw.isascii():
        return forms
    # a script rigour cannot transliterate (Khmer gives "??"): its own letters, which still match
    # the same name written in the same script
    return tuple(t for t in _NOT_WORD.split(raw) if t)


def token_ngrams(token: str, n: int) -> tuple[str, ...]:
    """The distinct n-grams of ``_token_``, in order of first appearance (the whole of it if shorter)."""
    padded = f"{PAD}{token}{PAD}"
    if len(padded) <= n:
        return (padded,)
    return tuple(dict.fromkeys(padded[i : i + n] for i in range(len(padded) - n + 1)))


@lru_cache(maxsize=1 << 16)
def token_features(token: str, n: int) -> tuple[str, ...]:
    """``n:`` + every n-gram of one token."""
    return tuple(NAME_PREFIX + g for g in token_ngrams(token, n))


def name_features(name: str, n: int) -> tuple[str, ...]:
    """The name's features: those of all its tokens, each once. Raises UnencodableRecord if none."""
    tokens = name_tokens(name)
    if not tokens:
        raise UnencodableRecord(f"the name {name!r} has no letter or digit to encode")
    return tuple(dict.fromkeys(f for token in tokens for f in token_features(token, n)))


def year_features(year: int | None) -> tuple[str, ...]:
    """``y:1983 y:1984 y:1985`` for 1984: a window of three years, so that a year off by one still shares
    two thirds of its bits and a year off by two one third. Empty when the year is not recorded.

    Raises UnencodableRecord for anything but a whole year 1900-2100."""
    if year is None:
        return ()
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise UnencodableRecord(f"year of birth must be a whole year {MIN_YEAR}-{MAX_YEAR}, got {year!r}")
    return tuple(f"{YEAR_PREFIX}{y}" for y in (year - 1, year, year + 1))


def gender_feature(gender: str | None) -> str | None:
    """``g:woman`` for a code of the genders vocabulary; None when not recorded or undisclosed.

    Raises UnencodableRecord for any other value: organisations encode the shared codes, never their
    own labels, or the same person would get different bits."""
    if gender is None or gender in NOT_ENCODED_GENDERS:
        return None
    if gender not in GENDERS:
        codes = ", ".join(GENDERS.codes())
        raise UnencodableRecord(f"gender must be one of the codes {codes} (or None), got {gender!r}")
    return f"{GENDER_PREFIX}{gender}"
