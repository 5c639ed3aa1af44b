from __future__ import annotations

import pytest

from multitrack.core.ucdp import UcdpFormatError, acd_rows, yearly


def test_yearly_fills_empty_years_and_counts_each_conflict_once():
    rows = [(1, 2000, 1, 3), (1, 2000, 1, 3), (2, 2000, 2, 2), (1, 2002, 2, 4)]
    out = yearly(rows, first=2000, last=2002)
    assert [(y["year"], y["conflicts"], y["wars"]) for y in out] == [(2000, 2, 1), (2001, 0, 0), (2002, 1, 1)]
    assert out[0]["by_type"] == {"extrasystemic": 0, "interstate": 1, "intrastate": 1,
                                 "internationalized_intrastate": 0}  # fmt: skip
    assert yearly([]) == []


def test_a_short_row_names_its_row():
    row = {"conflict_id": "1", "year": None}
    with pytest.raises(UcdpFormatError, match=r"^row 2: wrong number of fields"):
        list(acd_rows([row]))
