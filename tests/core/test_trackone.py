"""Track One records: PA-X layouts, cell checks with row and column, MEND's multi-valued cells, PADD's NA,
and the figures the landscape shows."""

from __future__ import annotations

from datetime import date

import pytest

from multitrack.core.trackone import TrackOneFormatError, figures, mend, padd, pax
from multitrack.core.trackone.records import Delegation
from multitrack.sources.trackone import header
from tests import trackone_data as data


def rows(*cells: dict[str, str]):
    return list(enumerate(cells, start=2))


def pax_row(**kw: str) -> dict[str, str]:
    row = {c: "" for c in header("pax-v6")}
    row |= {"Con": "Colombia", "AgtId": "7", "Agt": "An agreement", "Dat": "2018-05-04", "Stage": "SubPar",
            "Loc1ISO": "COL", "Loc1GWNO": "100", "UcdpCon": "289", "GeWom": "1"}  # fmt: skip
    return row | kw


def test_the_layout_is_told_apart_by_its_columns():
    assert pax.layout(header("pax-v6")) == "v6"
    assert pax.layout(header("pax-2020-01")) == "2020-01"
    assert len(header("pax-v6")) == len(header("pax-2020-01")) + 2
    with pytest.raises(TrackOneFormatError, match=r"row 1: missing column\(s\) GeWom; is this a PA-X"):
        pax.layout([c for c in header("pax-v6") if c != "GeWom"])
    with pytest.raises(TrackOneFormatError, match="MEND events file"):
        mend.check_header(header("pax-v6"))
    with pytest.raises(TrackOneFormatError, match="PADD's agreement-level file"):
        padd.check_header(header("mend"))


def test_an_agreement_reads_its_codes_and_ids():
    parsed = pax.parse(rows(pax_row(Loc2ISO="862", Loc2GWNO="101", UcdpCon="289, 409;409", UcdpAgr="NA")))
    assert parsed.problems == []
    (a,) = parsed.records
    assert (a.agreement_id, a.signed, a.gender) == (7, date(2018, 5, 4), True)
    assert a.countries == ("COL", "VEN") and a.gw_codes == (100, 101)  # ISO numeric 862 is Venezuela
    assert a.ucdp_conflicts == (289, 409) and a.ucdp_agreements == ()


def test_every_bad_cell_is_named_by_row_and_column_and_the_row_is_left_out():
    parsed = pax.parse(
        rows(
            pax_row(),
            pax_row(AgtId="7"),
            pax_row(AgtId="8", Dat="04/05/2018", Stage="Peace", GeWom="yes", Loc1ISO="XXX", UcdpCon="a9"),
            {c: "" for c in header("pax-v6")},
            pax_row(AgtId="", Agt=""),
        )
    )
    assert [str(p) for p in parsed.problems] == [
        "row 3, column AgtId: agreement 7 is also on row 2",
        "row 4, column Stage: unknown stage 'Peace'; expected one of "
        "Pre, SubPar, SubComp, Imp, Cea, Ren, Oth",
        "row 4, column Dat: expected a date as YYYY-MM-DD, got '04/05/2018'",
        "row 4, column Loc1ISO: 'XXX' is not an ISO 3166 country code",
        "row 4, column UcdpCon: expected ids (whole numbers) separated by commas, got 'a9'",
        "row 4, column GeWom: expected 0 or 1, got 'yes'",
        "row 6, column AgtId: is empty; expected a whole number",
        "row 6, column Agt: is empty",
    ]
    assert [a.agreement_id for a in parsed.records] == [7] and parsed.skipped == 1


def mend_row(**kw: str) -> dict[str, str]:
    row = {c: "" for c in header("mend")}
    row |= {"med_event_ID": "E1", "conflict_country": "Yemen", "conflict_counry_ID": "679",
            "conflict_id": "230", "Year": "2019", "Month": "3", "third_party": "UN; Oman ;UN",
            "local_parties": "Houthis;Government",
            "med_location - MULTISELECT": "Muscat; Riyadh", "agmt": "0", "shuttle": "1", "med_type": "MR",
            "Summary": "First line\nsecond line"}  # fmt: skip
    return row | kw


def test_mend_cells_hold_several_values_and_blank_rows_are_skipped():
    blank = {c: "" for c in header("mend")}
    parsed = mend.parse(rows(mend_row(), mend_row(med_event_ID="E2", Day="", Month=""), blank, blank))
    assert parsed.problems == [] and parsed.skipped == 2
    e = parsed.records[0]
    assert e.third_parties == ("UN", "Oman") and e.local_parties == ("Houthis", "Government")
    assert e.locations == ("Muscat", "Riyadh") and e.shuttle and not e.agreement
    assert (e.gw_code, e.ucdp_conflict, e.year, e.month, e.day) == (679, 230, 2019, 3, None)
    assert e.summary == "First line\nsecond line"
    bad = mend.parse(rows(mend_row(Year="", med_type="X", Month="13"), mend_row(med_event_ID="E1")))
    assert [str(p) for p in bad.problems] == [
        "row 2, column Year: is empty; expected a whole number",
        "row 2, column Month: 13 is outside 1–12",
        "row 2, column med_type: unknown type 'X'; expected one of M, MR, I",
    ]
    assert len(bad.records) == 1  # row 3 is fine: row 2 was left out, so E1 is not a repeat


def padd_row(**kw: str) -> dict[str, str]:
    row = {c: "NA" for c in header("padd")}
    row |= {"Con": "Colombia", "AgtId": "1845", "Dat": "2016-11-24", "Del_N": "40", "FemDel_N": "8",
            "Sig_N": "2", "FemSig_N": "0", "Neg_N": "30", "FemNeg_N": "6"}  # fmt: skip
    return row | kw


def test_padd_reads_na_as_unknown_and_refuses_more_women_than_delegates():
    parsed = padd.parse(rows(padd_row(), padd_row(AgtId="9", FemNeg_N="31", Dat="NA")))
    (d,) = parsed.records
    assert (d.delegates, d.women) == (40, 8)
    assert d.roles["negotiators"] == (30, 6) and d.roles["mediators"] == (None, None)
    assert [str(p) for p in parsed.problems] == ["row 3, column FemNeg_N: 31 women among 30 in Neg_N"]


def test_agreements_by_year_counts_gender_provisions_and_fills_empty_years():
    years = figures.agreements_by_year([(a.signed.year, a.gender) for a in data.release_2020()])
    assert {"year": 2018, "agreements": 62, "gender_provisions": 7} in years
    assert [y["year"] for y in years] == [2016, 2017, 2018, 2019]
    gap = figures.agreements_by_year([(2001, True), (2003, False)], first=2000)
    assert gap == [
        {"year": 2000, "agreements": 0, "gender_provisions": 0},
        {"year": 2001, "agreements": 1, "gender_provisions": 1},
        {"year": 2002, "agreements": 0, "gender_provisions": 0},
        {"year": 2003, "agreements": 1, "gender_provisions": 0},
    ]
    assert figures.agreements_by_year([]) == []


def test_mediation_counts_distinct_events_once_for_each_third_party():
    events = data.events()
    by_party = figures.mediation_counts([*events, events[0]], "third-party")  # a repeated event counts once
    assert by_party == [
        {"key": "Oman", "events": 2},
        {"key": "UN", "events": 2},
        {"key": "(none recorded)", "events": 1},
        {"key": "Cuba", "events": 1},
        {"key": "Norway", "events": 1},
        {"key": "Saudi Arabia", "events": 1},
    ]
    assert figures.mediation_counts(events, "country") == [
        {"key": "Yemen", "events": 3},
        {"key": "Colombia", "events": 2},
    ]
    assert [r["key"] for r in figures.mediation_counts(events, "year")] == [2018, 2019, 2020]
    with pytest.raises(ValueError, match="unknown grouping 'party'"):
        figures.mediation_counts(events, "party")


def test_delegate_totals_leave_out_what_is_not_known():
    totals = figures.delegate_totals(data.delegations())
    assert totals["agreements"] == 3
    assert totals["overall"] == {"agreements": 2, "delegates": 100, "women": 14, "women_share": 0.14}
    assert totals["roles"]["negotiators"] == {
        "agreements": 1, "delegates": 30, "women": 6, "women_share": 0.2
    }  # fmt: skip
    assert totals["roles"]["signatories"]["agreements"] == 2  # Yemen's 2 signatories without women's count
    empty = figures.delegate_totals([Delegation(1, "X", None, None, None, {})])
    assert empty["overall"]["women_share"] is None
