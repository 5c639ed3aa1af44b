"""Reading PA-X, MEND and PADD files as published: byte-order mark, quoted line breaks, blank trailing rows,
and refusals that name the file, the row and the column."""

from __future__ import annotations

import csv

import pytest

from multitrack.sources import trackone
from tests import trackone_data as data


@pytest.mark.parametrize("layout", ["2020-01", "v6"])
def test_a_pax_file_written_in_either_layout_reads_back(tmp_path, layout):
    path = trackone.write_pax(tmp_path / "pax.csv", data.release_2020(), layout)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # as the publishers write it
    loaded = trackone.read("pax", path)
    assert loaded.layout == layout and loaded.records == data.release_2020()
    assert loaded.file_name == "pax.csv" and len(loaded.sha256) == 64 and loaded.skipped == 0


def test_a_mend_file_with_line_breaks_and_blank_trailing_rows(tmp_path):
    path = trackone.write_mend(tmp_path / "mend.csv", data.events(), blank_rows=4)
    assert path.read_text("utf-8-sig").rstrip("\r\n").endswith(",,,,")
    loaded = trackone.read("mend", path)
    assert loaded.records == data.events() and loaded.skipped == 4
    # rows are numbered as a spreadsheet shows them: a summary with a line break is still one row
    text = path.read_text("utf-8-sig").replace("YEM-3", "")
    path.write_text(text, "utf-8")
    with pytest.raises(trackone.TrackOneImportError) as refused:
        trackone.read("mend", path)
    assert str(refused.value) == "mend.csv: row 4, column med_event_ID: is empty"


def test_a_padd_file_writes_and_reads_na(tmp_path):
    path = trackone.write_padd(tmp_path / "padd.csv", data.delegations())
    assert "NA" in path.read_text("utf-8-sig")
    assert trackone.read("padd", path).records == data.delegations()


def test_files_that_are_not_the_dataset_are_refused_with_one_line(tmp_path):
    pax = trackone.write_pax(tmp_path / "pax.csv", data.release_2020()[:3])
    with pytest.raises(trackone.TrackOneImportError, match=r"pax.csv: row 1: missing column\(s\) .*MEND"):
        trackone.read("mend", pax)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Con,AgtId\nCôte d'Ivoire,1\n".encode("latin-1"))
    with pytest.raises(trackone.TrackOneImportError, match=r"latin.csv: not UTF-8 text \(byte 11\)"):
        trackone.read("pax", latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(trackone.TrackOneImportError, match=r"empty\.csv: the file is empty"):
        trackone.read("padd", empty)
    with pytest.raises(trackone.TrackOneImportError, match=r"missing\.csv: no such file"):
        trackone.read("pax", tmp_path / "missing.csv")
    only_header = trackone.write_padd(tmp_path / "header.csv", [])
    with pytest.raises(trackone.TrackOneImportError, match=r"header\.csv: the file has no data rows"):
        trackone.read("padd", only_header)


def test_every_problem_is_listed_up_to_fifty_then_counted(tmp_path):
    path = trackone.write_pax(tmp_path / "pax.csv", data.release_2020())
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    stage = rows[0].index("Stage")
    for row in rows[1:61]:
        row[stage] = "Peace"
    rows[61].append("an extra cell")
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(trackone.TrackOneImportError) as refused:
        trackone.read("pax", path)
    lines = str(refused.value).splitlines()
    assert len(refused.value.problems) == 61 and len(lines) == 51
    assert lines[0].startswith("pax.csv: row 2, column Stage: unknown stage 'Peace'")
    assert lines[-1] == "… and 11 more"
    assert refused.value.problems[-1] == "row 62: 1 cell(s) more than the header's columns"
