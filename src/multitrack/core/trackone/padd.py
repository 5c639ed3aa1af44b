"""PADD: the delegates at each comprehensive agreement's table, by gender and role (`NA` = not known).

`AgtId` is the agreement's PA-X id. A role's count of women can only be known with the role's count, and
cannot exceed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .records import ROLES, Cells, Delegation, Parsed, data_rows, require_columns

ROLE_COLUMNS = {
    "signatories": ("Sig_N", "FemSig_N"),
    "negotiators": ("Neg_N", "FemNeg_N"),
    "mediators": ("Med_N", "FemMed_N"),
    "observers": ("Ob_N", "FemOb_N"),
}
COLUMNS = ("Con", "AgtId", "Dat", "Del_N", "FemDel_N", *(c for pair in ROLE_COLUMNS.values() for c in pair))


def check_header(header: list[str]) -> None:
    require_columns(header, COLUMNS, "PADD's agreement-level file")


def _pair(cells: Cells, total: str, women: str) -> tuple[int | None, int | None]:
    n, w = cells.integer(total), cells.integer(women)
    if n is not None and w is not None and w > n:
        cells.fail(women, f"{w} women among {n} in {total}")
    return n, w


def parse(rows: Iterable[tuple[int, Mapping[str, str]]]) -> Parsed[Delegation]:
    out: Parsed[Delegation] = Parsed()
    seen: dict[int, int] = {}
    for cells in data_rows(rows, out):
        number = cells.number
        before = len(out.problems)
        agreement_id = cells.integer("AgtId", required=True, low=1)
        if agreement_id is not None and agreement_id in seen:
            cells.fail("AgtId", f"agreement {agreement_id} is also on row {seen[agreement_id]}")
        delegates, women = _pair(cells, "Del_N", "FemDel_N")
        roles = {role: _pair(cells, *ROLE_COLUMNS[role]) for role in ROLES}
        country, signed = cells.required("Con"), cells.day("Dat", required=False)
        if len(out.problems) > before or agreement_id is None:
            continue
        seen[agreement_id] = number
        out.records.append(Delegation(agreement_id, country, signed, delegates, women, roles))
    return out
