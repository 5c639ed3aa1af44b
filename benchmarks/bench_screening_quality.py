"""Screening quality: precision, recall and F1 of the name matcher beside a plain fuzzy baseline.

Workload: `multitrack.core.screening.matcher.score` at its default threshold on the 447 labelled pairs
of `tests/data/sanctions/name-pairs-dev.csv`. Baseline: rapidfuzz `token_sort_ratio` on lower-cased
names, at 0.85 and at its best single threshold on the same pairs (an optimistic baseline). Also: how
many of the 81×80/2 pairs of spellings of one name in `putin-names.txt` each method matches.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from rapidfuzz import fuzz

from multitrack.core.screening.matcher import THRESHOLD, score

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "sanctions"


@dataclass(frozen=True)
class QualityLine:
    name: str
    precision: float
    recall: float
    f1: float
    note: str = ""

    def line(self) -> str:
        return (
            f"{self.name:<44} precision {self.precision:5.3f}   recall {self.recall:5.3f}   "
            f"F1 {self.f1:5.3f}   {self.note}"
        )


@dataclass(frozen=True)
class CountLine:
    name: str
    ours: int
    baseline: int
    total: int

    def line(self) -> str:
        return (
            f"{self.name:<44} engine {self.ours}/{self.total} ({self.ours / self.total:.0%})   "
            f"baseline {self.baseline}/{self.total} ({self.baseline / self.total:.0%})"
        )


def prf(predicted: list[bool], truth: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline_score(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a.lower(), b.lower()) / 100.0


def run() -> list[QualityLine | CountLine]:
    with (DATA / "name-pairs-dev.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    truth = [r["is_match"].strip().lower() == "true" for r in rows]
    score("Warm Up", "Warm Up")  # rigour loads its name data on first use: not part of a pair's time
    start = time.perf_counter()
    ours = [score(r["name1"], r["name2"], r["schema"] or "Person").match for r in rows]
    elapsed = time.perf_counter() - start
    base_scores = [baseline_score(r["name1"], r["name2"]) for r in rows]
    fixed = prf([s >= 0.85 for s in base_scores], truth)
    best_t, best = max(
        ((t / 100, prf([s >= t / 100 for s in base_scores], truth)) for t in range(30, 100)),
        key=lambda x: x[1][2],
    )
    lines: list[QualityLine | CountLine] = [
        QualityLine(
            f"engine at {THRESHOLD:.2f}, {len(rows)} dev pairs",
            *prf(ours, truth),
            f"({elapsed * 1000 / len(rows):.1f} ms a pair)",
        ),
        QualityLine("baseline token_sort_ratio at 0.85", *fixed),
        QualityLine(f"baseline token_sort_ratio at best {best_t:.2f}", *best, "(threshold fitted)"),
    ]
    names = [
        n.strip() for n in (DATA / "putin-names.txt").read_text(encoding="utf-8").splitlines() if n.strip()
    ]
    pairs = list(combinations(names, 2))
    ours_n = sum(score(a, b).match for a, b in pairs)
    base_n = sum(baseline_score(a, b) >= 0.85 for a, b in pairs)
    lines.append(
        CountLine(f"putin-names.txt: {len(names)} spellings, pairs matched", ours_n, base_n, len(pairs))
    )
    return lines
