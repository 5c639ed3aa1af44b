"""The UN Security Council Consolidated List importer on the real 2018-10-29 file, and on hostile files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from multitrack.core.screening.entries import (
    DATE_KINDS,
    NAME_KINDS,
    QUALITIES,
    BirthDate,
    ListedName,
    WatchlistFormatError,
    file_hash,
)
from multitrack.sources.watchlists import un_sc

DATA = Path(__file__).resolve().parents[1] / "data" / "sanctions"
UN_SC = DATA / "un-sc-consolidated-2018-10-29.xml"
UN_SC_SHA256 = "a24c0fe81f934cc246170032a930e20f8af6611201afe81c19d6a15b9d06a57e"


@pytest.fixture(scope="module")
def parsed():
    return un_sc.parse(UN_SC)


@pytest.fixture(scope="module")
def by_id(parsed):
    return {e.entry_id: e for e in parsed.entries}


# --- the real file ----------------------------------------------------------------------------------------


def test_counts_version_and_hash(parsed):
    assert parsed.source == "un-sc"
    assert parsed.version == "2018-10-29"
    assert parsed.file_hash == UN_SC_SHA256 == file_hash(UN_SC.read_bytes())
    schemas = [e.schema for e in parsed.entries]
    assert (schemas.count("Person"), schemas.count("Organization"), len(schemas)) == (703, 390, 1093)


def test_every_entry_is_well_formed(parsed):
    ids = [e.entry_id for e in parsed.entries]
    assert len(set(ids)) == len(ids)
    for e in parsed.entries:
        assert e.entry_id and e.entry_id == e.entry_id.strip(), e
        assert e.names and e.names[0].kind == "primary" and e.primary_name == e.names[0].name, e.entry_id
        assert all(n.name and n.name == " ".join(n.name.split()) for n in e.names), e.entry_id
        assert len({n.name.casefold() for n in e.names}) == len(e.names), e.entry_id
        assert all(n.kind in NAME_KINDS and n.quality in QUALITIES for n in e.names), e.entry_id
        assert all(b.kind in DATE_KINDS for b in e.birth_dates), e.entry_id
        assert len(e.programmes) == 1 and e.listed_on[:2] in ("19", "20"), e.entry_id
        assert "na" not in e.nationalities  # the list's "na" placeholder is not Namibia
        json.dumps(e.as_dict())  # the store keeps it as JSON
    assert {p for e in parsed.entries for p in e.programmes} >= {
        "Al-Qaida",
        "DPRK",
        "Taliban",
        "Iraq",
        "Iran",
    }


def test_individual_with_good_and_low_aliases_and_arabic_name(by_id):
    e = by_id["QDi.400"]
    assert e.schema == "Person"
    assert e.names[:2] == (
        ListedName("IYAD NAZMI SALIH KHALIL", "primary"),
        ListedName("إياد نظمي صالح خليل", "original_script"),
    )
    assert ListedName("Eyad Nazmi Saleh Khalil", "alias", "good") in e.names
    assert ListedName("Iyad al-Toubasi", "alias", "low") in e.names
    assert {n.quality for n in e.names if n.kind == "alias"} == {"good", "low"}
    assert e.birth_dates == (BirthDate("year", date="1974"),)
    assert (e.nationalities, e.programmes, e.listed_on) == (("JO",), ("Al-Qaida",), "2017-02-22")
    assert e.remarks.startswith("Leader of Al-Nusrah Front") and e.remarks == e.remarks.strip()
    assert e.extra["dataid"] == "6908576"


def test_between_birth_dates_are_all_kept(by_id):
    e = by_id["TAi.002"]
    assert e.primary_name == "MOHAMMAD HASSAN AKHUND"
    assert ListedName("محمد حسن آخوند", "original_script") in e.names
    assert e.birth_dates == (
        BirthDate("between", start="1955", end="1958"),
        BirthDate("between", start="1945", end="1950"),
    )
    assert e.extra["title"] == ["Mullah", "Haji"]
    assert "Governor of Kandahar under the Taliban regime" in e.extra["designation"]
    assert "\n" not in e.remarks and "Member of Taliban Supreme Council" in e.remarks


def test_approximate_birth_date_and_former_name(by_id):
    e = by_id["TAi.024"]
    assert e.birth_dates == (BirthDate("approximate", date="1968"),)
    assert ListedName("Abdul Ghani Baradar", "former", "good") in e.names  # note: "previously listed as"
    assert ListedName("Mullah Baradar Akhund", "alias", "good") in e.names


def test_exact_date_nationality_and_trimmed_fields(by_id):
    e = by_id["KPi.034"]  # published as "KPi.034 " with a trailing space
    assert e.primary_name == "JO YONG CHOL"
    e = by_id["KPi.033"]
    assert e.primary_name == "RI WON HO"  # FIRST_NAME " RI " + SECOND_NAME "WON HO"
    assert e.birth_dates == (BirthDate("exact", date="1964-07-17"),)
    assert (e.nationalities, e.programmes) == (("KP",), ("DPRK",))
    assert (
        e.remarks
        == "Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID."
    )
    assert e.extra["nationality_as_given"] == ["Democratic People's Republic of Korea"]


def test_the_na_placeholder_is_not_a_name(by_id):
    assert by_id["QDi.136"].primary_name == "MOKHTAR BELMOKHTAR"  # FOURTH_NAME "na"
    assert by_id["GBi.008"].primary_name == "ESTÊVÃO NA MENA"  # "NA" here is part of the name


def test_month_written_in_the_note(by_id):
    assert by_id["QDi.395"].birth_dates == (BirthDate("exact", date="1958-09"),)  # NOTE "Sep.", YEAR 1958
    assert BirthDate("between", start="1977-08", end="1977-09") in by_id["QDi.306"].birth_dates
    e = by_id["LYi.022"]  # "30-35 years old" gives no date: kept as a note, not invented
    assert e.birth_dates == ()
    assert e.extra["birth_date_notes"] == [{"type": "APPROXIMATELY", "note": "30-35 years old"}]


def test_entity_aliases_and_former_names(by_id):
    e = by_id["CDe.001"]
    assert e.schema == "Organization" and e.primary_name == "ADF"
    assert ListedName("Allied Democratic Forces", "alias", "good") in e.names  # a.k.a.
    assert ListedName("NALU", "former", "good") in e.names  # f.k.a.
    assert e.birth_dates == () and e.nationalities == ()


def test_packed_aliases_are_split_and_kept_as_published(by_id):
    e = by_id["QDi.306"]
    assert ListedName("حسن غول", "original_script", "good") in e.names
    assert ListedName("Hassan Ghul", "alias", "good") in e.names
    assert "حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)" in e.extra["aliases_as_published"]
    names = {n.name for n in by_id["QDi.309"].names}
    assert {"Abdul Rehman", "Abd Ur-Rehman", "Abdur Rahman", "Abdul Rehman Sindhi"} <= names


def test_alias_dates_of_birth_are_added(by_id):
    dates = by_id["QDi.092"].birth_dates
    assert dates[0] == BirthDate("exact", date="1969-12-18")
    assert BirthDate("exact", date="1968-05-25") in dates  # given on the alias "Fabio Fusco"


def test_country_names():
    assert un_sc.country_code("Iran (Islamic Republic of)") == "IR"
    assert un_sc.country_code("United Kingdom of Great Britain and Northern Ireland") == "GB"
    assert un_sc.country_code("Democratic Republic of the Congo") == "CD"
    assert un_sc.country_code("Bahrain (citizenship revoked in Jan. 2015)") == ""
    assert un_sc.country_code("na") == ""


def test_content_hash_is_deterministic(parsed):
    again = un_sc.parse(UN_SC)
    assert [e.content_hash() for e in again.entries] == [e.content_hash() for e in parsed.entries]
    entry = parsed.entries[0]
    assert entry.content_hash() == entry.content_hash()
    renamed = dataclasses.replace(entry, names=(ListedName("SOMEONE ELSE"), *entry.names[1:]))
    assert renamed.content_hash() != entry.content_hash()


# --- hostile and broken files -----------------------------------------------------------------------------

ENTRY = (
    "<INDIVIDUAL><DATAID>1</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>{name}</FIRST_NAME>"
    "<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>"
    "<LISTED_ON>2001-01-25</LISTED_ON><COMMENTS1/><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>"
    "<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS><INDIVIDUAL_ADDRESS/>"
    "<INDIVIDUAL_DATE_OF_BIRTH/><INDIVIDUAL_PLACE_OF_BIRTH/><INDIVIDUAL_DOCUMENT/><SORT_KEY/>"
    "<SORT_KEY_LAST_MOD/></INDIVIDUAL>"
)


def small_list(*entries: str, prolog: str = "", root: str = "CONSOLIDATED_LIST") -> str:
    body = "".join(entries) or ENTRY.format(name="JOHN DOE", ref="QDi.001")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        f'<{root} dateGenerated="2018-10-29T19:09:49.856-04:00">\n'
        f"<INDIVIDUALS>\n{body}\n</INDIVIDUALS>\n<ENTITIES/>\n</{root}>\n"
    )


def refused(path: Path) -> WatchlistFormatError:
    with pytest.raises(WatchlistFormatError) as info:
        un_sc.parse(path)
    exc = info.value
    assert path.name in str(exc), str(exc)
    # No parser exception chained on: the traceback shows only the WatchlistFormatError.
    assert exc.__cause__ is None and (exc.__context__ is None or exc.__suppress_context__)
    return exc


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_the_small_list_itself_is_accepted(tmp_path):
    parsed = un_sc.parse(write(tmp_path, "un-sc.xml", small_list()))
    assert [(e.entry_id, e.primary_name) for e in parsed.entries] == [("QDi.001", "JOHN DOE")]


def test_billion_laughs_is_refused(tmp_path):
    lols = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY lol0 "lol">{lols}]>\n'
    entry = ENTRY.format(name="&lol9;", ref="QDi.001")
    exc = refused(write(tmp_path, "laughs.xml", small_list(entry, prolog=prolog)))
    assert "DOCTYPE" in str(exc) and "laughs.xml line 2" in str(exc)


def passwd_lines() -> list[str]:
    try:
        text = Path("/etc/passwd").read_text(errors="replace")
    except OSError:
        text = ""
    return [line for line in text.splitlines() if len(line) > 8] + ["root:x:0:0", "/bin/bash", "nologin"]


@pytest.mark.parametrize(
    "prolog, name",
    [
        ('<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', "&xxe;"),
        (
            '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n',
            "JOHN DOE",
        ),
        ('<!DOCTYPE CONSOLIDATED_LIST SYSTEM "file:///etc/passwd">\n', "JOHN DOE"),
        ('<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://127.0.0.1:9/sc-sanctions.dtd">\n', "JOHN DOE"),
        ('<!DOCTYPE CONSOLIDATED_LIST PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:9/x.dtd">\n', "JOHN DOE"),
    ],
    ids=["xxe-entity", "parameter-entity", "dtd-file", "dtd-http", "dtd-public"],
)
def test_external_entities_and_dtds_are_refused(tmp_path, prolog, name):
    exc = refused(
        write(tmp_path, "xxe.xml", small_list(ENTRY.format(name=name, ref="QDi.001"), prolog=prolog))
    )
    assert "DOCTYPE" in str(exc)
    said = " ".join((str(exc), repr(exc), exc.where, exc.message, repr(exc.__context__)))
    for line in passwd_lines():
        assert line not in said


def test_truncated_file_is_refused(tmp_path):
    data = UN_SC.read_bytes()
    exc = refused(write(tmp_path, "un-sc-truncated.xml", data[: len(data) // 2]))
    assert "un-sc-truncated.xml line " in str(exc) and "truncated" in str(exc)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["empty", "blank"])
def test_empty_file_is_refused(tmp_path, content):
    assert "empty" in str(refused(write(tmp_path, "empty.xml", content)))


def test_utf16_claiming_utf8_is_refused(tmp_path):
    exc = refused(write(tmp_path, "utf16.xml", small_list().encode("utf-16")))
    assert "UTF-16" in str(exc)


def test_latin1_claiming_utf8_is_refused(tmp_path):
    content = small_list(ENTRY.format(name="JOSÉ DÍAZ", ref="QDi.001")).encode("latin-1")
    exc = refused(write(tmp_path, "latin1.xml", content))
    assert "latin1.xml line 4" in str(exc) and "not valid UTF-8" in str(exc) and "0xc9" in str(exc)


def test_wrong_root_element_is_refused(tmp_path):
    exc = refused(write(tmp_path, "other.xml", small_list(root="sdnList")))
    assert "<sdnList>" in str(exc) and "CONSOLIDATED_LIST" in str(exc)


def test_non_xml_text_is_refused(tmp_path):
    exc = refused(write(tmp_path, "list.csv", "reference,name\nQDi.001,John Doe\n"))
    assert "not an XML document" in str(exc)
    exc = refused(write(tmp_path, "junk.xml", "<CONSOLIDATED_LIST dateGenerated='2018-10-29'><a></b>"))
    assert "junk.xml line 1" in str(exc) and "mismatched tag" in str(exc)


def test_missing_date_generated_is_refused(tmp_path):
    content = small_list().replace(' dateGenerated="2018-10-29T19:09:49.856-04:00"', "")
    assert "dateGenerated" in str(refused(write(tmp_path, "nodate.xml", content)))


def test_entry_problems_name_the_entry(tmp_path):
    entries = ENTRY.format(name="A B", ref="QDi.001") + ENTRY.format(name="C D", ref="QDi.001")
    exc = refused(write(tmp_path, "dup.xml", small_list(entries)))
    assert "dup.xml INDIVIDUAL 2 (QDi.001)" in str(exc)
    exc = refused(write(tmp_path, "noname.xml", small_list(ENTRY.format(name=" ", ref="QDi.007"))))
    assert "noname.xml INDIVIDUAL 1 (QDi.007): no name" in str(exc)
    no_ref = ENTRY.format(name="A B", ref="").replace("<DATAID>1</DATAID>", "<DATAID/>")
    exc = refused(write(tmp_path, "noref.xml", small_list(no_ref)))
    assert "noref.xml INDIVIDUAL 1" in str(exc) and "REFERENCE_NUMBER" in str(exc)


def test_no_entries_is_refused(tmp_path):
    content = (
        '<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2018-10-29">'
        "<INDIVIDUALS/></CONSOLIDATED_LIST>"
    )
    assert "no INDIVIDUAL or ENTITY" in str(refused(write(tmp_path, "none.xml", content)))
