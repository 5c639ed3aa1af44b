"""Importer of the UN Security Council Consolidated List, as published in XML (`sc-sanctions.xsd`).

The file is read whole and parsed with defusedxml: a DOCTYPE of any kind is refused, so there is no
entity expansion (billion laughs), no external entity (XXE) and no external DTD. Any file that is not
the list in its published form (empty, truncated, not XML, wrong encoding, wrong root element, an
entry without a reference or a name) raises `WatchlistFormatError` naming the file and, where
possible, the line or the entry (`INDIVIDUAL 17 (QDi.001)`).

Mapping (one `ListEntry` per INDIVIDUAL, schema Person, and per ENTITY, schema Organization):

- `entry_id` is REFERENCE_NUMBER (DATAID when it is missing); text values have their white space
  collapsed, and the list's "na" placeholder counts as empty.
- names: the primary name is FIRST_NAME … FOURTH_NAME joined; NAME_ORIGINAL_SCRIPT is kind
  `original_script`; aliases keep the list's QUALITY ("Good"/"a.k.a." → good, "Low" → low, "f.k.a."
  or a "previously listed as" note → kind `former`). An alias written wholly in a non-Latin script
  is kind `original_script`. Aliases that pack several names into one field ("A; B; C", or an
  Arabic name followed by its transliterations in brackets, or "X (original script: Y)") are split
  into their names; the field as published is kept in `extra["aliases_as_published"]`.
- birth dates: every INDIVIDUAL_DATE_OF_BIRTH (EXACT → exact or year, BETWEEN → between,
  APPROXIMATELY → approximate; a month written only in the NOTE, e.g. "Nov. 1973", gives "1973-11"),
  then dates of birth given on aliases (often from false documents) that are not already there.
  Notes that give no usable date stay in `extra["birth_date_notes"]`.
- nationalities: ISO 3166 alpha-2 when the value is exactly a country name (or a plain demonym such
  as "Yemeni"), otherwise the text as given (e.g. "Bahrain (citizenship revoked in Jan. 2015)").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pycountry
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, fromstring

from multitrack.core.screening.entries import (
    BirthDate,
    ListedName,
    ListEntry,
    ParsedList,
    WatchlistFormatError,
    file_hash,
)

from .common import non_latin

SOURCE = "un-sc"
ROOT = "CONSOLIDATED_LIST"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
QUALITY = {"good": "good", "low": "low", "a.k.a.": "good", "aka": "good", "n.k.a.": "good"}
FORMER_QUALITIES = {"f.k.a.", "fka"}
PLACEHOLDERS = {"na", "n/a"}
NEWLINE = b"\n"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^(\d{4})$")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"([A-Za-z]+)\.?"
_NOTE_MONTH_YEAR = re.compile(rf"^{_MONTH}\s+(\d{{4}})$")
_NOTE_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})$")
_NOTE_MONTH_RANGE = re.compile(rf"^(?:between\s+)?{_MONTH}\s+(?:and|-|to)\s+{_MONTH}\s+(\d{{4}})$", re.I)
_NOTE_MONTH_ONLY = re.compile(rf"^{_MONTH}$")
_FORMER_NOTE = re.compile(r"^(?:previously|formerly) listed as\b", re.I)
_SCRIPT_NOTE = re.compile(r"(?:original script|in arabic)\s*:\s*(.+)$", re.I)
_ORIGINAL_SCRIPT_LABEL = re.compile(
    r"^original script\s*:\s*|\s*\(original script\)$|\s+-\s+sub-unit name$", re.I
)
_FORMER_SUFFIX = re.compile(r"\s*\((?:previously|formerly) listed as\)$", re.I)
_TRAILING_LABEL = re.compile(r"^(.*\S)\s*\(([A-Za-z][A-Za-z ]*)\)$")
_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")

# Names the UN uses that pycountry spells otherwise, and plain demonyms found in the list.
_COUNTRY_ALIASES = {
    "democratic republic of the congo": "CD",
    "state of palestine": "PS",
    "turkey": "TR",
    "republic of korea": "KR",
    "syria": "SY",
    "russia": "RU",
    "iran": "IR",
    "afghan": "AF",
    "algerian": "DZ",
    "egyptian": "EG",
    "iraqi": "IQ",
    "jordanian": "JO",
    "libyan": "LY",
    "moroccan": "MA",
    "pakistani": "PK",
    "palestinian": "PS",
    "saudi arabian": "SA",
    "somali": "SO",
    "syrian": "SY",
    "tunisian": "TN",
    "yemeni": "YE",
}


def parse(path: Path) -> ParsedList:
    """Read the UN SC Consolidated List XML at `path`; raises `WatchlistFormatError` if it is not one."""
    name = path.name
    data = path.read_bytes()
    root = _parse_xml(data, name)
    if root.tag != ROOT:
        raise WatchlistFormatError(
            name,
            f"the root element is <{root.tag}>, expected <{ROOT}>: "
            "this is not the UN Security Council Consolidated List",
        )
    version = _version(root, name)
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    for section, tag, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", "Person"),
        ("ENTITIES", "ENTITY", "Organization"),
    ):
        for index, el in enumerate(root.findall(f"{section}/{tag}"), start=1):
            where = f"{name} {tag} {index}"
            entry = _entry(el, schema, where)
            where = f"{where} ({entry.entry_id})"
            if entry.entry_id in seen:
                raise WatchlistFormatError(where, f"reference number also used by {seen[entry.entry_id]}")
            seen[entry.entry_id] = f"{tag} {index}"
            entries.append(entry)
    if not entries:
        raise WatchlistFormatError(name, f"no INDIVIDUAL or ENTITY entries under <{ROOT}>")
    return ParsedList(source=SOURCE, version=version, file_hash=file_hash(data), entries=tuple(entries))


# --- reading the XML safely ---------------------------------------------------------------------------


def _parse_xml(data: bytes, name: str) -> Element:
    if not data.strip():
        raise WatchlistFormatError(name, "the file is empty")
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return root
    except DTDForbidden:
        raise WatchlistFormatError(
            _where_bytes(name, data, b"<!DOCTYPE"),
            "a DOCTYPE declaration is not allowed (the published list has none; "
            "entity definitions and external references are refused)",
        ) from None
    except EntitiesForbidden:
        raise WatchlistFormatError(name, "entity declarations are not allowed") from None
    except ExternalReferenceForbidden:
        raise WatchlistFormatError(name, "external references are not allowed") from None
    except DefusedXmlException as exc:
        raise WatchlistFormatError(name, f"refused XML construct ({type(exc).__name__})") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        where = f"{name} line {line}" if line else name
        raise WatchlistFormatError(where, _explain_parse_error(data, str(exc), column)) from None


def _explain_parse_error(data: bytes, error: str, column: int) -> str:
    message = error.rsplit(": line ", 1)[0]
    body = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        return f"the file looks like UTF-16, not the encoding it declares ({message})"
    if b"\x00" in data[:4096]:
        return "the file holds NUL bytes: binary data, not XML text"
    if not body.startswith(b"<"):
        return "not an XML document (it does not start with '<')"
    declared = _ENCODING_DECL.match(data.removeprefix(b"\xef\xbb\xbf"))
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return (
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): the file is in "
                "another encoding than the UTF-8 it declares"
            )
    if message == "no element found" or message.startswith("unclosed token"):
        return f"the document ends too early, the file looks truncated ({message})"
    return f"{message} (column {column + 1})"


def _where_bytes(name: str, data: bytes, needle: bytes) -> str:
    at = data.find(needle)
    return f"{name} line {data.count(NEWLINE, 0, at) + 1}" if at >= 0 else name


def _version(root: Element, name: str) -> str:
    generated = root.get("dateGenerated", "").strip()
    iso = _iso_date(generated)
    if not iso:
        raise WatchlistFormatError(
            name, f"<{ROOT}> has no valid dateGenerated attribute (got {generated[:40]!r})"
        )
    return iso


# --- one entry ----------------------------------------------------------------------------------------


def _entry(el: Element, schema: str, where: str) -> ListEntry:
    ref = _text(el.find("REFERENCE_NUMBER")) or _text(el.find("DATAID"))
    if not ref:
        raise WatchlistFormatError(where, "no REFERENCE_NUMBER and no DATAID")
    where = f"{where} ({ref})"
    extra: dict[str, Any] = {}
    names = _names(el, schema, extra)
    if not names:
        raise WatchlistFormatError(
            where, "no name (FIRST_NAME, NAME_ORIGINAL_SCRIPT and aliases are all empty)"
        )
    birth_dates = _birth_dates(el, extra) if schema == "Person" else ()
    nationalities = _nationalities(el, extra)
    listed_on_text = _text(el.find("LISTED_ON"))
    listed_on = _iso_date(listed_on_text)
    if listed_on_text and not listed_on:
        extra["listed_on_as_given"] = listed_on_text
    _extra_fields(el, extra)
    programme = _text(el.find("UN_LIST_TYPE"))
    remarks = _text(el.find("COMMENTS1"))  # trimmed, and the file's line wrapping undone
    return ListEntry(
        source=SOURCE,
        entry_id=ref,
        schema=schema,
        names=names,
        birth_dates=birth_dates,
        nationalities=nationalities,
        programmes=(programme,) if programme else (),
        listed_on=listed_on,
        remarks=remarks,
        extra=extra,
    )


def _names(el: Element, schema: str, extra: dict[str, Any]) -> tuple[ListedName, ...]:
    names: list[ListedName] = []
    seen: set[str] = set()

    def add(name: str, kind: str, quality: str = "") -> None:
        name = _clean(name)
        key = name.casefold()
        if name and key not in seen and name not in PLACEHOLDERS:
            seen.add(key)
            names.append(ListedName(name=name, kind=kind, quality=quality))

    parts = NAME_PARTS if schema == "Person" else NAME_PARTS[:1]
    # The schema's default for a missing part is "na" (lower case: "NA" is also a Korean surname).
    primary = " ".join(p for p in (_text(el.find(t)) for t in parts) if p and p not in PLACEHOLDERS)
    # An entity name that is two names ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES …").
    first, *others = [p for p in (_clean(s) for s in primary.split(";")) if p] or [""]
    add(first, "primary")
    for other in others:
        add(other, "alias", "good")

    script = _text(el.find("NAME_ORIGINAL_SCRIPT"))
    label = _TRAILING_LABEL.match(script)
    if label and non_latin(label.group(1)):  # "ፍትዊ ዓብዱረዛቕ (Tigrinya)": a language label, not a name
        script = label.group(1)
        extra["original_script_language"] = label.group(2).strip()
    add(script, "original_script")

    as_published: list[str] = []
    notes: list[dict[str, str]] = []
    for alias in el.findall("INDIVIDUAL_ALIAS") + el.findall("ENTITY_ALIAS"):
        text = raw = _text(alias.find("ALIAS_NAME"))
        if not text:
            continue
        raw_quality = _text(alias.find("QUALITY")).lower()
        quality = QUALITY.get(raw_quality, "good" if raw_quality in FORMER_QUALITIES else "")
        note = _text(alias.find("NOTE"))
        kind = "former" if raw_quality in FORMER_QUALITIES or _FORMER_NOTE.match(note) else "alias"
        if _FORMER_SUFFIX.search(text):
            text, kind = _FORMER_SUFFIX.sub("", text), "former"
        parts_of = _split_alias(text)
        if len(parts_of) > 1 or parts_of[0] != raw:
            as_published.append(raw)
        for part in parts_of:
            add(part, "original_script" if kind == "alias" and non_latin(part) else kind, quality)
        used_note = False
        script_note = _SCRIPT_NOTE.search(note)
        if script_note:
            add(script_note.group(1), "original_script", quality)
            used_note = True
        elif non_latin(text) and note and _is_name_list(note):
            for part in _name_list(note):
                add(part, kind, quality)
            used_note = True
        if note and not used_note and not _FORMER_NOTE.fullmatch(note):
            notes.append({"alias": text, "note": note})
    if as_published:
        extra["aliases_as_published"] = as_published
    if notes:
        extra["alias_notes"] = notes
    return tuple(names)


def _split_alias(text: str) -> list[str]:
    """The names packed into one alias field, or [text] when it is one name.

    "حسن غول (Hassan Ghul; Hassan Gul)" and "Abu Muhammad (original script: Абу Мухаммад)" are a name
    with its transliterations or original: split when the bracket holds a name in the other script.
    "El Para (combat name)" or "Al-Qaida in Yemen (AQY)" stay whole. "A; B; C" is three names."""
    split = _last_bracket(text)
    if split is not None:
        outer, inner = split
        parts = [_ORIGINAL_SCRIPT_LABEL.sub("", p).strip() for p in _top_level_split(inner)]
        parts = [p for p in parts if p]
        if outer and parts and any(non_latin(p) != non_latin(outer) for p in parts):
            return [outer, *parts]
        return [text]
    if ";" in text and "(" not in text and ")" not in text:
        return [p.strip() for p in text.split(";") if p.strip()]
    return [text]


def _last_bracket(text: str) -> tuple[str, str] | None:
    """(before, inside) for a text ending in a bracketed group, brackets inside it allowed; else None."""
    body = text.rstrip(" ,")
    if not body.endswith(")") or not _balanced(body):
        return None
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[i], 0)
        if depth == 0:
            return body[:i].strip(), body[i + 1 : -1].strip()
    return None


def _top_level_split(text: str) -> list[str]:
    """`text` split at the semicolons that are not inside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _is_name_list(note: str) -> bool:
    body = re.sub(r"^transliterations?\s*:\s*", "", note, flags=re.I)
    return ";" in body and not re.search(r"[()\d:]", body) and not non_latin(body)


def _name_list(note: str) -> list[str]:
    body = re.sub(r"^transliterations?\s*:\s*", "", note, flags=re.I)
    return [p.strip() for p in body.split(";") if p.strip()]


def _birth_dates(el: Element, extra: dict[str, Any]) -> tuple[BirthDate, ...]:
    dates: list[BirthDate] = []
    notes: list[dict[str, str]] = []
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(dob.find("TYPE_OF_DATE")).upper()
        note = _text(dob.find("NOTE"))
        exact = _text(dob.find("DATE"))
        year = _text(dob.find("YEAR"))
        start, end = _text(dob.find("FROM_YEAR")), _text(dob.find("TO_YEAR"))
        found = _birth_date(kind, exact, year, start, end, note)
        if found is not None:
            dates.append(found)
        if note or (found is None and (kind or exact or year or start or end)):
            record = {"type": kind, "date": exact, "year": year, "from": start, "to": end, "note": note}
            notes.append({k: v for k, v in record.items() if v})
    for alias in el.findall("INDIVIDUAL_ALIAS"):
        given = _text(alias.find("DATE_OF_BIRTH"))
        if not given:
            continue
        iso = _iso_date(given)
        found = (
            BirthDate("exact", date=iso)
            if iso
            else BirthDate("year", date=given)
            if _YEAR.match(given)
            else None
        )
        if found is not None and found not in dates:
            dates.append(found)
    if notes:
        extra["birth_date_notes"] = notes
    return tuple(dates)


def _birth_date(kind: str, exact: str, year: str, start: str, end: str, note: str) -> BirthDate | None:
    iso = _iso_date(exact)
    if _YEAR.match(year):
        month = _NOTE_MONTH_ONLY.match(note)  # "Sep." beside YEAR 1958
        month_number = _MONTHS.get(month.group(1).lower()) if month else None
        if month_number and kind != "APPROXIMATELY":
            return BirthDate("exact", date=f"{year}-{month_number:02d}")
    if kind == "BETWEEN" or (start and end):
        if _YEAR.match(start) and _YEAR.match(end):
            return BirthDate("between", start=start, end=end)
        return None
    if kind == "APPROXIMATELY":
        value = iso or (year if _YEAR.match(year) else "")
        return BirthDate("approximate", date=value) if value else None
    if iso:
        return BirthDate("exact", date=iso)
    if _YEAR.match(year):
        return BirthDate("year", date=year)
    return _date_from_note(note)


def _date_from_note(note: str) -> BirthDate | None:
    """A date the list wrote only in words: "Nov. 1973", "12 Jan. 1970", "Between Aug. and Sep. 1977"."""
    note = note.strip()
    if m := _NOTE_MONTH_YEAR.match(note):
        month = _MONTHS.get(m.group(1).lower())
        return BirthDate("exact", date=f"{m.group(2)}-{month:02d}") if month else None
    if m := _NOTE_DAY_MONTH_YEAR.match(note):
        month = _MONTHS.get(m.group(2).lower())
        iso = f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}" if month else ""
        return BirthDate("exact", date=iso) if _iso_date(iso) else None
    if m := _NOTE_MONTH_RANGE.match(note):
        first, last = _MONTHS.get(m.group(1).lower()), _MONTHS.get(m.group(2).lower())
        if first and last:
            return BirthDate("between", start=f"{m.group(3)}-{first:02d}", end=f"{m.group(3)}-{last:02d}")
    if _YEAR.match(note):
        return BirthDate("year", date=note)
    return None


def _nationalities(el: Element, extra: dict[str, Any]) -> tuple[str, ...]:
    given = [v for v in (_text(x) for x in el.findall("NATIONALITY/VALUE")) if v.lower() not in PLACEHOLDERS]
    given = [v for v in given if v]
    result: list[str] = []
    for value in given:
        code = country_code(value) or value
        if code not in result:
            result.append(code)
    if given:
        extra["nationality_as_given"] = given
    return tuple(result)


def country_code(name: str) -> str:
    """ISO 3166 alpha-2 for a country name as the UN writes it, or "" when it is not exactly one."""
    key = " ".join(name.split()).casefold()
    index = _country_index()
    if key in index:
        return index[key]
    # "Iran (Islamic Republic of)" is pycountry's "Iran, Islamic Republic of".
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", key)
    return index.get(f"{m.group(1)}, {m.group(2)}", "") if m else ""


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(value.casefold(), country.alpha_2)
    for key, code in _COUNTRY_ALIASES.items():
        index.setdefault(key, code)
    return index


def _extra_fields(el: Element, extra: dict[str, Any]) -> None:
    for tag, key in (
        ("DATAID", "dataid"),
        ("VERSIONNUM", "version_number"),
        ("GENDER", "gender"),
        ("SUBMITTED_BY", "submitted_by"),
        ("SUBMITTED_ON", "submitted_on"),
        ("DELISTED_ON", "delisted_on"),
    ):
        value = _text(el.find(tag))
        if value:
            extra[key] = value
    for tag, key in (
        ("TITLE", "title"),
        ("DESIGNATION", "designation"),
        ("LIST_TYPE", "list_type"),
        ("LAST_DAY_UPDATED", "last_day_updated"),
    ):
        values = [
            v for v in (_text(x) for x in el.findall(f"{tag}/VALUE")) if v and v.lower() not in PLACEHOLDERS
        ]
        if values:
            extra[key] = values
    for tag, key in (
        ("INDIVIDUAL_PLACE_OF_BIRTH", "places_of_birth"),
        ("INDIVIDUAL_ADDRESS", "addresses"),
        ("ENTITY_ADDRESS", "addresses"),
        ("INDIVIDUAL_DOCUMENT", "documents"),
    ):
        records = [r for r in (_record(x) for x in el.findall(tag)) if r]
        if records:
            extra.setdefault(key, []).extend(records)


def _record(el: Element) -> dict[str, str]:
    return {child.tag.lower(): value for child in el if (value := _text(child))}


# --- small helpers -----------------------------------------------------------------------------------


def _text(el: Element | None) -> str:
    """The element's own text with white space collapsed; "" for a missing or empty element."""
    return _clean(el.text) if el is not None and el.text else ""


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _iso_date(text: str) -> str:
    """The YYYY-MM-DD at the start of `text` (ignoring a time or zone suffix), or "" if there is none."""
    m = _ISO_DATE.match(text.strip())
    if not m:
        return ""
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0
