"""The OFAC SDN.CSV reader on the real 1 May 2024 file, and on broken copies of it."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

import pytest

from multitrack.core.screening.entries import BirthDate, ListedName, ParsedList, WatchlistFormatError
from multitrack.sources.watchlists import ofac_sdn

SDN = Path(__file__).resolve().parents[1] / "data" / "sanctions" / "ofac-sdn-2024-05-01.csv"
EMPTY = "-0- "


@pytest.fixture(scope="module")
def sdn() -> ParsedList:
    return ofac_sdn.parse(SDN)


@pytest.fixture(scope="module")
def by_id(sdn: ParsedList) -> dict[str, object]:
    return {e.entry_id: e for e in sdn.entries}


def row(ent_num: str, name: str, sdn_type: str = EMPTY, program: str = "SDGT", remarks: str = EMPTY) -> str:
    def quoted(value: str) -> str:
        return value if value == EMPTY else '"' + value.replace('"', '""') + '"'

    fields = [ent_num, quoted(name), quoted(sdn_type), quoted(program), *[EMPTY] * 7, quoted(remarks)]
    return ",".join(fields)


def write(tmp_path: Path, lines: list[str], name: str = "sdn-2024-06-03.csv", ctrl_z: bool = True) -> Path:
    path = tmp_path / name
    data = "".join(line + "\r\n" for line in lines).encode("cp1252")
    path.write_bytes(data + (b"\x1a" if ctrl_z else b""))
    return path


# --- the real file ---------------------------------------------------------------------------------


def test_every_row_of_the_real_file_is_an_entry(sdn: ParsedList):
    assert (sdn.source, sdn.version) == ("ofac-sdn", "2024-05-01")
    assert len(sdn.entries) == 14966
    assert len({e.entry_id for e in sdn.entries}) == 14966
    assert sdn.file_hash == hashlib.sha256(SDN.read_bytes()).hexdigest()


def test_counts_per_schema(sdn: ParsedList):
    assert Counter(e.schema for e in sdn.entries) == {
        "Organization": 6883,
        "Person": 6849,
        "Vessel": 851,
        "Aircraft": 383,
    }


def test_the_end_of_file_mark_and_the_empty_marks_are_gone(sdn: ParsedList):
    assert SDN.read_bytes().endswith(b"\r\n\x1a")
    last = sdn.entries[-1]
    assert (last.entry_id, last.primary_name) == ("48907", "UZAY GROUP DIS TICARET LIMITED SIRKETI")
    assert last.remarks.endswith("Registration Number 9855920 (Turkey).")

    def strings(value: object):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list | tuple):
            for v in value:
                yield from strings(v)

    found = [s for e in sdn.entries for s in strings(e.as_dict()) if s.strip() == "-0-" or "\x1a" in s]
    assert found == []
    assert all(e.entry_id.isdigit() and e.names and e.programmes for e in sdn.entries)


def test_an_individual_with_birth_dates_citizenship_and_weak_aliases(by_id):
    e = by_id["6925"]  # GHAILANI, Ahmed Khalfan
    assert e.schema == "Person"
    assert e.primary_name == "Ahmed Khalfan GHAILANI"
    assert e.extra["sdn_name"] == "GHAILANI, Ahmed Khalfan"
    assert e.birth_dates == (
        BirthDate("exact", "1974-03-14"),
        BirthDate("exact", "1974-04-13"),
        BirthDate("exact", "1974-04-14"),
        BirthDate("exact", "1970-08-01"),
    )
    assert e.nationalities == ("TZ",)
    assert e.programmes == ("SDGT",)
    # Remarks hold OFAC's weak aliases ("LAST, First" turned round like the primary name; doubled quotes
    # unwrapped).
    assert e.names[1:] == tuple(
        ListedName(n, "alias", "low")
        for n in ("A. AHMED", "Abu KHABAR", "Abu BAKR", "FOOPIE", "FUPI", "AHMED THE TANZANIAN")
    )
    assert e.extra["places_of_birth"] == ["Zanzibar, Tanzania"]


def test_putin(by_id):
    e = by_id["35096"]
    assert (e.schema, e.primary_name) == ("Person", "Vladimir Vladimirovich PUTIN")
    assert e.birth_dates == (BirthDate("exact", "1952-10-07"),)
    assert e.nationalities == ("RU",)  # "nationality Russia; citizen Russia", once
    assert e.programmes == ("RUSSIA-EO14024",)
    assert e.extra["title"] == "President of the Russian Federation"
    assert e.extra["gender"] == "male"


def test_birth_date_shapes(by_id):
    assert by_id["7782"].birth_dates == (BirthDate("approximate", "1951"),)  # DOB circa 1951
    assert by_id["6862"].birth_dates == (BirthDate("exact", "1938-09"),)  # DOB Sep 1938.
    # DOB circa 1979-1982; alt. DOB 1982
    assert by_id["11748"].birth_dates == (
        BirthDate("between", start="1979", end="1982"),
        BirthDate("year", "1982"),
    )
    assert by_id["11748"].nationalities == ("SO",)
    # DOB 01 Jan 1973 to 31 Dec 1973
    assert by_id["17166"].birth_dates == (BirthDate("between", start="1973-01-01", end="1973-12-31"),)


def test_every_birth_date_clause_is_read(sdn: ParsedList):
    assert not [
        e.entry_id for e in sdn.entries if "unread_birth_dates" in e.extra or "unread_aliases" in e.extra
    ]
    kinds = Counter(d.kind for e in sdn.entries for d in e.birth_dates)
    assert kinds == {"exact": 6241, "year": 1073, "between": 142, "approximate": 72}


def test_nationalities_are_iso_codes_where_unambiguous(sdn: ParsedList):
    codes = Counter(c for e in sdn.entries for c in e.nationalities)
    assert codes["RU"] > 1000 and codes["KP"] > 50 and codes["MM"] > 50
    assert {c for c in codes if len(c) != 2} == {"possibly Palestinian", "Region: Gaza"}


def test_a_vessel_with_former_names(by_id):
    e = by_id["15036"]
    assert (e.schema, e.primary_name, e.programmes) == ("Vessel", "ARTAVIL", ("IRAN",))
    assert e.names[1:] == (ListedName("ALPHA", "former", "low"),)
    assert e.extra["imo"] == "9187629"
    assert e.extra["call_sign"] == "T2EU4"
    assert e.extra["vessel_type"] == "Crude/Oil Products Tanker"
    assert e.extra["vessel_flag"] == "Iran"
    assert (e.extra["tonnage"], e.extra["gross_registered_tonnage"]) == ("99,144", "56,068")
    assert "vessel_owner" not in e.extra and "title" not in e.extra
    vessel = by_id["4243"]  # EBANO: two f.k.a.
    assert [n.name for n in vessel.names if n.kind == "former"] == ["ANA I", "SAND SWAN"]


def test_an_entity_with_former_names_and_several_programmes(by_id):
    e = by_id["12478"]
    assert (e.schema, e.primary_name) == ("Organization", "ANSAR BANK")
    assert e.programmes == ("IRAN", "SDGT", "NPWMD", "IRGC", "IFSR")
    assert [n.name for n in e.names if n.kind == "former"] == [
        "ANSAR INSTITUTE",
        "ANSAR AL-MOJAHEDIN NO-INTEREST LOAN INSTITUTE",
        "ANSAR SAVING AND INTEREST FREE-LOANS FUND",
    ]
    cartel = by_id["11440"]
    assert cartel.programmes == ("SDNTK", "ILLICIT-DRUGS-EO14059")
    assert by_id["306"].names == (ListedName("BANCO NACIONAL DE CUBA"), ListedName("BNC", "alias", "low"))
    assert by_id["41920"].names[1] == ListedName("LGOK", "alias", "low")  # n.k.a.


def test_an_aircraft(by_id):
    e = by_id["27197"]
    assert (e.schema, e.primary_name) == ("Aircraft", "RA-02791")
    assert e.programmes == ("UKRAINE-EO13661", "CYBER2", "ELECTION-EO13848")
    assert e.nationalities == ()
    assert e.extra["registration_countries"] == ["RU"]


def test_a_remark_cut_at_1000_characters_gives_no_half_name(by_id):
    e = by_id["27307"]  # LAZARUS GROUP; the remark ends "... a.k.a. 'WHOIS HACKIN"
    assert len(e.remarks) == 1000 and e.extra["remarks_truncated"] is True
    assert "WHOIS HACKIN" not in [n.name for n in e.names]
    assert ListedName("HIDDEN COBRA", "alias", "low") in e.names


def test_programmes_split():
    assert ofac_sdn.programmes("[SDGT] [IFSR]") == ("SDGT", "IFSR")
    assert ofac_sdn.programmes("SDGT] [IFSR") == ("SDGT", "IFSR")
    assert ofac_sdn.programmes("CUBA") == ("CUBA",)
    assert ofac_sdn.programmes("") == ()


def test_natural_order():
    assert ofac_sdn.natural_order("PUTIN, Vladimir Vladimirovich") == "Vladimir Vladimirovich PUTIN"
    assert (
        ofac_sdn.natural_order("DELOS REYES, Feliciano Semborio, Jr.") == "Feliciano Semborio DELOS REYES Jr."
    )
    assert ofac_sdn.natural_order("QORGAB") == "QORGAB"


def test_content_hash_is_deterministic(sdn: ParsedList):
    again = ofac_sdn.parse(SDN)
    assert [e.content_hash() for e in again.entries] == [e.content_hash() for e in sdn.entries]
    assert len({e.content_hash() for e in sdn.entries}) == 14966
    assert again.file_hash == sdn.file_hash


# --- versions ----------------------------------------------------------------------------------------


def test_version_from_argument_file_name_or_modification_date(tmp_path: Path):
    lines = [row("36", "AEROCARIBBEAN AIRLINES", program="CUBA")]
    named = write(tmp_path, lines, name="SDN-2024-06-03.CSV")
    assert ofac_sdn.parse(named).version == "2024-06-03"
    assert ofac_sdn.parse(named, version="2024-06-04").version == "2024-06-04"
    plain = write(tmp_path, lines, name="SDN.CSV")
    os.utime(plain, (1717632000, 1717632000))  # 2024-06-06 00:00 UTC
    assert ofac_sdn.parse(plain).version == "2024-06-06"


def test_windows_1252_is_decoded(tmp_path: Path):
    path = write(tmp_path, [row("1", "CAF\u00c9 \u2019NOIR\u2019", remarks="a.k.a. 'CAF\u00c9'.")])
    entry = ofac_sdn.parse(path).entries[0]
    assert entry.names == (ListedName("CAF\u00c9 \u2019NOIR\u2019"), ListedName("CAF\u00c9", "alias", "low"))


def test_a_file_without_the_end_of_file_mark_is_read_too(tmp_path: Path):
    path = write(tmp_path, [row("1", "A"), row("2", "B")], ctrl_z=False)
    assert [e.entry_id for e in ofac_sdn.parse(path).entries] == ["1", "2"]


def test_a_quoted_line_break_stays_in_its_field_and_lines_are_counted(tmp_path: Path):
    path = write(tmp_path, [row("1", "A", remarks="first\r\nsecond"), row("2", "B"), "3,broken"])
    with pytest.raises(WatchlistFormatError, match=r"line 4: expected 12 columns, found 2"):
        ofac_sdn.parse(path)


# --- broken files ------------------------------------------------------------------------------------


def test_a_row_with_too_few_columns(tmp_path: Path):
    lines = SDN.read_bytes().decode("cp1252").split("\r\n")[:5]
    lines[2] = lines[2].rsplit(",", 1)[0]  # drop Remarks from line 3
    path = write(tmp_path, lines)
    with pytest.raises(WatchlistFormatError) as caught:
        ofac_sdn.parse(path)
    assert caught.value.where == f"{path}, line 3"
    assert "expected 12 columns, found 11" in str(caught.value)


def test_a_byte_that_is_not_windows_1252(tmp_path: Path):
    good = write(tmp_path, [row("1", "A"), row("2", "B"), row("3", "C")])
    data = good.read_bytes()
    offset = data.index(b'"C"') + 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(data[:offset] + b"\x81" + data[offset + 1 :])
    with pytest.raises(WatchlistFormatError) as caught:
        ofac_sdn.parse(bad)
    assert caught.value.where == f"{bad}, line 3"
    assert f"0x81 at byte offset {offset}" in caught.value.message


@pytest.mark.parametrize("byte", [b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_the_other_undefined_bytes(tmp_path: Path, byte: bytes):
    path = tmp_path / "sdn.csv"
    path.write_bytes(
        row("1", "A").encode() + b"\r\n" + row("2", "B").encode().replace(b"B", byte) + b"\r\n\x1a"
    )
    with pytest.raises(WatchlistFormatError, match=r"line 2: byte 0x" + byte.hex().upper()):
        ofac_sdn.parse(path)


@pytest.mark.parametrize("content", [b"", b"\x1a", b"\r\n\x1a", b"\r\n\r\n"])
def test_an_empty_file(tmp_path: Path, content: bytes):
    path = tmp_path / "SDN.CSV"
    path.write_bytes(content)
    with pytest.raises(WatchlistFormatError, match="no SDN entries"):
        ofac_sdn.parse(path)


def test_a_file_cut_in_the_middle_of_a_quoted_field(tmp_path: Path):
    data = SDN.read_bytes()
    start = data.index(b"\r\n306,") + 2  # line 3, BANCO NACIONAL DE CUBA
    cut = data.index(b"'BNC'", start)
    path = tmp_path / "SDN.CSV"
    path.write_bytes(data[:cut])
    with pytest.raises(WatchlistFormatError) as caught:
        ofac_sdn.parse(path)
    assert caught.value.where == f"{path}, line 3"
    assert "unexpected end of data" in caught.value.message


def test_a_non_numeric_or_repeated_ent_num(tmp_path: Path):
    with pytest.raises(WatchlistFormatError, match=r"line 2: ent_num '12a' is not a number"):
        ofac_sdn.parse(write(tmp_path, [row("1", "A"), row("12a", "B")]))
    with pytest.raises(WatchlistFormatError, match=r"line 3: ent_num 1 already used on line 1"):
        ofac_sdn.parse(write(tmp_path, [row("1", "A"), row("2", "B"), row("1", "C")]))


def test_an_unknown_type_or_a_missing_name(tmp_path: Path):
    with pytest.raises(WatchlistFormatError, match=r"line 1: unknown SDN_Type 'robot'"):
        ofac_sdn.parse(write(tmp_path, [row("1", "A", sdn_type="robot")]))
    with pytest.raises(WatchlistFormatError, match=r"line 2: SDN_Name is empty"):
        ofac_sdn.parse(write(tmp_path, [row("1", "A"), row("2", EMPTY)]))


def test_an_end_of_file_mark_before_the_end(tmp_path: Path):
    path = tmp_path / "SDN.CSV"
    path.write_bytes(row("1", "A").encode() + b"\r\n\x1a" + row("2", "B").encode() + b"\r\n\x1a")
    with pytest.raises(WatchlistFormatError, match=r"line 2: end-of-file mark"):
        ofac_sdn.parse(path)
