"""MEND mediation events: one row per event, several third parties, local parties and places a cell.

The published file has cells holding several values separated by ";", long summaries with line breaks
(quoted, so still one row) and ends with blank rows (only commas), which are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .records import MediationEvent, Parsed, data_rows, require_columns

LOCATIONS = "med_location - MULTISELECT"
KINDS = {"M": "mediation", "MR": "mediation-related", "I": "informal"}
COLUMNS = (
    "med_event_ID", "conflict_country", "conflict_counry_ID", "conflict_id", LOCATIONS, "Day", "Month",
    "Year", "third_party", "local_parties", "agmt", "agmt_name", "agmt_id_PAX", "Summary", "shuttle",
    "med_type",
)  # fmt: skip


def check_header(header: list[str]) -> None:
    require_columns(header, COLUMNS, "a MEND events file")


def parse(rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed[MediationEvent]:
    out: Parsed[MediationEvent] = Parsed()
    seen: dict[str, int] = {}
    for cells in data_rows(rows, out):
        number = cells.number
        before = len(out.problems)
        event_id = cells.required("med_event_ID")
        if event_id in seen:
            cells.fail("med_event_ID", f"event {event_id} is also on row {seen[event_id]}")
        year = cells.integer("Year", required=True, low=1900, high=2100)
        month = cells.integer("Month", low=1, high=12)
        day = cells.integer("Day", low=1, high=31)
        kind = cells.text("med_type")
        if kind not in KINDS:
            cells.fail("med_type", f"unknown type {kind!r}; expected one of {', '.join(KINDS)}")
        country, gw_code = cells.required("conflict_country"), cells.integer("conflict_counry_ID")
        ucdp_conflict, pax_agreement = cells.integer("conflict_id"), cells.integer("agmt_id_PAX", low=1)
        agreement, shuttle = cells.flag("agmt"), cells.flag("shuttle")
        if len(out.problems) > before or year is None:
            continue
        seen[event_id] = number
        out.records.append(
            MediationEvent(
                event_id=event_id,
                country=country,
                gw_code=gw_code,
                ucdp_conflict=ucdp_conflict,
                year=year,
                month=month,
                day=day,
                locations=cells.many(LOCATIONS),
                third_parties=cells.many("third_party"),
                local_parties=cells.many("local_parties"),
                agreement=agreement,
                agreement_name=cells.text("agmt_name"),
                pax_agreement=pax_agreement,
                shuttle=shuttle,
                kind=kind,
                summary=cells.text("Summary"),
            )
        )
    return out
