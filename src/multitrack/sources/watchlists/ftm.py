"""Reading OpenSanctions FollowTheMoney entities, one JSON object a line (`entities.ftm.json`).

Each line is an entity: `{"id", "schema", "properties": {prop: [values]}, "caption", "first_seen",
"last_seen", "last_change", "datasets", ...}`. The entity is read with `followthemoney.model.get_proxy`
(values re-validated, so "Russia" in a country property becomes "ru"). Listed parties are kept: Person,
Organization, Company, LegalEntity, Vessel and Airplane (FollowTheMoney's name for an aircraft, stored as
"Aircraft"); a PublicBody is an Organization in FollowTheMoney and is kept as one. Everything else
(Sanction, Address, Identification, Ownership, ...) is skipped and counted by schema; a Sanction still
lends its `programId` and listing date to the entity it points at.

Names: the caption (or the first `name`) is the primary name, other `name` values and `alias` follow as
aliases (`alias` with quality "good"), `weakAlias` with quality "low", `previousName` as former names. As
in the UN reader, an alias written mostly in a non-Latin script (Cyrillic, Arabic ...) is kind
`original_script`, its quality kept.
Birth dates: "1960" is a year, "1960-03" and "1960-03-02" are exact. Nationalities come from
`nationality`, `citizenship` and `country`, upper-cased ("ru" → "RU"). Programmes are the `programId`
values of the entity and of the Sanction entities that point at it; topics are kept in `extra`.
`listed_on` is the earliest listing (or start) date of those sanctions, else the entity's `createdAt`,
else its `first_seen` (date part). `last_seen` and `last_change` are not kept in the entry: they move
with every export, and the entry's content hash must not.

The version is the argument, else the newest `last_change`/`last_seen` date among all entities, else a
YYYY-MM-DD date in the file name, else the file's modification date.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from multitrack.core.screening.entries import (
    SCHEMAS,
    BirthDate,
    ListedName,
    ListEntry,
    ParsedList,
    WatchlistFormatError,
    file_hash,
)

from .common import non_latin, version_from_path

SOURCE = "ftm"
# FollowTheMoney schemata kept under another name.
SCHEMA_NAMES = {"Airplane": "Aircraft", "PublicBody": "Organization"}
COUNTRY_PROPS = ("nationality", "citizenship", "country")
ISO_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
UTF8_BOM = b"\xef\xbb\xbf"


def parse(path: Path, version: str | None = None) -> ParsedList:
    """Read a FollowTheMoney JSON-lines file; a malformed line raises `WatchlistFormatError` with its line."""
    return parse_counted(path, version)[0]


def parse_counted(path: Path, version: str | None = None) -> tuple[ParsedList, Counter[str]]:
    """As `parse`, and how many entities of each other schema were skipped (e.g. {"Sanction": 3}); an
    entity of a kept schema without any name is counted under "<schema> without name"."""
    path = Path(path)
    data = path.read_bytes()
    kept: list[tuple[EntityProxy, dict[str, Any], str]] = []
    sanctions: dict[str, list[EntityProxy]] = {}
    skipped: Counter[str] = Counter()
    seen: dict[str, int] = {}
    newest = ""
    offset = 0  # of the current line in the file
    for number, raw in enumerate(data.split(b"\n"), start=1):
        where = f"{path}, line {number}"
        start, offset = offset, offset + len(raw) + 1
        if number == 1 and raw.startswith(UTF8_BOM):
            raw, start = raw[len(UTF8_BOM) :], start + len(UTF8_BOM)
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WatchlistFormatError(where, f"not UTF-8 (byte offset {start + exc.start})") from None
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise WatchlistFormatError(where, f"not JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise WatchlistFormatError(where, f"not a JSON object but {type(obj).__name__}")
        entity_id = obj.get("id")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise WatchlistFormatError(where, "entity has no id")
        schema_name = obj.get("schema")
        schema = model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None:
            raise WatchlistFormatError(where, f"entity {entity_id}: unknown schema {schema_name!r}")
        if not isinstance(obj.get("properties", {}), dict):
            raise WatchlistFormatError(where, f"entity {entity_id}: properties is not an object")
        if entity_id in seen:
            raise WatchlistFormatError(where, f"entity id {entity_id} already used on line {seen[entity_id]}")
        seen[entity_id] = number
        try:
            proxy = model.get_proxy(obj, cleaned=False)
        except (FollowTheMoneyException, TypeError, ValueError, AttributeError) as exc:
            raise WatchlistFormatError(where, f"entity {entity_id}: {exc}") from None
        for key in ("last_change", "last_seen"):
            found = _date_part(obj.get(key))
            if found > newest:
                newest = found
        target = _target_schema(schema)
        if target is None:
            skipped[schema.name] += 1
            if schema.is_a("Sanction"):
                for ref in proxy.get("entity"):
                    sanctions.setdefault(ref, []).append(proxy)
            continue
        kept.append((proxy, obj, target))
    if not seen:
        raise WatchlistFormatError(str(path), "no entities in the file")
    entries: list[ListEntry] = []
    for proxy, obj, target in kept:
        entry = _entry(proxy, obj, target, sanctions.get(str(proxy.id), []))
        if entry is None:
            skipped[f"{proxy.schema.name} without name"] += 1
            continue
        entries.append(entry)
    parsed = ParsedList(
        source=SOURCE,
        version=version or newest or version_from_path(path),
        file_hash=file_hash(data),
        entries=tuple(entries),
    )
    return parsed, skipped


def _target_schema(schema: Any) -> str | None:
    if schema.name in SCHEMAS:
        return str(schema.name)
    if schema.name in SCHEMA_NAMES:
        return SCHEMA_NAMES[schema.name]
    return None


def _date_part(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    match = ISO_DATE_RE.match(value.strip())
    return match.group(0) if match else ""


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def _entry(
    proxy: EntityProxy, obj: dict[str, Any], schema: str, sanctions: list[EntityProxy]
) -> ListEntry | None:
    primaries = proxy.get("name")
    caption = obj.get("caption")
    if isinstance(caption, str) and caption in primaries:
        primaries = [caption, *(n for n in primaries if n != caption)]
    names: list[ListedName] = []
    taken: set[str] = set()

    def add(values: list[str], kind: str, quality: str) -> None:
        for value in values:
            value = value.strip()
            if value and value not in taken:
                taken.add(value)
                names.append(
                    ListedName(
                        value, "original_script" if kind == "alias" and non_latin(value) else kind, quality
                    )
                )

    add(primaries[:1], "primary", "")
    add(primaries[1:], "alias", "")
    add(proxy.get("alias"), "alias", "good")
    add(proxy.get("weakAlias"), "alias", "low")
    add(proxy.get("previousName"), "former", "")
    if not any(n.kind == "primary" for n in names):
        return None

    birth_dates: list[BirthDate] = []
    for value in proxy.get("birthDate", quiet=True):
        day = _date_part(value)
        if not day:
            continue
        dob = BirthDate("year" if len(day) == 4 else "exact", date=day)
        if dob not in birth_dates:
            birth_dates.append(dob)

    nationalities = _unique([c.upper() for prop in COUNTRY_PROPS for c in proxy.get(prop, quiet=True)])
    programmes = _unique([*proxy.get("programId"), *(p for s in sanctions for p in s.get("programId"))])
    listed = sorted(
        d for s in sanctions for d in (_date_part(v) for v in s.get("listingDate") or s.get("startDate")) if d
    )
    listed_on = (
        listed[0]
        if listed
        else (_date_part(min(proxy.get("createdAt"), default="")) or _date_part(obj.get("first_seen")))
    )

    extra: dict[str, Any] = {}
    if proxy.schema.name != schema:
        extra["ftm_schema"] = proxy.schema.name
    for key in ("topics", "program", "flag"):
        values = proxy.get(key, quiet=True)
        if values:
            extra[key] = sorted(values) if key == "topics" else values
    # Not last_seen / last_change: they move with every export and would make every entry look changed.
    for key in ("datasets", "first_seen", "target"):
        if obj.get(key) not in (None, "", []):
            extra[key] = obj[key]
    return ListEntry(
        source=SOURCE,
        entry_id=str(proxy.id),
        schema=schema,
        names=tuple(names),
        birth_dates=tuple(birth_dates),
        nationalities=tuple(nationalities),
        programmes=tuple(programmes),
        listed_on=listed_on,
        remarks="\n".join(proxy.get("notes", quiet=True)),
        extra=extra,
    )
