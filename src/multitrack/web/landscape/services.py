"""Track One data in one place for the command line, the API and the pages: imports and figures.

An import reads and checks the whole file first (sources.trackone), then writes its rows in one
transaction. A version is imported once: the same file again changes nothing; another file under a version
already held replaces that version's rows. The version imported last is the one shown, unless a figure asks
for another (`version=`). Every import that writes is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Manager, QuerySet
from django.utils import timezone

from multitrack.core.inclusion import ReferenceLine
from multitrack.core.trackone import DATASETS, figures
from multitrack.sources import trackone
from multitrack.web.audit.log import record

from .models import Agreement, Dataset, Delegation, MediationEvent

BATCH = 1000
NAMES = {"pax": "PA-X", "mend": "MEND", "padd": "PADD"}
NOUNS = {"pax": "agreements", "mend": "mediation events", "padd": "delegations"}
HINT = {"pax": "import pax FILE.csv", "mend": "import mend FILE.csv", "padd": "import padd FILE.csv"}


class LandscapeError(ValueError):
    """A figure cannot be given: no data of the dataset, or no such version."""


@dataclass(frozen=True)
class ImportReport:
    kind: str
    version: str
    layout: str
    rows: int
    skipped: int
    outcome: str  # "added", "replaced" or "unchanged"

    def __str__(self) -> str:
        blank = f" ({self.skipped} blank row{'s' * (self.skipped != 1)} skipped)" if self.skipped else ""
        layout = f", {self.layout} layout" if self.kind == "pax" else ""
        what = {
            "added": "imported; shown from now on",
            "replaced": "imported again from a changed file: this version's rows were replaced",
            "unchanged": "already imported from this very file: nothing changed",
        }[self.outcome]
        rows = f"{self.rows:,} {NOUNS[self.kind]}"
        return f"{NAMES[self.kind]} version {self.version}{layout}: {rows} {what}{blank}"


def default_version(loaded: trackone.Loaded) -> str:
    """PA-X: its layout ("2020-01" or "v6"). MEND and PADD carry no version: the years their rows span
    and how many rows, so that a newer release is a new version and the same file is the same one."""
    if loaded.kind == "pax":
        return loaded.layout
    years = [r.year if loaded.kind == "mend" else r.signed.year for r in loaded.records if _year(r)]
    span = f"{min(years)}–{max(years)}" if years else "undated"
    return f"{span}, {len(loaded.records)} {NOUNS[loaded.kind].split()[-1]}"


def _year(r: Any) -> bool:
    return getattr(r, "year", None) is not None or getattr(r, "signed", None) is not None


def check_version(version: str) -> str:
    if not version.isprintable() or not 1 <= len(version.strip()) <= 40:
        raise LandscapeError("a version is 1 to 40 printable characters, e.g. v6 or 2020-01")
    return version.strip()


def import_file(
    kind: str,
    path: Path,
    *,
    version: str | None = None,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a PA-X, MEND or PADD file (see the module's docstring); trackone.TrackOneImportError with
    every problem if the file is refused, and nothing is written."""
    loaded = trackone.read(kind, path, progress)
    version = check_version(version) if version is not None else default_version(loaded)
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().filter(kind=kind, version=version).first()
        if dataset is not None and dataset.sha256 == loaded.sha256:
            return ImportReport(kind, version, loaded.layout, dataset.rows, loaded.skipped, "unchanged")
        outcome = "added" if dataset is None else "replaced"
        if dataset is None:
            dataset = Dataset(kind=kind, version=version)
        else:
            _rows_of(dataset).delete()
            dataset.imported_at = timezone.now()
        dataset.layout = loaded.layout if kind == "pax" else ""
        dataset.file_name, dataset.sha256 = loaded.file_name[:255], loaded.sha256
        dataset.rows, dataset.skipped = len(loaded.records), loaded.skipped
        dataset.imported_by = user if getattr(user, "is_authenticated", False) else None
        dataset.save()
        _write(dataset, loaded.records)
        report = ImportReport(kind, version, loaded.layout, len(loaded.records), loaded.skipped, outcome)
        record("import", obj=dataset, user=user, summary=str(report))
    return report


def _rows_of(dataset: Dataset) -> QuerySet[Agreement] | QuerySet[MediationEvent] | QuerySet[Delegation]:
    rows: dict[str, Manager[Agreement] | Manager[MediationEvent] | Manager[Delegation]] = {
        "pax": dataset.agreements,
        "mend": dataset.events,
        "padd": dataset.delegations,
    }
    return rows[dataset.kind].all()


def _write(dataset: Dataset, records: list[Any]) -> None:
    rows: Iterable[Any]
    if dataset.kind == "pax":
        rows = (
            Agreement(
                dataset=dataset,
                agreement_id=a.agreement_id,
                name=a.name,
                signed=a.signed,
                year=a.signed.year,
                country=a.country,
                process=a.process,
                region=a.region,
                stage=a.stage,
                parties=a.parties,
                third_parties=a.third_parties,
                countries=list(a.countries),
                gw_codes=list(a.gw_codes),
                ucdp_conflicts=list(a.ucdp_conflicts),
                ucdp_agreements=list(a.ucdp_agreements),
                gender=a.gender,
            )
            for a in records
        )
        Agreement.objects.bulk_create(rows, batch_size=BATCH)
    elif dataset.kind == "mend":
        rows = (
            MediationEvent(
                dataset=dataset,
                event_id=e.event_id,
                country=e.country,
                gw_code=e.gw_code,
                ucdp_conflict=e.ucdp_conflict,
                year=e.year,
                month=e.month,
                day=e.day,
                locations=list(e.locations),
                third_parties=list(e.third_parties),
                local_parties=list(e.local_parties),
                agreement=e.agreement,
                agreement_name=e.agreement_name,
                pax_agreement=e.pax_agreement,
                shuttle=e.shuttle,
                kind=e.kind,
                summary=e.summary,
            )
            for e in records
        )
        MediationEvent.objects.bulk_create(rows, batch_size=BATCH)
    else:
        rows = (
            Delegation(
                dataset=dataset,
                agreement_id=d.agreement_id,
                country=d.country,
                signed=d.signed,
                delegates=d.delegates,
                women=d.women,
                roles={r: list(v) for r, v in d.roles.items()},
            )
            for d in records
        )
        Delegation.objects.bulk_create(rows, batch_size=BATCH)


# ---------------------------------------------------------------------------------------------------
# Figures


def dataset(kind: str, version: str | None = None) -> Dataset:
    """The version asked for, else the one imported last; LandscapeError saying what to do if none."""
    chosen = Dataset.objects.current(kind, version)
    if chosen is not None:
        return chosen
    held = list(Dataset.objects.filter(kind=kind).values_list("version", flat=True))
    if held:
        raise LandscapeError(f"no {NAMES[kind]} version {version!r}; imported: {', '.join(held)}")
    raise LandscapeError(f"no {NAMES[kind]} data yet ({DATASETS[kind]}); run `multitrack {HINT[kind]}`")


def agreements_by_year(
    version: str | None = None, first: int | None = None, last: int | None = None
) -> dict[str, Any]:
    """{"dataset", "version", "years": [{"year", "agreements", "gender_provisions"}]}, --from/--to kept
    inside the years the version covers."""
    chosen = dataset("pax", version)
    rows = Agreement.objects.filter(dataset=chosen)
    years = list(rows.values_list("year", "gender"))
    if years:
        low, high = min(y for y, _g in years), max(y for y, _g in years)
        first = max(first, low) if first is not None else None
        last = min(last, high) if last is not None else None
    if first is not None and last is not None and first > last:
        return {**chosen.named(), "years": []}
    chosen_years = [(y, g) for y, g in years if (first is None or y >= first) and (last is None or y <= last)]
    return {**chosen.named(), "years": figures.agreements_by_year(chosen_years, first, last)}


def mediation(by: str, version: str | None = None) -> dict[str, Any]:
    """{"dataset", "version", "rows": [{"key", "events"}]}: distinct events per third party, country or
    year."""
    if by not in figures.BY:
        raise LandscapeError(f"--by must be one of {', '.join(figures.BY)}")
    chosen = dataset("mend", version)
    events = MediationEvent.objects.filter(dataset=chosen).only(
        "event_id", "country", "year", "third_parties"
    )
    return {**chosen.named(), "rows": figures.mediation_counts(events, by)}


def delegates(version: str | None = None) -> dict[str, Any]:
    """{"dataset", "version", "agreements", "overall": {...}, "roles": {role: {...}}}."""
    chosen = dataset("padd", version)
    return {**chosen.named(), **figures.delegate_totals(Delegation.objects.filter(dataset=chosen))}


def versions() -> list[dict[str, Any]]:
    """Every version held, newest import first per dataset, and which one is shown."""
    shown = {kind: Dataset.objects.current(kind) for kind in DATASETS}
    return [
        {
            **d.named(),
            "layout": d.layout,
            "rows": d.rows,
            "file": d.file_name,
            "imported_at": d.imported_at.isoformat(timespec="seconds"),
            "shown": shown[d.kind] == d,
        }
        for d in Dataset.objects.all()
    ]


# PADD's roles, as the roles of Multitrack's own participants they are compared with (as for CFR's lines,
# mediators are compared with facilitators and insider mediators).
PADD_ROLES = {
    "signatories": ("signatory",),
    "negotiators": ("negotiator",),
    "mediators": ("facilitator", "insider_mediator"),
    "observers": ("observer",),
}
PADD_SOURCE = "Good, E. (2024), “Power Over Presence”, American Political Science Review: PADD"
PADD_URL = ""  # the replication package is distributed with the article


def reference_lines() -> list[ReferenceLine]:
    """Women's share among Track One delegates by role, from the PADD version shown, as reference lines
    for inclusion analytics (none when PADD was never imported, or for a role no agreement counts)."""
    chosen = Dataset.objects.current("padd")
    if chosen is None:
        return []
    rows = list(Delegation.objects.filter(dataset=chosen))
    totals = figures.delegate_totals(rows)
    years = [d.signed.year for d in rows if d.signed is not None]
    period = f"{min(years)}–{max(years)}" if years else "dates not recorded"
    lines = []
    for role, ours in PADD_ROLES.items():
        counts = totals["roles"][role]
        if counts["women_share"] is None:
            continue
        lines.append(
            ReferenceLine(
                key=f"padd-{chosen.pk}-women-{role}",
                title=f"Women among Track One {role}, {counts['agreements']} comprehensive agreements (PADD)",
                dimension="gender",
                value="woman",
                roles=ours,
                share=counts["women"] / counts["delegates"],
                period=period,
                source=f"{PADD_SOURCE}, version {chosen.version}",
                url=PADD_URL,
            )
        )
    return lines
