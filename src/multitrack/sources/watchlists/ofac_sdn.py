"""Reading the OFAC Specially Designated Nationals list as published in SDN.CSV (the legacy flat file).

SDN.CSV has no header and twelve columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. It is Windows-1252 with CRLF line ends and a
final Ctrl-Z (0x1A); `-0-` (usually followed by a space) means "no value". The file carries no date, so
the version comes from the caller, a YYYY-MM-DD date in the file name, or the file's modification date.

Much of what matters for screening sits in the Remarks column, as `;`-separated clauses: `DOB 07 Oct
1952`, `nationality Russia`, `citizen Russia`, `a.k.a. 'BNC'`, `f.k.a. 'ALPHA'`, `n.k.a. 'LGOK'`, ...
OFAC's data specification (dat_spec.txt, "The disposition of aliases") says that the flat files keep
only *weak* aliases in Remarks; strong aliases live in ALT.CSV, which this reader does not need. So
every a.k.a./f.k.a./n.k.a. read from Remarks gets quality "low". Remarks longer than 1,000 characters are
cut by OFAC (the rest goes to sdn_comments.csv); a clause cut in the middle is not read as a name.

Individuals are published as "LAST, First" (e.g. "PUTIN, Vladimir Vladimirovich"): the primary name is
given in natural order ("Vladimir Vladimirovich PUTIN", a suffix such as "Jr." kept at the end) and the
name as published is kept in `extra["sdn_name"]`. Weak aliases of individuals written with a comma are
turned round the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from multitrack.core.screening.entries import (
    BirthDate,
    ListedName,
    ListEntry,
    ParsedList,
    WatchlistFormatError,
    file_hash,
)

from .common import version_from_path

SOURCE = "ofac-sdn"
COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
SCHEMA_BY_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft", "": "Organization"}
CTRL_Z = b"\x1a"
REMARKS_LIMIT = 1000  # OFAC cuts Remarks at this length and puts the rest in sdn_comments.csv

# Extra columns kept as they are, under these keys.
EXTRA_COLUMNS = {
    "Title": "title",
    "Call_Sign": "call_sign",
    "Vess_type": "vessel_type",
    "Tonnage": "tonnage",
    "GRT": "gross_registered_tonnage",
    "Vess_flag": "vessel_flag",
    "Vess_owner": "vessel_owner",
}

# OFAC's spelling of countries that pycountry does not know under that name. Only unambiguous ones.
COUNTRY_ALIASES = {
    "bahamas, the": "BS",
    "brunei": "BN",
    "burma": "MM",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "cote d'ivoire": "CI",
    "curacao": "CW",
    "eritrean": "ER",
    "gambia, the": "GM",
    "holy see": "VA",
    "korea, north": "KP",
    "korea, south": "KR",
    "kosovo": "XK",  # user-assigned code, as used by the EU and FollowTheMoney
    "macau": "MO",
    "macedonia": "MK",
    "man, isle of": "IM",
    "north macedonia, the republic of": "MK",
    "palestinian": "PS",
    "reunion": "RE",
    "russia": "RU",
    "sint maarten": "SX",
    "swaziland": "SZ",
    "the gambia": "GM",
    "turkey": "TR",
    "turkiye": "TR",
}
# Former states and regions: kept as given, not split on "and" nor guessed.
COUNTRIES_AS_GIVEN = {"serbia and montenegro", "yugoslavia", "soviet union", "netherlands antilles"}

MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1
    )
}
_DATE = r"(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}"
DOB_RE = re.compile(rf"^(?:alt\. )?DOB (circa )?({_DATE})(?:(?: to |-)({_DATE}))?\.?$")
DATE_RE = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})$")
ALIAS_RE = re.compile(r"^([afn])\.k\.a\.\s+'(.*)'\.?$", re.DOTALL)
COUNTRY_RE = re.compile(r"^(?:alt\. )?(nationality|citizen):?\s+(.+?)\.?$")
REGISTRATION_RE = re.compile(r"^(?:alt\. )?Nationality of Registration (.+?)\.?$")
POB_RE = re.compile(r"^(?:alt\. )?POB (.+?)\.?$")
GENDER_RE = re.compile(r"^Gender (\w+)\.?$")
IMO_RE = re.compile(r"^Vessel Registration Identification IMO (\d{7})\.?$")


def parse(path: Path, version: str | None = None) -> ParsedList:
    """Read an SDN.CSV file; every row checked, any problem raises `WatchlistFormatError` with the line."""
    path = Path(path)
    data = path.read_bytes()
    text = _decode(path, data)
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, text):
        where = f"{path}, line {line}"
        if len(row) != len(COLUMNS):
            raise WatchlistFormatError(where, f"expected {len(COLUMNS)} columns, found {len(row)}")
        values = dict(zip(COLUMNS, (_value(v) for v in row), strict=True))
        ent_num = values["ent_num"]
        if not (ent_num.isascii() and ent_num.isdigit()):
            raise WatchlistFormatError(where, f"ent_num {row[0]!r} is not a number")
        ent_num = str(int(ent_num))
        if ent_num in seen:
            raise WatchlistFormatError(where, f"ent_num {ent_num} already used on line {seen[ent_num]}")
        seen[ent_num] = line
        values["ent_num"] = ent_num
        entries.append(_entry(where, values))
    if not entries:
        raise WatchlistFormatError(str(path), "no SDN entries in the file")
    return ParsedList(
        source=SOURCE,
        version=version or version_from_path(path),
        file_hash=file_hash(data),
        entries=tuple(entries),
    )


def _decode(path: Path, data: bytes) -> str:
    body = data
    if data.rstrip(b"\r\n").endswith(CTRL_Z):  # the end-of-file mark, and any line end after it
        body = data.rstrip(b"\r\n").rstrip(CTRL_Z)
    ctrl_z = body.find(CTRL_Z)
    if ctrl_z >= 0:
        line = data.count(b"\n", 0, ctrl_z) + 1
        raise WatchlistFormatError(
            f"{path}, line {line}", f"end-of-file mark Ctrl-Z (0x1A) at byte offset {ctrl_z} before the end"
        )
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        raise WatchlistFormatError(
            f"{path}, line {line}",
            f"byte 0x{byte} at byte offset {exc.start} is not Windows-1252",
        ) from None


def _rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, fields) for each non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise WatchlistFormatError(
                f"{path}, line {start}", f"cannot read the CSV record: {exc}"
            ) from None
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        yield start, row


def _value(raw: str) -> str:
    value = raw.strip()
    return "" if value == "-0-" else value


def _entry(where: str, values: dict[str, str]) -> ListEntry:
    sdn_type = values["SDN_Type"].lower()
    if sdn_type == "entity":
        sdn_type = ""
    if sdn_type not in SCHEMA_BY_TYPE:
        raise WatchlistFormatError(where, f"unknown SDN_Type {values['SDN_Type']!r}")
    schema = SCHEMA_BY_TYPE[sdn_type]
    person = schema == "Person"
    sdn_name = values["SDN_Name"]
    if not sdn_name:
        raise WatchlistFormatError(where, "SDN_Name is empty")
    extra: dict[str, Any] = {"sdn_name": sdn_name}
    for column, key in EXTRA_COLUMNS.items():
        if values[column]:
            extra[key] = values[column]
    remarks = values["Remarks"]
    names = [ListedName(natural_order(sdn_name) if person else sdn_name, "primary")]
    birth_dates: list[BirthDate] = []
    nationalities: list[str] = []
    unread_dob: list[str] = []
    places: list[str] = []
    clauses = [c.strip() for c in remarks.split(";")]
    truncated = len(remarks) >= REMARKS_LIMIT
    for i, clause in enumerate(clauses):
        last_cut = truncated and i == len(clauses) - 1
        if clause.startswith(("a.k.a. ", "f.k.a. ", "n.k.a. ")):
            match = ALIAS_RE.match(clause)
            if match is None:
                if not last_cut:
                    extra.setdefault("unread_aliases", []).append(clause)
                continue
            kind = "former" if match.group(1) == "f" else "alias"
            for alias in _alias_names(match.group(2)):
                alias = natural_order(alias) if person else alias
                if all(n.name != alias for n in names):
                    names.append(ListedName(alias, kind, "low"))
        elif "DOB" in clause.split(" ", 2)[:2]:
            if last_cut:
                continue
            dob = _birth_date(clause)
            if dob is None:
                unread_dob.append(clause)
            elif dob not in birth_dates:
                birth_dates.append(dob)
        elif (m := COUNTRY_RE.match(clause)) and not last_cut:
            for code in _countries(m.group(2)):
                if code not in nationalities:
                    nationalities.append(code)
        elif (m := REGISTRATION_RE.match(clause)) and not last_cut:
            extra.setdefault("registration_countries", []).extend(_countries(m.group(1)))
        elif (m := POB_RE.match(clause)) and not last_cut:
            places.append(m.group(1))
        elif (m := GENDER_RE.match(clause)) and not last_cut:
            extra["gender"] = m.group(1).lower()
        elif m := IMO_RE.match(clause):
            extra["imo"] = m.group(1)
    if places:
        extra["places_of_birth"] = places
    if unread_dob:
        extra["unread_birth_dates"] = unread_dob
    if truncated:
        extra["remarks_truncated"] = True
    return ListEntry(
        source=SOURCE,
        entry_id=values["ent_num"],
        schema=schema,
        names=tuple(names),
        birth_dates=tuple(birth_dates),
        nationalities=tuple(nationalities),
        programmes=programmes(values["Program"]),
        remarks=remarks,
        extra=extra,
    )


def natural_order(name: str) -> str:
    """An individual's name in natural order: "LAST, First" → "First LAST", "LAST, First, Jr." → "First
    LAST Jr."; a name without a comma is returned as it is."""
    last, sep, rest = name.partition(",")
    if not sep or not rest.strip() or not last.strip():
        return name.strip()
    first, _, suffix = rest.partition(",")
    return " ".join(p for p in (first.strip(), last.strip(), suffix.strip()) if p)


def programmes(value: str) -> tuple[str, ...]:
    """`SDGT] [IFSR` (as in SDN.CSV) or `[SDGT] [IFSR]` → ("SDGT", "IFSR")."""
    value = value.strip()
    value = value.removeprefix("[").removesuffix("]")
    found: list[str] = []
    for part in value.split("] ["):
        part = part.strip()
        if part and part not in found:
            found.append(part)
    return tuple(found)


def _alias_names(quoted: str) -> list[str]:
    """The text between the outer quotes of an a.k.a. clause; `'X', 'Y'` holds two names; a name wrapped in
    a second pair of quotes (`''FUPI''`) is unwrapped."""
    out = []
    for part in quoted.split("', '"):
        name = part.strip()
        if len(name) > 2 and name.startswith("'") and name.endswith("'"):
            name = name[1:-1].strip()
        if name:
            out.append(name)
    return out


def _iso(text: str) -> str | None:
    match = DATE_RE.match(text)
    if match is None:
        return None
    day, month, year = match.groups()
    if month is None:
        return None if day else year
    if month not in MONTHS:
        return None
    if day is None:
        return f"{year}-{MONTHS[month]:02d}"
    try:
        return date(int(year), MONTHS[month], int(day)).isoformat()
    except ValueError:
        return None


def _birth_date(clause: str) -> BirthDate | None:
    """`DOB 01 Jan 1960` exact, `DOB Jan 1960` exact (partial), `DOB 1960` year, `DOB circa 1960`
    approximate, `DOB 1955 to 1960` (or `circa 1979-1982`) between."""
    match = DOB_RE.match(clause)
    if match is None:
        return None
    circa, first, second = match.groups()
    start = _iso(first)
    if start is None:
        return None
    if second is not None:
        end = _iso(second)
        return None if end is None else BirthDate("between", start=start, end=end)
    if circa:
        return BirthDate("approximate", date=start)
    return BirthDate("year" if len(start) == 4 else "exact", date=start)


def _countries(value: str) -> list[str]:
    code = country_code(value)
    if code:
        return [code]
    if " and " in value and value.strip().lower() not in COUNTRIES_AS_GIVEN:
        parts = [country_code(p) for p in value.split(" and ")]
        if all(parts):
            return [p for p in parts if p]
    return [value.strip()]


@cache
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 for a country name as OFAC writes it, or None when not unambiguous."""
    key = name.strip().lower()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None
