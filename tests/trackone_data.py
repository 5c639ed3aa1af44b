"""Fictional Track One records for the tests, written by the project in the published layouts (the real
files may not be shipped). The PA-X set reproduces the published figure for the January 2020 release:
62 agreements signed in 2018, 7 of them with provisions on women, girls and gender."""

from __future__ import annotations

from datetime import date

from multitrack.core.trackone import Agreement, Delegation, MediationEvent


def agreement(n: int, signed: date, gender: bool = False, **kw: object) -> Agreement:
    values: dict[str, object] = {
        "agreement_id": n, "name": f"Fictional agreement {n}", "signed": signed, "country": "Colombia",
        "process": "Colombia: FARC process", "region": "Americas", "stage": "SubPar",
        "parties": "Government; FARC-EP", "third_parties": "Norway; Cuba", "countries": ("COL",),
        "gw_codes": (100,), "ucdp_conflicts": (289,), "ucdp_agreements": (), "gender": gender,
    }  # fmt: skip
    values.update(kw)
    return Agreement(**values)  # type: ignore[arg-type]


def release_2020() -> list[Agreement]:
    """2016: 40 (4 gender), 2017: 51 (9), 2018: 62 (7), 2019: 30 (3); some in Yemen and South Sudan."""
    out, n = [], 0
    for year, count, gender in ((2016, 40, 4), (2017, 51, 9), (2018, 62, 7), (2019, 30, 3)):
        for i in range(count):
            n += 1
            where = {}
            if i % 5 == 1:
                where = {
                    "country": "Yemen",
                    "countries": ("YEM",),
                    "gw_codes": (679,),
                    "ucdp_conflicts": (230,),
                }
            elif i % 5 == 2:
                where = {
                    "country": "South Sudan",
                    "countries": ("SSD",),
                    "gw_codes": (626,),
                    "ucdp_conflicts": (),
                }
            out.append(agreement(n, date(year, 1 + i % 12, 1 + i % 28), gender=i < gender, **where))
    return out


def events() -> list[MediationEvent]:
    def event(
        eid: str, year: int, third: tuple[str, ...], country: str = "Yemen", **kw: object
    ) -> MediationEvent:
        values: dict[str, object] = {
            "event_id": eid, "country": country, "gw_code": 679 if country == "Yemen" else 100,
            "ucdp_conflict": 230 if country == "Yemen" else 289,
            "year": year, "month": 3, "day": None,
            "locations": ("Muscat", "Riyadh"), "third_parties": third,
            "local_parties": ("Houthis", "Government"),
            "agreement": False, "agreement_name": "", "pax_agreement": None, "shuttle": False, "kind": "M",
            "summary": "Talks on prisoners.\nSecond line of the summary, as published.",
        }  # fmt: skip
        values.update(kw)
        return MediationEvent(**values)  # type: ignore[arg-type]

    return [
        event("YEM-1", 2018, ("UN", "Oman", "Saudi Arabia")),
        event(
            "YEM-2", 2018, ("UN",), agreement=True, agreement_name="Stockholm Agreement", pax_agreement=2112
        ),
        event("YEM-3", 2019, ("Oman",), shuttle=True, kind="MR"),
        event("COL-1", 2019, ("Norway", "Cuba"), country="Colombia"),
        event("COL-2", 2020, (), country="Colombia", kind="I"),
    ]


def delegations() -> list[Delegation]:
    return [
        Delegation(101, "Colombia", date(2016, 11, 24), 40, 8,
                   {"signatories": (2, 0), "negotiators": (30, 6), "mediators": (4, 1),
                    "observers": (4, 1)}),
        Delegation(102, "South Sudan", date(2018, 9, 12), 60, 6,
                   {"signatories": (20, 1), "negotiators": (None, None), "mediators": (5, 0),
                    "observers": (10, 2)}),
        Delegation(103, "Yemen", None, None, None,
                   {"signatories": (2, None), "negotiators": (None, None), "mediators": (None, None),
                    "observers": (None, None)}),
    ]  # fmt: skip
