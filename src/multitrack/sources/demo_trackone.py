"""Fictional Track One data for the demo, written in the published layouts of PA-X (version 6), MEND and
PADD: the real files may not be shipped, and the demo's states are fictional. Veloria and Castrane carry
the made-up Gleditsch–Ward numbers 1001 and 1002 (real ones stop below 1000), which link these rows to the
demo's two contexts. The third parties named here are not the demo's actors: Track One data are public and
kept in clear, while the demo's actors' names are encrypted (tests/web/test_at_rest.py checks both)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from multitrack.core.trackone import Agreement, Delegation, MediationEvent

from . import trackone

VELORIA, CASTRANE = 1001, 1002
PROCESS = "Veloria: Northern Highlands process"
MEDIATOR = "Meridian States Mediation Panel"


def _agreement(n: int, signed: date, name: str, stage: str, gender: bool, border: bool = False) -> Agreement:
    return Agreement(
        agreement_id=9000 + n, name=name, signed=signed,
        country="Veloria/Castrane" if border else "Veloria",
        process="Veloria–Castrane border talks" if border else PROCESS, region="Fictional",
        stage=stage, parties="Government of Veloria; Tarnveld Highland Liberation Movement"
        if not border else "Government of Veloria; Government of Castrane",
        third_parties=MEDIATOR, countries=(), gw_codes=(VELORIA, CASTRANE) if border else (VELORIA,),
        ucdp_conflicts=(), ucdp_agreements=(), gender=gender,
    )  # fmt: skip


AGREEMENTS = (
    _agreement(1, date(2016, 2, 11), "Marivel Declaration of Principles", "Pre", False),
    _agreement(
        2, date(2017, 8, 3), "Agreement on Humanitarian Access to the Northern Highlands", "SubPar", False
    ),
    _agreement(3, date(2018, 4, 19), "Protocol on the Exchange of Detainees", "Imp", False),
    _agreement(4, date(2019, 11, 28), "Highlands Water Sharing Framework", "SubPar", True),
    _agreement(5, date(2020, 3, 2), "Ceasefire and Security Arrangements Agreement", "Cea", False),
    _agreement(6, date(2020, 9, 14), "Renewal of the Ceasefire", "Ren", False),
    _agreement(7, date(2021, 6, 30), "Agreement on Language Rights and Local Government", "SubPar", True),
    _agreement(8, date(2023, 5, 9), "Comprehensive Agreement for the Northern Highlands", "SubComp", True),
    _agreement(9, date(2024, 2, 20), "Implementation Modalities of the Comprehensive Agreement", "Imp", True),
    _agreement(10, date(2019, 7, 4), "Border Corridor Grazing Routes Memorandum", "SubPar", False, True),
    _agreement(11, date(2022, 10, 12), "Joint Market Access Arrangement", "Imp", True, True),
)


def _event(
    n: int, year: int, month: int, third: tuple[str, ...], border: bool = False, **kw: object
) -> MediationEvent:
    values: dict[str, object] = {
        "event_id": f"VEL-{n:03d}", "country": "Veloria", "gw_code": VELORIA, "ucdp_conflict": None,
        "year": year, "month": month, "day": None,
        "locations": ("Tessaly",) if not border else ("Castra", "Marivel"), "third_parties": third,
        "local_parties": ("Government of Veloria", "Government of Castrane")
        if border else ("Government of Veloria", "Tarnveld Highland Liberation Movement"),
        "agreement": False, "agreement_name": "", "pax_agreement": None, "shuttle": False, "kind": "M",
        "summary": "Fictional demo event.\nTalks continued on the agenda agreed at the previous round.",
    }  # fmt: skip
    values.update(kw)
    return MediationEvent(**values)  # type: ignore[arg-type]  # the event's fields by name, of mixed types


EVENTS = (
    _event(1, 2018, 3, (MEDIATOR,)),
    _event(2, 2018, 4, (MEDIATOR, "Tessaly Peace Forum"), agreement=True,
           agreement_name="Protocol on the Exchange of Detainees", pax_agreement=9003),
    _event(3, 2018, 10, ("Tessaly Peace Forum",), kind="MR"),
    _event(4, 2019, 2, (MEDIATOR,), shuttle=True),
    _event(5, 2019, 11, (MEDIATOR, "United Nations"), agreement=True,
           agreement_name="Highlands Water Sharing Framework", pax_agreement=9004),
    _event(6, 2019, 6, (MEDIATOR,), border=True, agreement=True,
           agreement_name="Border Corridor Grazing Routes Memorandum", pax_agreement=9010),
    _event(7, 2020, 2, (MEDIATOR, "United Nations")),
    _event(8, 2020, 9, (MEDIATOR,), shuttle=True, kind="MR"),
    _event(9, 2021, 5, (MEDIATOR, "Interfaith Mediators' Network"), kind="I"),
    _event(10, 2021, 6, (MEDIATOR,), agreement=True,
           agreement_name="Agreement on Language Rights and Local Government", pax_agreement=9007),
    _event(11, 2022, 3, (MEDIATOR, "United Nations")),
    _event(12, 2022, 10, ("Castrane Ministry of Trade",), border=True, kind="MR"),
    _event(13, 2023, 1, (MEDIATOR,), shuttle=True),
    _event(14, 2023, 5, (MEDIATOR, "United Nations"), agreement=True,
           agreement_name="Comprehensive Agreement for the Northern Highlands", pax_agreement=9008),
    _event(15, 2024, 2, (MEDIATOR,), kind="MR"),
)  # fmt: skip

DELEGATIONS = (
    Delegation(9008, "Veloria", date(2023, 5, 9), 46, 7,
               {"signatories": (4, 0), "negotiators": (30, 5), "mediators": (6, 2), "observers": (6, 0)}),
    Delegation(9004, "Veloria", date(2019, 11, 28), 28, 3,
               {"signatories": (2, 0), "negotiators": (20, 3), "mediators": (4, 0),
                "observers": (None, None)}),
)  # fmt: skip


def write(folder: Path) -> dict[str, Path]:
    """The three demo files in `folder`, by dataset."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "pax": trackone.write_pax(folder / "demo-pax-v6.csv", AGREEMENTS, "v6"),
        "mend": trackone.write_mend(folder / "demo-mend-events.csv", EVENTS),
        "padd": trackone.write_padd(folder / "demo-padd-agreement-level.csv", DELEGATIONS),
    }
