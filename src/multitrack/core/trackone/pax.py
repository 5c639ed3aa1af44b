"""PA-X peace agreements, in the January 2020 release's layout or version 6's (told apart by columns).

Version 6 added two columns, `Ver` (the agreement text's version) and `Interim`; nothing else used here
changed meaning. A file's layout is its dataset version unless the importer is told a later one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .records import Agreement, Parsed, data_rows, missing_columns, require_columns

STAGES = {
    "Pre": "pre-negotiation / process",
    "SubPar": "framework — substantive, partial",
    "SubComp": "framework — substantive, comprehensive",
    "Imp": "implementation / renegotiation",
    "Cea": "ceasefire / related",
    "Ren": "renewal",
    "Oth": "other",
}
COLUMNS = (
    "Con", "PPName", "Reg", "AgtId", "Agt", "Dat", "Stage", "Part", "ThrdPart", "Loc1ISO", "Loc2ISO",
    "Loc1GWNO", "Loc2GWNO", "UcdpCon", "UcdpAgr", "GeWom",
)  # fmt: skip
V6_ONLY = ("Ver", "Interim")
LAYOUTS = {"2020-01": "January 2020 release", "v6": "version 6"}


def layout(header: list[str]) -> str:
    """ "v6" or "2020-01", from the columns; a header without PA-X's columns is refused."""
    require_columns(header, COLUMNS, "a PA-X agreements file")
    return "v6" if not missing_columns(header, V6_ONLY) else "2020-01"


def parse(rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed[Agreement]:
    out: Parsed[Agreement] = Parsed()
    seen: dict[int, int] = {}
    for cells in data_rows(rows, out):
        number = cells.number
        before = len(out.problems)
        agreement_id = cells.integer("AgtId", required=True, low=1)
        if agreement_id is not None and agreement_id in seen:
            cells.fail("AgtId", f"agreement {agreement_id} is also on row {seen[agreement_id]}")
        stage = cells.required("Stage")
        if stage and stage not in STAGES:
            cells.fail("Stage", f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
        signed = cells.day("Dat")
        countries = tuple(c for c in (cells.country("Loc1ISO"), cells.country("Loc2ISO")) if c)
        gw = tuple(g for g in (cells.integer("Loc1GWNO"), cells.integer("Loc2GWNO")) if g is not None)
        name, country = cells.required("Agt"), cells.required("Con")
        ucdp_conflicts, ucdp_agreements = cells.ids("UcdpCon"), cells.ids("UcdpAgr")
        gender = cells.flag("GeWom")
        if len(out.problems) > before or agreement_id is None or signed is None:
            continue
        seen[agreement_id] = number
        out.records.append(
            Agreement(
                agreement_id=agreement_id,
                name=name,
                signed=signed,
                country=country,
                process=cells.text("PPName"),
                region=cells.text("Reg"),
                stage=stage,
                parties=cells.text("Part"),
                third_parties=cells.text("ThrdPart"),
                countries=tuple(dict.fromkeys(countries)),
                gw_codes=tuple(dict.fromkeys(gw)),
                ucdp_conflicts=ucdp_conflicts,
                ucdp_agreements=ucdp_agreements,
                gender=gender,
            )
        )
    return out
