"""Name normalisation for screening: analysis into parts, transliteration and phonetic keys.

The heavy lifting comes from `rigour` (the OpenSanctions name toolkit): `analyze_names` strips person
prefixes ("Mr", "Präsident"), replaces legal forms ("Aktiengesellschaft" → "ag"), transliterates each
part into a latin `comparable` form (Cyrillic, Arabic, Greek, Georgian, CJK …) and tags parts with
symbols (a known given name across scripts, an initial, an org class). This module adds what is needed
around it: choosing the analysis for a list schema, splitting "A/B" alternatives, and a consonant
skeleton that makes Arabic-style transliteration variants (Mohammed/Muhammad, Gaddafi/Qadhafi,
Hussein/Husayn) compare equal in a general way rather than through a table of spellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import Name, NamePart, NameTypeTag, analyze_names
from rigour.text import ascii_text, metaphone

PERSON_SCHEMAS = ("Person",)
ORG_SCHEMAS = ("Company", "Organization", "LegalEntity")
OBJECT_SCHEMAS = ("Vessel", "Aircraft")

# Connective particles of Arabic, Persian, Hebrew, Dutch, German, Spanish … names: they carry little
# identity, so an unmatched particle costs little. Generic by design: no name is listed here.
PARTICLES = frozenset(
    {
        "al", "el", "ul", "ud", "ur", "ad", "ar", "as", "at", "az", "an", "ash", "ibn", "bin", "ben",
        "bint", "bent", "abu", "abou", "bu", "ould", "walad", "de", "del", "della", "der", "di", "da",
        "dos", "das", "do", "du", "la", "le", "van", "von", "ter", "ten", "y", "e", "mac", "mc", "bar",
        "ap", "ab", "uz", "ogli", "oglu", "kyzy", "qizi", "the", "of", "and", "und", "et",
    }
)  # fmt: skip

_SPLIT_ALTERNATIVES = re.compile(r"(?<=\w\w)\s*[/|;]\s*(?=\w\w)|\s*;\s*")
_ARABIC_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
)
_CONSONANT_CLASSES = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "j": "k", "z": "s", "v": "f", "w": "f", "p": "b", "x": "ks", "d": "t"}
)
_VOWELS = re.compile(r"[aeiouy]")
_APOSTROPHES = re.compile(r"['’‘`ʼʻʿʾ\"“”«»]")


def type_tag(schema: str) -> NameTypeTag:
    if schema in PERSON_SCHEMAS:
        return NameTypeTag.PER
    if schema in ORG_SCHEMAS:
        return NameTypeTag.ORG
    if schema in OBJECT_SCHEMAS:
        return NameTypeTag.OBJ
    return NameTypeTag.ENT


def clean(text: str) -> str:
    """NFC, apostrophes and quotes dropped (Qa'ida → Qaida, 'Ndrangheta → Ndrangheta), spaces tidied."""
    text = unicodedata.normalize("NFC", text)
    text = _APOSTROPHES.sub("", text)
    return " ".join(text.split())


def alternatives(text: str) -> list[str]:
    """The whole name plus each of its "A/B" alternatives ("Al-Qa'ida/Islamic Army")."""
    text = clean(text)
    parts = [p for p in _SPLIT_ALTERNATIVES.split(text) if p.strip()]
    out = [text]
    if len(parts) > 1:
        out.extend(parts)
    return out


@dataclass(frozen=True)
class AnalysedName:
    original: str
    names: tuple[Name, ...]
    folded: str = ""  # the whole name in lower-case ASCII, hyphens as spaces (for whole-name spelling)


def analyse(text: str, schema: str) -> AnalysedName:
    """Every analysed form of `text` (rigour `Name` objects, with symbols and latin comparables)."""
    tag = type_tag(schema)
    names = analyze_names(tag, alternatives(text), infer_initials=tag == NameTypeTag.PER, consolidate=False)
    ordered = sorted(names, key=lambda n: (-len(n.parts), n.form))
    return AnalysedName(text, tuple(n for n in ordered if n.parts), fold(text))


def fold(text: str) -> str:
    """The whole name in lower-case ASCII (transliterated), apostrophes dropped, hyphens as spaces."""
    return " ".join(_ascii_form_spaced(clean(text)).replace("-", " ").split())


@lru_cache(maxsize=1 << 16)
def _ascii_form_spaced(text: str) -> str:
    return ascii_text(text).lower()


def latin(part: NamePart) -> str:
    """The part in lower-case ASCII (rigour's comparable form, transliterated once more if needed)."""
    form = part.comparable
    if form.isascii():
        return form
    return _ascii_form(form)


@lru_cache(maxsize=1 << 16)
def _ascii_form(form: str) -> str:
    return ascii_text(form).lower().replace(" ", "")


@lru_cache(maxsize=1 << 17)
def skeleton(token: str) -> str:
    """A vowel-insensitive consonant skeleton for transliteration variants.

    Lower-case ASCII in; common romanisation digraphs folded (kh/gh/dh/th/sh), consonants of one class
    merged (q/k/c/g, z/s, v/w/f, d/t), doubled letters collapsed, vowels dropped after the first
    letter: "muhammad", "mohamed" and "mohammed" all give "mhmt"; "qadhafi" and "gaddafi" give "ktf".
    """
    t = token.lower()
    if not t:
        return ""
    if not t.isascii():
        t = ascii_text(t).lower()
    t = re.sub(r"[^a-z]", "", t)
    if not t:
        return ""
    for digraph, repl in _ARABIC_DIGRAPHS:
        t = t.replace(digraph, repl)
    t = t.translate(_CONSONANT_CLASSES)
    head, tail = t[0], _VOWELS.sub("", t[1:])
    if head in "aeiouy":
        head = "a"
    out = head
    for ch in tail:
        if ch != out[-1]:
            out += ch
    return out


@lru_cache(maxsize=1 << 17)
def phonetic(token: str) -> str:
    """Metaphone of the ASCII form ("" for tokens without letters)."""
    t = token if token.isascii() else ascii_text(token).lower()
    t = re.sub(r"[^a-z]", "", t.lower())
    return metaphone(t) if t else ""


def is_particle(token: str) -> bool:
    return token in PARTICLES
