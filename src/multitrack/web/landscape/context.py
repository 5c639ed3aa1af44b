"""One context's landscape: Track One agreements and mediation events, armed-conflict intensity, and this
organisation's initiatives by track and phase, over a period — for the page and the API alike.

Track One rows belong to a context when they share one of its countries (ISO alpha-3), Gleditsch–Ward
codes or UCDP conflict ids; PADD delegations through their PA-X agreement. Initiatives are those the user
may see (every role of a compartment sees titles and classifications), by the track shown on the
initiative page (an override when one is active).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from multitrack.core import vocab
from multitrack.core.countries import alpha3_for_name
from multitrack.web.registry.models import Context, Initiative

from .models import Agreement, Dataset, Delegation, MediationEvent


@dataclass
class Landscape:
    context: Context
    first: int | None
    last: int | None
    track: str  # "" for every track
    datasets: dict[str, Dataset | None]
    agreements: list[Agreement] = field(default_factory=list)
    events: list[MediationEvent] = field(default_factory=list)
    delegations: list[Delegation] = field(default_factory=list)
    conflict_years: list[dict[str, int]] = field(default_factory=list)  # {"year", "intensity", "conflicts"}
    initiatives: list[dict[str, Any]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)  # partners' cards, as shared
    coordination: Any = None  # overlaps and gaps (coordination.overlaps.Picture)

    @property
    def track_one_shown(self) -> bool:
        return self.track in ("", "1")

    def as_json(self) -> dict[str, Any]:
        return {
            "context": {"id": self.context.pk, "name": self.context.name},
            "period": {"from": self.first, "to": self.last},
            "track": self.track or None,
            "datasets": {
                kind: (
                    d.named() | {"imported_at": d.imported_at.isoformat(timespec="seconds")} if d else None
                )
                for kind, d in self.datasets.items()
            },
            "agreements": [
                {
                    "id": a.agreement_id,
                    "name": a.name,
                    "signed": a.signed.isoformat(),
                    "stage": a.stage,
                    "gender_provisions": a.gender,
                    "third_parties": a.third_parties,
                }
                for a in self.agreements
            ],
            "mediation_events": [
                {
                    "id": e.event_id,
                    "year": e.year,
                    "month": e.month,
                    "third_parties": e.third_parties,
                    "local_parties": e.local_parties,
                    "type": e.kind,
                    "agreement_reached": e.agreement,
                }
                for e in self.events
            ],
            "delegations": [
                {"agreement": d.agreement_id, "delegates": d.delegates, "women": d.women, "roles": d.roles}
                for d in self.delegations
            ],
            "armed_conflict": self.conflict_years,
            "initiatives": [
                {k: v for k, v in i.items() if k != "url"} | {"url": i["url"]} for i in self.initiatives
            ],
            "partner_initiatives": self.partners,
            "coordination": self.coordination.as_json() if self.coordination else None,
        }


def _in_period(year: int | None, first: int | None, last: int | None) -> bool:
    return year is not None and (first is None or year >= first) and (last is None or year <= last)


def _overlaps(start: date | None, end: date | None, first: int | None, last: int | None) -> bool:
    """An initiative without dates is shown whatever the period."""
    if last is not None and start is not None and start.year > last:
        return False
    return not (first is not None and end is not None and end.year < first)


def _names_match(name: str, countries: set[str]) -> bool:
    return any(alpha3_for_name(part) in countries for part in name.split("/"))


def build(context: Context, user: Any, first: int | None = None, last: int | None = None,
          track: str = "", partners: bool = True) -> Landscape:  # fmt: skip
    if track and track not in vocab.TRACKS.codes():
        raise ValueError(f"unknown track {track!r}; expected one of {', '.join(vocab.TRACKS.codes())}")
    shown = {kind: Dataset.objects.current(kind) for kind in ("pax", "mend", "padd")}
    out = Landscape(context, first, last, track, shown)
    countries, gw, ucdp = set(context.countries), set(context.gw_codes), set(context.ucdp_conflict_ids)
    if out.track_one_shown:
        if shown["pax"]:
            out.agreements = [
                a
                for a in Agreement.objects.filter(dataset=shown["pax"])
                if _in_period(a.year, first, last)
                and (countries & set(a.countries) or gw & set(a.gw_codes) or ucdp & set(a.ucdp_conflicts))
            ]
        if shown["mend"]:
            out.events = [
                e
                for e in MediationEvent.objects.filter(dataset=shown["mend"])
                if _in_period(e.year, first, last)
                and (e.gw_code in gw or e.ucdp_conflict in ucdp or _names_match(e.country, countries))
            ]
        if shown["padd"]:
            names = {a.agreement_id: a.name for a in out.agreements}
            ids = set(names)
            out.delegations = [
                d
                for d in Delegation.objects.filter(dataset=shown["padd"])
                if (d.agreement_id in ids or (not shown["pax"] and _names_match(d.country, countries)))
                and (d.signed is None or _in_period(d.signed.year, first, last))
            ]
            for d in out.delegations:  # for the template: an attribute of the row, not a field
                d.agreement_name = names.get(d.agreement_id, "")  # type: ignore[attr-defined]
    out.conflict_years = _conflict_years(context, first, last)
    visible = list(
        Initiative.objects.for_user(user)
        .filter(context=context)
        .for_classification()
        .order_by("start_date", "code")
    )  # loaded once: listed here, and compared with partners' cards
    out.initiatives = _initiatives(visible, first, last, track)
    if partners:  # partners' cards, overlaps and gaps: the context's own page, not the list of contexts
        out.partners, out.coordination = _partners(context, user, visible, first, last, track)
    return out


def _partners(
    context: Context, user: Any, visible: list[Initiative], first: int | None, last: int | None, track: str
) -> tuple[list[dict[str, Any]], Any]:
    """Partners' cards about the context (as shared, in spaces the user's organisations joined), and the
    overlaps and gaps among them and our initiatives."""
    from multitrack.web.coordination import overlaps

    picture = overlaps.for_user(context, user, visible)
    shown = []
    for offer in picture.offers:
        if offer.key.startswith("ours-") or (track and offer.track != track):
            continue
        if not _overlaps(offer.start, offer.end, first, last):
            continue
        shown.append(
            offer.as_dict() | {"track_label": vocab.TRACKS.label(offer.track) if offer.track else ""}
        )
    return shown, picture


def _conflict_years(context: Context, first: int | None, last: int | None) -> list[dict[str, int]]:
    """Per year, the highest UCDP intensity among the context's conflicts (1 minor, 2 war) and how many."""
    from multitrack.web.ucdp.models import UcdpConflictYear

    gw = set(context.gw_codes)
    rows = UcdpConflictYear.objects.only("conflict_id", "year", "intensity_level", "gwno_loc")
    if not gw:  # JSON lists of states are matched in Python, the same on SQLite and PostgreSQL
        rows = rows.filter(conflict_id__in=context.ucdp_conflict_ids)
    years: dict[int, dict[str, Any]] = {}
    for r in rows:
        linked = r.conflict_id in context.ucdp_conflict_ids or gw & set(r.gwno_loc or [])
        if not linked or not _in_period(r.year, first, last):
            continue
        entry = years.setdefault(r.year, {"year": r.year, "intensity": 0, "conflicts": set()})
        entry["intensity"] = max(entry["intensity"], r.intensity_level)
        entry["conflicts"].add(r.conflict_id)
    return [
        {"year": y["year"], "intensity": y["intensity"], "conflicts": len(y["conflicts"])}
        for y in sorted(years.values(), key=lambda y: y["year"])
    ]


def _initiatives(
    visible: list[Initiative], first: int | None, last: int | None, track: str
) -> list[dict[str, Any]]:
    out = []
    for i in visible:
        if not _overlaps(i.start_date, i.end_date, first, last):
            continue
        result = i.classification()
        override = i.active_override
        shown_track = override.track if override else (result.track or "")
        if track and shown_track != track:
            continue
        out.append(
            {
                "code": i.code,
                "title": i.title,
                "track": shown_track,
                "track_label": vocab.TRACKS.label(shown_track) if shown_track else "not determined",
                "phase": result.phase,
                "phase_label": vocab.PHASES.label(result.phase),
                "start": i.start_date.isoformat() if i.start_date else None,
                "end": i.end_date.isoformat() if i.end_date else None,
                "status": i.status,
                "url": i.get_absolute_url(),
            }
        )
    return out
