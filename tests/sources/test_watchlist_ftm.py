"""The FollowTheMoney (OpenSanctions) JSON-lines reader on a small hand-made sample and on broken lines."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from multitrack.core.screening.entries import BirthDate, ListedName, WatchlistFormatError
from multitrack.sources.watchlists import ftm

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sanctions" / "ftm" / "opensanctions-sample.ftm.json"


def person(entity_id: str = "p1", **props: list[str]) -> dict[str, object]:
    return {"id": entity_id, "schema": "Person", "properties": {"name": ["Jane Doe"], **props}}


def write(tmp_path: Path, lines: list[object], name: str = "entities.ftm.json") -> Path:
    path = tmp_path / name
    text = "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample():
    return ftm.parse_counted(SAMPLE)


@pytest.fixture(scope="module")
def by_id(sample):
    return {e.entry_id: e for e in sample[0].entries}


def test_the_sample_is_read(sample):
    parsed, skipped = sample
    assert (parsed.source, parsed.version) == ("ftm", "2024-05-01")  # the newest last_seen
    assert parsed.file_hash == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert [e.entry_id for e in parsed.entries] == [
        "ftm-person-petrov",
        "ftm-person-haddad",
        "ftm-person-kovac",
        "ftm-org-northwind",
        "ftm-company-baltic",
        "ftm-le-crescent",
        "ftm-pb-ministry",
        "ftm-vessel-amber-star",
        "ftm-airplane-ep-qxa",
    ]
    assert Counter(e.schema for e in parsed.entries) == {
        "Person": 3,
        "Organization": 2,
        "Company": 1,
        "LegalEntity": 1,
        "Vessel": 1,
        "Aircraft": 1,
    }
    assert skipped == {"Sanction": 3, "Identification": 1, "Address": 1, "Ownership": 1}
    assert ftm.parse(SAMPLE) == parsed


def test_a_person_with_a_cyrillic_alias_and_a_weak_alias(by_id):
    e = by_id["ftm-person-petrov"]
    assert e.schema == "Person"
    assert e.primary_name == "Ivan Sergeyevich Petrov"  # the caption, though listed second
    assert e.names == (
        ListedName("Ivan Sergeyevich Petrov", "primary", ""),
        ListedName("PETROV, Ivan Sergeyevich", "alias", ""),
        ListedName("Петров Иван Сергеевич", "original_script", "good"),
        ListedName("Vanya", "alias", "low"),
    )
    assert e.birth_dates == (BirthDate("exact", "1960-03-02"), BirthDate("year", "1961"))
    assert e.nationalities == ("RU", "CY")  # nationality, citizenship, country; once each
    # programId of the two Sanction entities pointing at the person; the earliest listing date.
    assert e.programmes == ("US-RUSSIA-EO14024", "EU-UKR")
    assert e.listed_on == "2022-03-11"
    assert e.extra["topics"] == ["role.oligarch", "sanction"]
    assert e.extra["datasets"] == ["us_ofac_sdn", "eu_fsf"]
    assert "last_seen" not in e.extra and "last_change" not in e.extra


def test_birth_dates_listing_dates_and_remarks(by_id):
    haddad = by_id["ftm-person-haddad"]
    assert haddad.birth_dates == (BirthDate("year", "1975"),)
    assert haddad.names[1:] == (
        ListedName("خالد حداد", "original_script", "good"),
        ListedName("Abu Yusuf", "alias", "low"),
    )
    assert (haddad.listed_on, haddad.programmes) == ("2019-08-30", ())  # createdAt before first_seen
    assert haddad.remarks == "Financier of a designated armed group."
    kovac = by_id["ftm-person-kovac"]
    assert kovac.birth_dates == (BirthDate("exact", "1958-11"),)
    assert (kovac.listed_on, kovac.nationalities) == ("2023-01-12", ("RS",))  # first_seen; country


def test_organisations_vessels_and_aircraft(by_id):
    org = by_id["ftm-org-northwind"]
    assert org.names == (
        ListedName("Northwind Volunteer Corps"),
        ListedName("Северный добровольческий корпус", "original_script", "good"),
        ListedName("NVC", "alias", "low"),
        ListedName("Northwind Security Services", "former", ""),
    )
    assert org.programmes == ("US-SDGT",)  # the entity's own programId
    company = by_id["ftm-company-baltic"]
    assert (company.schema, company.nationalities, company.listed_on) == (
        "Company",
        ("RU", "AE"),
        "2023-02-24",
    )
    public_body = by_id["ftm-pb-ministry"]
    assert (public_body.schema, public_body.extra["ftm_schema"]) == ("Organization", "PublicBody")
    vessel = by_id["ftm-vessel-amber-star"]
    assert [n.name for n in vessel.names if n.kind == "former"] == ["SEA PEARL", "PEARL I"]
    assert (vessel.programmes, vessel.listed_on) == (("US-IRAN",), "2020-11-05")  # Sanction startDate
    plane = by_id["ftm-airplane-ep-qxa"]
    assert (plane.schema, plane.primary_name, plane.extra["ftm_schema"]) == ("Aircraft", "EP-QXA", "Airplane")


def test_content_hash_is_deterministic(sample):
    again = ftm.parse(SAMPLE)
    assert [e.content_hash() for e in again.entries] == [e.content_hash() for e in sample[0].entries]
    assert len({e.content_hash() for e in again.entries}) == len(again.entries)


def test_content_hash_ignores_last_seen(tmp_path: Path):
    entity = {**person(), "last_seen": "2024-05-01T00:00:00", "first_seen": "2023-01-01T00:00:00"}
    first = ftm.parse(write(tmp_path, [entity], "a.json")).entries[0]
    second = ftm.parse(write(tmp_path, [{**entity, "last_seen": "2024-05-02T00:00:00"}], "b.json")).entries[0]
    assert first.content_hash() == second.content_hash()
    third = ftm.parse(write(tmp_path, [person(alias=["J. Doe"])], "c.json")).entries[0]
    assert third.content_hash() != first.content_hash()


def test_version_from_argument_entities_file_name_or_modification_date(tmp_path: Path):
    dated = write(tmp_path, [{**person(), "last_change": "2024-02-01T10:00:00", "last_seen": "2024-01-31"}])
    assert ftm.parse(dated).version == "2024-02-01"
    assert ftm.parse(dated, version="v7").version == "v7"
    named = write(tmp_path, [person()], name="opensanctions-2024-03-04.json")
    assert ftm.parse(named).version == "2024-03-04"
    plain = write(tmp_path, [person()], name="plain.json")
    os.utime(plain, (1717632000, 1717632000))  # 2024-06-06 00:00 UTC
    assert ftm.parse(plain).version == "2024-06-06"


def test_a_non_latin_weak_alias_is_original_script_and_low(tmp_path: Path):
    path = write(tmp_path, [person(weakAlias=["Джейн"], previousName=["Джейн Смит"])])
    assert ftm.parse(path).entries[0].names[1:] == (
        ListedName("Джейн", "original_script", "low"),
        ListedName("Джейн Смит", "former", ""),
    )


def test_values_are_checked_by_followthemoney(tmp_path: Path):
    path = write(tmp_path, [person(nationality=["Russia", "ru"], birthDate=["not a date", "1970-05-06"])])
    entry = ftm.parse(path).entries[0]
    assert entry.nationalities == ("RU",)
    assert entry.birth_dates == (BirthDate("exact", "1970-05-06"),)


def test_blank_lines_are_skipped_and_nameless_entities_counted(tmp_path: Path):
    nameless = {"id": "p2", "schema": "Person", "properties": {"birthDate": ["1970"]}}
    parsed, skipped = ftm.parse_counted(write(tmp_path, ["", person(), "   ", nameless]))
    assert [e.entry_id for e in parsed.entries] == ["p1"]
    assert skipped == {"Person without name": 1}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "schema": "Person"', r"line 2: not JSON"),
        ("[1, 2]", r"line 2: not a JSON object but list"),
        ('"Person"', r"line 2: not a JSON object but str"),
        ({"id": "x", "schema": "Robot", "properties": {}}, r"line 2: entity x: unknown schema 'Robot'"),
        ({"id": "x", "properties": {}}, r"line 2: entity x: unknown schema None"),
        ({"schema": "Person", "properties": {"name": ["A"]}}, r"line 2: entity has no id"),
        ({"id": "", "schema": "Person", "properties": {"name": ["A"]}}, r"line 2: entity has no id"),
        (
            {"id": "x", "schema": "Person", "properties": ["A"]},
            r"line 2: entity x: properties is not an object",
        ),
        ({"id": "p1", "schema": "Person", "properties": {}}, r"line 2: entity id p1 already used on line 1"),
    ],
)
def test_a_broken_line_names_its_line(tmp_path: Path, line: object, message: str):
    path = write(tmp_path, [person(), line, person("p3")])
    with pytest.raises(WatchlistFormatError, match=message) as caught:
        ftm.parse(path)
    assert caught.value.where == f"{path}, line 2"


def test_a_line_that_is_not_utf8(tmp_path: Path):
    path = tmp_path / "entities.json"
    first = json.dumps(person()).encode() + b"\n"
    data = first + b'{"id": "p2", "schema": "Person", "properties": {"name": ["J\xe9"]}}\n'
    path.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(WatchlistFormatError, match=rf"line 2: not UTF-8 \(byte offset {offset}\)"):
        ftm.parse(path)


def test_a_byte_order_mark_is_allowed(tmp_path: Path):
    path = tmp_path / "entities.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(person()).encode() + b"\n")
    assert [e.primary_name for e in ftm.parse(path).entries] == ["Jane Doe"]


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_file(tmp_path: Path, content: str):
    path = tmp_path / "entities.json"
    path.write_text(content)
    with pytest.raises(WatchlistFormatError, match="no entities"):
        ftm.parse(path)
