"""Importing Track One data: a 10,000-row MEND-like events file (target: under 10 s).

The file is written by the project in MEND's published layout (all 30 columns), as MEND's own file is:
one to four third parties and two to three local parties a row, separated by ";", two places, a summary of
several sentences with line breaks, every fifth event with an agreement, and blank trailing rows (only
commas). Workload: `services.import_file("mend", …)` on the throw-away database — read and check the whole
file, then write it in one transaction. Baseline (the straightforward version): the same rows read with
`csv.DictReader` and saved one `MediationEvent.objects.create` at a time in one transaction, with no checks.
Also measured: importing the same file again (nothing changes: the file's hash is compared first) and
refusing a file whose last row is bad (every row is checked; nothing is written).
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Line, Result

ROWS = int(os.environ.get("MULTITRACK_BENCH_LANDSCAPE_ROWS", "10000"))
TARGET_S = 10.0
PARTIES = (
    "United Nations", "African Union", "IGAD", "Norway", "Qatar", "Oman", "Switzerland", "Türkiye",
    "European Union", "Centre for Humanitarian Dialogue", "Sant'Egidio", "Kenya", "Egypt", "Cuba",
)  # fmt: skip
LOCAL = ("Government", "Armed opposition", "Militia coalition", "Tribal council", "Political party bloc")
PLACES = ("Geneva", "Doha", "Nairobi", "Muscat", "Addis Ababa", "Havana", "Juba", "Riyadh")
COUNTRIES = (("Sudan", 625), ("South Sudan", 626), ("Yemen", 679), ("Libya", 620), ("Colombia", 100))


def events(n: int, seed: int = 18):  # type: ignore[no-untyped-def]
    from multitrack.core.trackone import MediationEvent

    rng = random.Random(seed)
    out = []
    for i in range(n):
        country, gw = rng.choice(COUNTRIES)
        agreed = i % 5 == 0
        out.append(
            MediationEvent(
                event_id=f"EV-{i:06d}", country=country, gw_code=gw, ucdp_conflict=200 + gw % 97,
                year=rng.randint(2018, 2024), month=rng.randint(1, 12), day=rng.choice((None, 1, 15, 28)),
                locations=tuple(rng.sample(PLACES, 2)),
                third_parties=tuple(rng.sample(PARTIES, rng.randint(1, 4))),
                local_parties=tuple(rng.sample(LOCAL, rng.randint(2, 3))), agreement=agreed,
                agreement_name=f"Agreement {i}" if agreed else "", pax_agreement=3000 + i if agreed else None,
                shuttle=rng.random() < 0.2, kind=rng.choice(("M", "MR", "I")),
                summary=f"Round {i} of talks on the ceasefire and humanitarian access.\n"
                "The parties exchanged lists of detainees; a technical committee will meet again.\n" * 3,
            )
        )  # fmt: skip
    return out


def _baseline(path: Path) -> None:
    """Read with csv.DictReader and save row by row, with no checks (then rolled back)."""
    from django.db import transaction

    from multitrack.web.landscape.models import Dataset, MediationEvent

    with transaction.atomic():
        dataset = Dataset.objects.create(
            kind="mend", version="baseline", file_name=path.name, sha256="", rows=0
        )
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row["med_event_ID"]:
                    continue
                MediationEvent.objects.create(
                    dataset=dataset, event_id=row["med_event_ID"], country=row["conflict_country"],
                    gw_code=int(row["conflict_counry_ID"]), year=int(row["Year"]),
                    third_parties=row["third_party"].split(";"),
                    local_parties=row["local_parties"].split(";"),
                    agreement=row["agmt"] == "1", shuttle=row["shuttle"] == "1", kind=row["med_type"],
                    summary=row["Summary"],
                )  # fmt: skip
        transaction.set_rollback(True)


def _bad_last_row(path: Path, bad: Path) -> Path:
    """The same file with an unknown med_type on its last data row."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    last = max(i for i, row in enumerate(rows) if any(row))
    rows[last][rows[0].index("med_type")] = "X"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return bad


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(rows: int = ROWS) -> list[Line | Result]:
    from multitrack.sources import trackone
    from multitrack.web.landscape import services
    from multitrack.web.landscape.models import Dataset, MediationEvent

    with tempfile.TemporaryDirectory(prefix="multitrack-bench-mend-") as folder:
        path = trackone.write_mend(Path(folder) / "mend.csv", events(rows), blank_rows=5)
        size_mb = path.stat().st_size / 1e6
        baseline_s = _timed(lambda: _baseline(path))
        first = _timed(lambda: services.import_file("mend", path, version="bench"))
        assert MediationEvent.objects.filter(dataset__version="bench").count() == rows
        again = _timed(lambda: services.import_file("mend", path, version="bench"))
        bad = _bad_last_row(path, Path(folder) / "bad.csv")
        refused_s, refused = 0.0, ""
        start = time.perf_counter()
        try:
            services.import_file("mend", bad, version="bad")
        except trackone.TrackOneImportError as exc:
            refused = str(exc).splitlines()[0]
        refused_s = time.perf_counter() - start
        assert not Dataset.objects.filter(version="bad").exists()
    met = first < TARGET_S
    return [
        Line(f"MEND-like file: {rows:,} events, {size_mb:.1f} MB (several values a cell, line breaks)"),
        Result(f"import {rows:,} rows (checked, one transaction)", "row by row", first, baseline_s),
        Line(f"  same file again: {again:.2f} s (nothing changed); a file with a bad last row refused in "
             f"{refused_s:.2f} s: {refused}"),
        Line(f"  Target < {TARGET_S:.0f} s for {rows:,} rows: {first:.2f} s — {'PASS' if met else 'MISS'}"),
    ]  # fmt: skip
