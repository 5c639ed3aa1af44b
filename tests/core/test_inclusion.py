"""Inclusion analytics on hand-made records: distinct persons per cell, intersections, role groups,
shares of presence and influence with their gap, tokenism flags, and the researchers' CSV file."""

from __future__ import annotations

import pytest

from multitrack.core import inclusion
from multitrack.core.inclusion import NOT_RECORDED, InclusionError, Record
from multitrack.core.suppression import suppress


def rec(person: str, role: str, spoke: bool = False, **values: str) -> Record:
    return Record(person, role, spoke, values)


RECORDS = [
    # Track 2: two women and three men present; one woman and two men with influence
    rec("w1", "participant", gender="woman", track="2", age="youth", initiative="A"),
    rec("w1", "participant", gender="woman", track="2", age="youth", initiative="A"),  # second event
    rec("w2", "participant", spoke=True, gender="woman", track="2", age="adult", initiative="A"),
    rec("w3", "observer", gender="woman", track="2", age="youth", initiative="A"),
    rec("m1", "participant", gender="man", track="2", age="adult", initiative="A"),
    rec("m2", "participant", gender="man", track="2", age="adult", initiative="A"),
    rec("m3", "negotiator", gender="man", track="2", age="elder", initiative="A"),
    rec("m4", "facilitator", gender="man", track="2", initiative="A"),
    # Track 1: the same man negotiates there too; a funder is neither presence nor influence
    rec("m3", "negotiator", gender="man", track="1", age="elder", initiative="B"),
    rec("w4", "participant", gender="woman", track="1", age="adult", initiative="B"),
    rec("f1", "funder", gender="woman", track="1", initiative="B"),
    rec("x1", "participant", track="1", initiative="B"),
]


def test_role_groups():
    assert [r.group for r in RECORDS[:4]] == ["presence", "presence", "influence", "presence"]
    assert rec("a", "signatory").group == "influence" and rec("a", "rapporteur").group == "other"
    assert rec("a", "insider_mediator").group == rec("a", "resource_person").group == "influence"


def test_distinct_persons_per_cell_and_not_recorded():
    table = inclusion.crosstab(RECORDS, ["gender"], ["track"], {"gender": ["woman", "man"]})
    assert table.row_labels == ("woman", "man", NOT_RECORDED) and table.col_labels == ("1", "2")
    # w1 attended twice: once; m3 is on both tracks: once in each
    assert table.counts == ((2, 3), (1, 4), (1, 0))
    single = inclusion.crosstab(RECORDS, ["gender"], [])
    assert single.row_labels == ("man", "woman", NOT_RECORDED)  # no order given: sorted
    assert single.col_labels == ("persons",) and single.counts == ((4,), (5,), (1,))


def test_intersections_are_rows_of_their_own():
    table = inclusion.crosstab(
        RECORDS, ["gender", "age"], ["role_group"], {"age": ["youth", "adult", "elder"]}
    )
    rows = dict(zip(table.row_labels, table.counts, strict=True))
    assert table.col_labels == ("influence", "other", "presence")
    assert rows["woman × youth"] == (0, 0, 2)  # w1 and w3
    assert rows["woman × adult"] == (1, 0, 1)  # w2 spoke; w4 present
    assert rows["man × elder"] == (1, 0, 0) and rows["woman × not recorded"] == (0, 1, 0)
    with pytest.raises(InclusionError, match="at least one dimension"):
        inclusion.crosstab(RECORDS, [], ["track"])


def test_shares_of_presence_and_influence_and_the_gap():
    table = inclusion.share_table(RECORDS, ["gender"], ["track"], {"gender": ["woman", "man"]})
    found = {(s.column, s.group): s for s in inclusion.shares(table)}
    women2, men2 = found[("2", "woman")], found[("2", "man")]
    assert (women2.present, women2.influential, women2.present_all, women2.influential_all) == (2, 1, 4, 3)
    # share of presence: of everyone in the room (w1, w2, w3 of seven); of influence: w2 of m3, m4, w2
    assert women2.presence_share == pytest.approx(3 / 7) and women2.influence_share == pytest.approx(1 / 3)
    assert women2.gap == pytest.approx(1 / 3 - 3 / 7)
    assert men2.gap == pytest.approx(2 / 3 - 4 / 7)
    # Track 1: the woman present has no influence share, the funder is not counted at all
    assert found[("1", "woman")].influence_share == 0 and found[("1", "woman")].present == 1
    overall = {s.group: s for s in inclusion.shares(inclusion.share_table(RECORDS, ["gender"]))}
    assert overall["woman"].column == "all" and overall["woman"].present == 3
    # suppressed counts withhold the shares that rest on them
    published = {(s.column, s.group): s for s in inclusion.shares(suppress(table, 3))}
    assert published[("2", "woman")].present is None and published[("2", "woman")].presence_share is None


def test_tokenism_flags_groups_present_without_influence():
    flags = inclusion.tokenism(RECORDS, ["gender", "age"])
    assert {(f.unit, f.group, f.present) for f in flags} == {
        ("A", "woman × youth", 2),
        ("A", "man × adult", 2),
        ("B", "woman × adult", 1),
        ("B", f"{NOT_RECORDED} × {NOT_RECORDED}", 1),
    }
    # where nobody holds influence, there is nothing to flag
    assert inclusion.tokenism([rec("a", "participant", gender="woman", initiative="C")], ["gender"]) == []


def test_the_researchers_file():
    text = (
        "\ufeffperson,gender,track,role,period,displacement,spoke\n"
        "p1,woman,2,participant,2023,displaced,yes\n"
        "p2,man,2,negotiator,2023,,\n"
        ",,,,,,\n"
    )
    records = inclusion.read_file(text, "people.csv")
    assert records == [
        Record(
            "p1",
            "participant",
            True,
            {"gender": "woman", "track": "2", "period": "2023", "displacement": "displaced"},
        ),
        Record(
            "p2", "negotiator", False, {"gender": "man", "track": "2", "period": "2023", "displacement": ""}
        ),
    ]
    assert inclusion.dimensions_of(records) == [
        "gender",
        "track",
        "period",
        "displacement",
        "role",
        "role_group",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("person,gender,role\np,woman,participant\n", "people.csv: the header lacks track, period"),
        ("person,gender,track,role,period,gender\n", "people.csv: column gender appears more than once"),
        (
            "person,gender,track,role,period\np1,woman,2,chair,2023\n",
            "people.csv, row 2, field role: unknown code 'chair'; expected one of: convener",
        ),
        (
            "person,gender,track,role,period\n,woman,2,participant,2023\n",
            "people.csv, row 2, field person: empty",
        ),
        (
            "person,gender,track,role,period,spoke\np,woman,2,participant,2023,often\n",
            "people.csv, row 2, field spoke: 'often' is not yes or no",
        ),
        (
            "person,gender,track,role,period\np,woman,2,participant,2023,extra\n",
            "people.csv, row 2: more values",
        ),
    ],
)
def test_bad_files_name_the_row_and_field(text: str, message: str):
    with pytest.raises(InclusionError) as caught:
        inclusion.read_file(text, "people.csv")
    assert str(caught.value).startswith(message)
