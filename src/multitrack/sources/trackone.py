"""Reading the Track One datasets' files (PA-X, MEND, PADD) as published, and writing files in their layouts.

A file is read whole and checked before anything is written: its encoding (UTF-8, with or without the
byte-order mark the publishers add), its header (the dataset's columns; PA-X's tells its layout), then
every row. Problems are collected, each with its row and column, and the file is refused with all of them
(the first `SHOWN`, then a count). Rows are numbered as a spreadsheet shows them: the header is row 1, and a
quoted summary with line breaks is still one row. Blank rows (only separators) are skipped and counted.

The licences forbid shipping the data, so `write_pax`, `write_mend` and `write_padd` write files in the
published layouts (every column, with the header shipped in `data/landscape/`) for the demo and the tests.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from multitrack.core.trackone import (
    Agreement,
    Delegation,
    MediationEvent,
    TrackOneFormatError,
    mend,
    padd,
    pax,
)
from multitrack.core.trackone.records import ROLES, Problem

KINDS = ("pax", "mend", "padd")
SHOWN = 50
HEADERS = {
    "pax-2020-01": "pax-2020-01-header.csv",
    "pax-v6": "pax-v6-header.csv",
    "mend": "mend-events-header.csv",
    "padd": "padd-agreement-level-header.csv",
}


class TrackOneImportError(ValueError):
    """The file could not be read as the dataset; `problems` lists what was wrong, one line each."""

    def __init__(self, path: Path, problems: Sequence[Problem | str]) -> None:
        self.problems = [str(p) for p in problems]
        shown = self.problems[:SHOWN]
        more = len(self.problems) - len(shown)
        lines = [f"{path.name}: {p}" for p in shown] + ([f"… and {more} more"] if more > 0 else [])
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Loaded:
    """A dataset file, read and checked: its records and what identifies the file."""

    kind: str
    layout: str  # "2020-01" or "v6" for PA-X; the kind otherwise
    records: list[Any]  # Agreement, MediationEvent or Delegation
    skipped: int  # blank rows
    sha256: str
    file_name: str


def _rows(
    reader: csv.DictReader[str], extra: list[Problem], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: cell}); a row with more cells than the header is noted in `extra`."""
    for number, row in enumerate(reader, start=2):
        cells = row.pop(None, None)
        if cells and any(c.strip() for c in cells):
            extra.append(Problem(number, "", f"{len(cells)} cell(s) more than the header's columns"))
        yield number, row
        if progress and number % 1000 == 0:
            progress(1000)


def read(kind: str, path: Path, progress: Callable[[int], None] | None = None) -> Loaded:
    """Read and check a whole file of `kind` ("pax", "mend" or "padd"); TrackOneImportError if anything
    is wrong, with every problem found."""
    if kind not in KINDS:
        raise ValueError(f"unknown dataset {kind!r}; expected one of {', '.join(KINDS)}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TrackOneImportError(path, ["no such file"]) from None
    except IsADirectoryError:
        raise TrackOneImportError(path, ["is a folder, not a file"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TrackOneImportError(path, [f"not UTF-8 text (byte {exc.start})"]) from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        if not header:
            raise TrackOneImportError(path, ["the file is empty"])
        reader.fieldnames = header
        extra: list[Problem] = []
        layout = kind
        if kind == "pax":
            layout = pax.layout(header)
            parsed: Any = pax.parse(_rows(reader, extra, progress))
        elif kind == "mend":
            mend.check_header(header)
            parsed = mend.parse(_rows(reader, extra, progress))
        else:
            padd.check_header(header)
            parsed = padd.parse(_rows(reader, extra, progress))
    except TrackOneFormatError as exc:
        raise TrackOneImportError(path, [str(exc)]) from None
    except csv.Error as exc:
        raise TrackOneImportError(path, [f"not a readable CSV file ({exc})"]) from None
    found: list[Problem] = sorted([*parsed.problems, *extra], key=lambda p: p.row)
    problems: list[Problem | str] = list(found)
    if not parsed.records and not problems:
        problems.append("the file has no data rows")
    if problems:
        raise TrackOneImportError(path, problems)
    return Loaded(kind, layout, parsed.records, parsed.skipped, hashlib.sha256(raw).hexdigest(), path.name)


def count_rows(path: Path) -> int | None:
    """Data rows in the file, for a progress bar (None if it cannot be read)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return max(sum(1 for _ in csv.reader(fh)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


# ---------------------------------------------------------------------------------------------------
# Writing files in the published layouts (demo and tests)


def header(name: str) -> list[str]:
    """The published header of `name` (a key of HEADERS)."""
    text = (
        resources.files("multitrack.sources.data")
        .joinpath("landscape")
        .joinpath(HEADERS[name])
        .read_text("utf-8-sig")
    )
    return next(csv.reader([text.splitlines()[0]]))


def _write(path: Path, columns: list[str], rows: Iterable[Mapping[str, object]], blank_rows: int = 0) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # the publishers' files start with a BOM
        writer = csv.DictWriter(fh, fieldnames=columns, restval="0")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        for _ in range(blank_rows):
            fh.write("," * (len(columns) - 1) + "\r\n")
    return path


def write_pax(path: Path, agreements: Iterable[Agreement], layout: str = "v6") -> Path:
    """A PA-X file of `agreements` in the January 2020 ("2020-01") or version 6 ("v6") layout; the
    provision columns not modelled here read 0."""
    if layout not in pax.LAYOUTS:
        raise ValueError(f"unknown PA-X layout {layout!r}")
    rows = []
    for a in agreements:
        row: dict[str, object] = {
            "Con": a.country, "Contp": "Intrastate", "PP": a.agreement_id, "PPName": a.process,
            "Reg": a.region, "AgtId": a.agreement_id, "Agt": a.name, "Dat": a.signed.isoformat(),
            "Status": "Multiparty signed/agreed", "Lgt": 1, "N_characters": 1000, "Agtp": "Intra",
            "Stage": a.stage, "StageSub": "", "Part": a.parties, "ThrdPart": a.third_parties, "OthAgr": "",
            "Loc1ISO": _nth(a.countries, 0), "Loc2ISO": _nth(a.countries, 1),
            "Loc1GWNO": _nth(a.gw_codes, 0), "Loc2GWNO": _nth(a.gw_codes, 1),
            "UcdpCon": _ids(a.ucdp_conflicts), "UcdpAgr": _ids(a.ucdp_agreements),
            "PamAgr": "", "CowWar": "", "GeWom": int(a.gender),
        }  # fmt: skip
        if layout == "v6":
            row |= {"Ver": 1, "Interim": 0}
        rows.append(row)
    return _write(path, header(f"pax-{layout}"), rows)


def write_mend(path: Path, events: Iterable[MediationEvent], blank_rows: int = 3) -> Path:
    """A MEND events file of `events`, ending with `blank_rows` rows of only commas, as published."""
    rows = [
        {
            "med_event_ID": e.event_id,
            "conflict_country": e.country,
            "conflict_counry_ID": e.gw_code,
            "conflict_id": e.ucdp_conflict,
            "med_location - MULTISELECT": "; ".join(e.locations),
            "med_loc_cty": "",
            "med_loc_x": "",
            "med_loc_y": "",
            "Day": e.day,
            "Month": e.month,
            "Year": e.year,
            "third_party": "; ".join(e.third_parties),
            "third_party_id_GLOPAD": "",
            "third_party_id": "",
            "third_party_id_PAX": "",
            "num_med": len(e.third_parties),
            "individual_med_named": "",
            "groupings_mechanisms": "",
            "local_parties": "; ".join(e.local_parties),
            "local_party_id": "",
            "local_indiv_group": "",
            "num_local": len(e.local_parties),
            "if_loc_belig": "",
            "agmt": int(e.agreement),
            "agmt_name": e.agreement_name,
            "agmt_id_PAX": e.pax_agreement,
            "Summary": e.summary,
            "source_urls": "",
            "shuttle": int(e.shuttle),
            "med_type": e.kind,
        }
        for e in events
    ]
    return _write(path, header("mend"), rows, blank_rows)


def write_padd(path: Path, delegations: Iterable[Delegation]) -> Path:
    """A PADD agreement-level file of `delegations` (None written as NA); other columns read NA."""
    columns = header("padd")
    rows = []
    for d in delegations:
        row: dict[str, object] = {c: "NA" for c in columns}
        row |= {"Con": d.country, "AgtId": d.agreement_id, "Dat": d.signed.isoformat() if d.signed else "NA"}
        row |= {"Del_N": _na(d.delegates), "FemDel_N": _na(d.women)}
        for role in ROLES:
            n_col, w_col = padd.ROLE_COLUMNS[role]
            n, w = d.roles.get(role, (None, None))
            row |= {n_col: _na(n), w_col: _na(w)}
        rows.append(row)
    return _write(path, columns, rows)


def _nth(values: Sequence[object], n: int) -> object:
    return values[n] if len(values) > n else ""


def _ids(values: Iterable[int]) -> str:
    return ", ".join(map(str, values))


def _na(value: int | None) -> object:
    return "NA" if value is None else value
