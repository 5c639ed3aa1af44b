"""Privacy-preserving linkage: quality of the encodings beside plaintext matchers, and 100,000 x 100,000
linkage with blocking beside all-pairs Dice.

Quality: the 447 labelled pairs of `tests/data/sanctions/name-pairs-dev.csv` (302 of them persons; the
file has no years or genders), each name encoded with a fixed benchmark key, matched when Dice >=
`compare.THRESHOLD` (0.89, chosen beforehand on a generated population of another seed; see
docs/linkage.md). Beside it, the plaintext matchers at their own thresholds, fixed in advance: the
screening engine (`screening.matcher.score`, 0.86) and rapidfuzz `token_sort_ratio` on lower-cased
names (0.85). Also the Dice threshold a balanced set of pairs would choose: the best F1 on the
even-numbered pairs, averaged over `KEYS` random keys (the key moves individual scores), reported on the
odd-numbered pairs only.

Linkage (generated at run time from a seed; nothing stored): `SIZE` (default 100,000) persons for side A
and as many records for side B, of which `OVERLAP` (10 %) are another organisation's records of A's
persons (see `variant`: typos, a given name left out, year missing or one off, gender missing, surname
first, capitals) and the rest other persons. Names are a given-name sequence and a surname of two
different individuals of the OFAC SDN list, so they recur with their real frequencies (KIM, Muhammad
Ali, ...): many different persons share most of a name, as in a real conflict setting. A year of birth
is recorded for 80 %, a gender for 85 %.

Workload: `blocking.link(a, b)` at the default threshold and blocking (median of `REPEAT`, in its own
process; peak memory is that process's `ru_maxrss`). Baseline: all-pairs Dice in numpy, the faster of
(1) the bits as float32 0/1 matrices, intersections by one matrix product per 256 rows of A (BLAS, every
core), timed on the first `SAMPLE` rows of A against all of B (best of `BASELINE_REPEAT`: its most
favourable time), and (2) `compare.all_pairs` (AND + `np.bitwise_count`, 8 rows of A at a time), timed
on the first `POPCOUNT_SAMPLE` rows; both in one process of their own, scaled to the whole of A (the
estimate is said as such; set MULTITRACK_BENCH_LINKAGE_SAMPLE to SIZE to measure the matrix product on
all rows). Recall: the planted pairs found, blocking beside all-pairs (the planted pairs with Dice >=
threshold: exactly those all-pairs finds); also the share of the all-pairs matches of the sampled rows
that blocking finds.

Targets: >= 20x faster than all-pairs, <= 1 point of recall lost, peak memory < 4 GB.

Environment: MULTITRACK_BENCH_LINKAGE_SIZE, _SAMPLE, _REPEAT.
"""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from benchmarks.harness import Line, Result
from multitrack.core.linkage.blocking import blocking_for, link
from multitrack.core.linkage.compare import THRESHOLD, all_pairs, dice_of_pairs, dice_rows, popcounts
from multitrack.core.linkage.encoding import EncodedBatch, Encoder, LinkageKey, ParticipantRecord

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "sanctions"
SIZE = int(os.environ.get("MULTITRACK_BENCH_LINKAGE_SIZE", "100000"))
SAMPLE = int(os.environ.get("MULTITRACK_BENCH_LINKAGE_SAMPLE", "2048"))
REPEAT = int(os.environ.get("MULTITRACK_BENCH_LINKAGE_REPEAT", "3"))
OVERLAP = 0.10
SEED = 20261201
CALIBRATION_SEED = 7  # the population the default threshold was chosen on (`calibration`)
SECRET = bytes(range(32))  # the benchmark's key: fixed, so that the figures repeat
KEYS = 16
FUZZY_THRESHOLD = 0.85
GEMM_BLOCK = 256
BASELINE_REPEAT = 3  # the sample of the all-pairs baseline is timed this many times, the best kept
POPCOUNT_SAMPLE = 256  # rows of A for the popcount all-pairs (slower: fewer rows suffice to time it)
TARGET_SPEEDUP = 20.0
TARGET_RECALL_LOSS = 0.01
MEMORY_LIMIT_GB = 4.0

_TITLES = frozenset(
    {"dr", "dr.", "shaykh", "sheikh", "sheik", "mullah", "haji", "hajji", "maulana", "mr", "mrs"}
)


@dataclass(frozen=True)
class NameParts:
    """Surnames and given-name sequences of the individuals of the OFAC SDN list, one per entry, so that
    drawing from them follows their real frequencies (KIM, Muhammad, Ali, Vladimirovich …)."""

    surnames: tuple[str, ...]
    given: tuple[tuple[str, ...], ...]


def name_parts(path: Path = DATA / "ofac-sdn-2024-05-01.csv") -> NameParts:
    with path.open(encoding="cp1252", newline="") as fh:
        rows = [r for r in csv.reader(fh) if len(r) > 3 and r[2].strip() == "individual"]
    surnames, given = [], []
    for row in rows:
        surname, _, rest = row[1].partition(",")
        tokens = tuple(t for t in rest.split() if t.lower() not in _TITLES and re.search(r"[A-Za-z]{2}", t))
        if surname.strip() and tokens:
            surnames.append(surname.strip().title())
            given.append(tokens)
    return NameParts(tuple(surnames), tuple(given))


@dataclass(frozen=True)
class Person:
    given: tuple[str, ...]
    surname: str
    birth_year: int | None
    gender: str | None

    def record(self, surname_first: bool = False, upper: bool = False) -> ParticipantRecord:
        name = (
            f"{self.surname}, {' '.join(self.given)}"
            if surname_first
            else f"{' '.join(self.given)} {self.surname}"
        )
        return ParticipantRecord(name.upper() if upper else name, self.birth_year, self.gender)


def people(parts: NameParts, n: int, rng: np.random.Generator) -> list[Person]:
    """`n` persons: a given-name sequence and a surname of two different entries, a year of birth
    1945-2006 for 80 %, a gender (woman or man) for 85 %."""
    s = rng.integers(0, len(parts.surnames), n)
    g = rng.integers(0, len(parts.given), n)
    years = rng.integers(1945, 2007, n)
    has_year = rng.random(n) < 0.8
    gender = rng.choice(np.array(["woman", "man", ""]), n, p=[0.425, 0.425, 0.15])
    return [
        Person(
            parts.given[g[i]],
            parts.surnames[s[i]],
            int(years[i]) if has_year[i] else None,
            str(gender[i]) or None,
        )
        for i in range(n)
    ]


def _typo(token: str, rng: np.random.Generator) -> str:
    """One substitution, insertion, deletion or transposition of adjacent letters."""
    if len(token) < 3:
        return token
    i = int(rng.integers(1, len(token) - 1))
    letter = chr(int(rng.integers(97, 123)))
    kind = int(rng.integers(4))
    if kind == 0:
        return token[:i] + letter + token[i + 1 :]
    if kind == 1:
        return token[:i] + letter + token[i:]
    if kind == 2:
        return token[:i] + token[i + 1 :]
    return token[: i - 1] + token[i] + token[i - 1] + token[i + 1 :]


def variant(person: Person, rng: np.random.Generator) -> tuple[Person, bool, bool]:
    """How another organisation records the same person: a typo in one name part (40 %), a second given
    name left out (30 % of those with one), the year of birth not recorded (25 %) or one year off (5 %),
    the gender not recorded (15 %); written surname first (50 %) and in capitals (30 %)."""
    given, surname = list(person.given), person.surname
    if rng.random() < 0.4:
        i = int(rng.integers(len(given) + 1))
        if i == len(given):
            surname = _typo(surname, rng)
        else:
            given[i] = _typo(given[i], rng)
    if len(given) > 1 and rng.random() < 0.3:
        del given[int(rng.integers(1, len(given)))]
    year = person.birth_year
    u = rng.random()
    if year is not None and u < 0.25:
        year = None
    elif year is not None and u < 0.30:
        year += 1 if rng.random() < 0.5 else -1
    gender = None if rng.random() < 0.15 else person.gender
    return Person(tuple(given), surname, year, gender), bool(rng.random() < 0.5), bool(rng.random() < 0.3)


@dataclass(frozen=True)
class Synthetic:
    """Records of two organisations; b[truth_b[i]] is a variant of a[truth_a[i]]."""

    a: list[ParticipantRecord]
    b: list[ParticipantRecord]
    truth_a: np.ndarray
    truth_b: np.ndarray


def synthetic(
    size: int, overlap: float = OVERLAP, seed: int = SEED, parts: NameParts | None = None
) -> Synthetic:
    rng = np.random.default_rng(seed)
    parts = parts or name_parts()
    a_people = people(parts, size, rng)
    shared = int(size * overlap)
    truth_a = rng.choice(size, shared, replace=False)
    b_people = people(parts, size - shared, rng)
    variants = [variant(a_people[i], rng) for i in truth_a]
    b = [p.record() for p in b_people] + [p.record(first, upper) for p, first, upper in variants]
    order = rng.permutation(size)  # b's rows in random order
    b = [b[i] for i in order]
    position = np.empty(size, dtype=np.int64)
    position[order] = np.arange(size)
    truth_b = position[size - shared + np.arange(shared)]
    return Synthetic([p.record(upper=bool(rng.random() < 0.3)) for p in a_people], b, truth_a, truth_b)


# --- quality on the labelled name pairs ------------------------------------------------------------


@dataclass(frozen=True)
class Pairs:
    names1: list[str]
    names2: list[str]
    truth: np.ndarray  # bool
    person: np.ndarray  # bool: schema Person


def dev_pairs(path: Path = DATA / "name-pairs-dev.csv") -> Pairs:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return Pairs(
        [r["name1"] for r in rows],
        [r["name2"] for r in rows],
        np.array([r["is_match"].strip().lower() == "true" for r in rows]),
        np.array([r["schema"] == "Person" for r in rows]),
    )


def prf(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & truth).sum())
    fp = int((predicted & ~truth).sum())
    fn = int((~predicted & truth).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def encoded_scores(pairs: Pairs, key: LinkageKey) -> np.ndarray:
    """Dice of every pair's encodings (names only: the file has no years or genders)."""
    encoder = Encoder(key)
    return dice_rows(encoder.encode_names(pairs.names1), encoder.encode_names(pairs.names2)).astype(float)


def balanced_threshold(pairs: Pairs, keys: int = KEYS) -> float:
    """The Dice threshold of best F1 on the even-numbered pairs, F1 averaged over `keys` random keys."""
    even = np.arange(len(pairs.truth)) % 2 == 0
    grid = np.round(np.arange(0.50, 0.96, 0.01), 2)
    f1 = np.zeros(len(grid))
    for k in range(keys):
        scores = encoded_scores(pairs, LinkageKey(bytes([k + 1]) * 32))
        f1 += [prf(scores[even] >= t, pairs.truth[even])[2] for t in grid]
    return float(grid[int(np.argmax(f1))])


def _quality_line(name: str, predicted: np.ndarray, pairs: Pairs, rows: np.ndarray | None = None) -> Line:
    rows = np.ones(len(pairs.truth), dtype=bool) if rows is None else rows
    p, r, f = prf(predicted[rows], pairs.truth[rows])
    pp, pr, pf = prf(predicted[rows & pairs.person], pairs.truth[rows & pairs.person])
    return Line(
        f"{name:<48} precision {p:5.3f}  recall {r:5.3f}  F1 {f:5.3f}   "
        f"persons: {pp:5.3f} / {pr:5.3f} / {pf:5.3f}"
    )


ENGINE_THRESHOLD = 0.86  # `screening.matcher.THRESHOLD`, checked in `engine_match`


def engine_match(a: str, b: str) -> bool:
    """The screening engine's verdict (imported here: the linkage processes need none of rigour's data)."""
    from multitrack.core.screening.matcher import THRESHOLD, score

    assert THRESHOLD == ENGINE_THRESHOLD, "the screening engine's default threshold changed"
    return score(a, b).match


def quality(
    pairs: Pairs | None = None, keys: int = KEYS, engine_matches: Callable[[str, str], bool] = engine_match
) -> list[Line]:
    pairs = pairs or dev_pairs()
    engine_matches("Warm Up", "Warm Up")  # rigour loads its name data on first use
    engine = np.array([engine_matches(a, b) for a, b in zip(pairs.names1, pairs.names2, strict=True)])
    fuzzy = np.array(
        [
            fuzz.token_sort_ratio(a.lower(), b.lower()) / 100
            for a, b in zip(pairs.names1, pairs.names2, strict=True)
        ]
    )
    encoded = encoded_scores(pairs, LinkageKey(SECRET))
    chosen = balanced_threshold(pairs, keys)
    odd = np.arange(len(pairs.truth)) % 2 == 1
    n, persons = len(pairs.truth), int(pairs.person.sum())
    return [
        Line(f"{n} labelled pairs ({persons} persons), all pairs; after 'persons:' precision / recall / F1"),
        _quality_line(f"plaintext: screening engine at {ENGINE_THRESHOLD:.2f}", engine, pairs),
        _quality_line(
            f"plaintext: token_sort_ratio at {FUZZY_THRESHOLD:.2f}", fuzzy >= FUZZY_THRESHOLD, pairs
        ),
        _quality_line(f"encoded: Dice at the default {THRESHOLD:.2f}", encoded >= THRESHOLD, pairs),
        Line(f"odd-numbered pairs only; the Dice threshold chosen on the even ones is {chosen:.2f}"),
        _quality_line(f"plaintext: screening engine at {ENGINE_THRESHOLD:.2f}", engine, pairs, odd),
        _quality_line(
            f"plaintext: token_sort_ratio at {FUZZY_THRESHOLD:.2f}", fuzzy >= FUZZY_THRESHOLD, pairs, odd
        ),
        _quality_line(f"encoded: Dice at the default {THRESHOLD:.2f}", encoded >= THRESHOLD, pairs, odd),
        _quality_line(
            f"encoded: Dice at {chosen:.2f} (chosen on the even pairs)", encoded >= chosen, pairs, odd
        ),
    ]


# --- 100,000 x 100,000 linkage ----------------------------------------------------------------------


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _load(folder: Path) -> tuple[EncodedBatch, EncodedBatch]:
    data = np.load(folder / "encodings.npz")
    key_id = json.loads((folder / "meta.json").read_text())["key_id"]
    return EncodedBatch(data["a"], key_id), EncodedBatch(data["b"], key_id)


def gemm_prepare(b: np.ndarray, threshold: float) -> tuple[Any, Any]:
    """B's bits as a float32 0/1 matrix (once), and t/2 |B| of every row."""
    bf = np.unpackbits(b.view(np.uint8), axis=1, bitorder="little").astype(np.float32)
    return bf, (threshold / 2) * popcounts(b).astype(np.float32)


def gemm_all_pairs(
    a: np.ndarray, prepared: tuple[Any, Any], threshold: float, block: int = GEMM_BLOCK
) -> tuple[Any, Any]:
    """All pairs with Dice >= threshold: intersections of A's rows with all of B by matrix products."""
    bf, half_b = prepared
    lefts, rights = [], []
    for lo in range(0, len(a), block):
        rows = np.unpackbits(a[lo : lo + block].view(np.uint8), axis=1, bitorder="little").astype(np.float32)
        common = rows @ bf.T  # exact: sums of at most `bits` ones
        common -= half_b  # Dice >= t  <=>  common >= t/2 (|A| + |B|)
        i, j = np.nonzero(common >= (threshold / 2) * rows.sum(axis=1)[:, None])
        lefts.append(i + lo)
        rights.append(j)
    return np.concatenate(lefts), np.concatenate(rights)


def _child_blocking(folder: Path, repeat: int) -> dict[str, Any]:
    a, b = _load(folder)
    link(a.take(np.arange(min(len(a), 2000))), b.take(np.arange(min(len(b), 2000))))  # first calls
    before = _rss_bytes()
    times, matches = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        matches = link(a, b)
        times.append(time.perf_counter() - start)
    assert matches is not None
    np.savez(folder / "blocking.npz", left=matches.left, right=matches.right)
    return {"times": times, "peak": _maxrss_bytes(), "rise": _maxrss_bytes() - before}


def _child_all_pairs(folder: Path, sample: int) -> dict[str, Any]:
    a, b = _load(folder)
    rows = a.words[:sample]
    gemm_all_pairs(rows[:8], gemm_prepare(b.words[:1000], THRESHOLD), THRESHOLD)  # first calls
    start = time.perf_counter()
    prepared = gemm_prepare(b.words, THRESHOLD)
    prepare_s = time.perf_counter() - start
    times = []
    for _ in range(1 if len(rows) >= len(a) else BASELINE_REPEAT):
        start = time.perf_counter()
        left, right = gemm_all_pairs(rows, prepared, THRESHOLD)
        times.append(time.perf_counter() - start)
    gemm_s = min(times)  # the baseline's most favourable time: a conservative speed-up
    del prepared
    np.savez(folder / "all_pairs.npz", left=left, right=right)
    popcount_rows = min(sample, POPCOUNT_SAMPLE)
    start = time.perf_counter()
    exact = all_pairs(a.take(np.arange(popcount_rows)), b, THRESHOLD)
    popcount_s = time.perf_counter() - start
    on_rows = left < popcount_rows
    agree = exact.pairs() == set(zip(left[on_rows].tolist(), right[on_rows].tolist(), strict=True))
    return {
        "prepare_s": prepare_s,
        "gemm_s": gemm_s,
        "popcount_s": popcount_s,
        "popcount_rows": popcount_rows,
        "rows": len(rows),
        "agree": agree,
        "peak": _maxrss_bytes(),
    }


def _child(side: str, folder: Path) -> None:
    if side == "blocking":
        result = _child_blocking(folder, int(os.environ.get("MULTITRACK_BENCH_LINKAGE_CHILD_REPEAT", "1")))
    else:
        result = _child_all_pairs(folder, int(os.environ.get("MULTITRACK_BENCH_LINKAGE_CHILD_SAMPLE", "1")))
    (folder / f"{side}.json").write_text(json.dumps(result))


def run_side(side: str, folder: Path, repeat: int = REPEAT, sample: int = SAMPLE) -> dict[str, Any]:
    """One side in a fresh process (encodings read from `folder`); its JSON result."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["MULTITRACK_BENCH_LINKAGE_CHILD_REPEAT"] = str(repeat)
    env["MULTITRACK_BENCH_LINKAGE_CHILD_SAMPLE"] = str(sample)
    subprocess.run(
        [sys.executable, "-m", "benchmarks.linkage", side, str(folder)], cwd=root, env=env, check=True
    )
    result: dict[str, Any] = json.loads((folder / f"{side}.json").read_text())
    return result


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def linkage(size: int = SIZE, sample: int = SAMPLE, repeat: int = REPEAT) -> list[Line | Result]:
    start = time.perf_counter()
    data = synthetic(size)
    gen_s = time.perf_counter() - start
    key = LinkageKey(SECRET)
    start = time.perf_counter()
    encoder = Encoder(key)
    a, b = encoder.encode(data.a), encoder.encode(data.b)
    encode_s = time.perf_counter() - start
    sample = min(sample, size)
    with tempfile.TemporaryDirectory(prefix="multitrack-linkage-") as tmp:
        folder = Path(tmp)
        np.savez(folder / "encodings.npz", a=a.words, b=b.words)
        (folder / "meta.json").write_text(json.dumps({"key_id": key.key_id}))
        ours = run_side("blocking", folder, repeat=repeat)
        theirs = run_side("all_pairs", folder, sample=sample)
        found = np.load(folder / "blocking.npz")
        sampled = np.load(folder / "all_pairs.npz")
    blocked = set(zip(found["left"].tolist(), found["right"].tolist(), strict=True))
    truth_dice = dice_of_pairs(a.words, b.words, data.truth_a, data.truth_b)
    planted = list(zip(data.truth_a.tolist(), data.truth_b.tolist(), strict=True))
    recall_all = float((truth_dice >= THRESHOLD).mean())
    recall_blocked = sum(p in blocked for p in planted) / len(planted)
    loss = recall_all - recall_blocked
    precision = sum(p in blocked for p in planted) / max(len(blocked), 1)
    sample_pairs = set(zip(sampled["left"].tolist(), sampled["right"].tolist(), strict=True))
    completeness = len(sample_pairs & blocked) / max(len(sample_pairs), 1)
    ours_s = statistics.median(ours["times"])
    scale = size / theirs["rows"]
    gemm_s = theirs["prepare_s"] + theirs["gemm_s"] * scale  # B is prepared once
    popcount_s = theirs["popcount_s"] * size / theirs["popcount_rows"]
    base_s = min(gemm_s, popcount_s)
    how = "measured" if theirs["rows"] >= size else f"estimated from the first {theirs['rows']:,} rows of A"
    speedup = base_s / ours_s
    peak_gb = ours["peak"] / 1024**3
    blocking = blocking_for(a, b)
    return [
        Line(
            f"records: {size:,} (A) x {size:,} (B), {len(planted):,} of B planted variants of A; "
            f"generated in {gen_s:.1f} s, encoded in {encode_s:.1f} s "
            f"({2 * size / encode_s:,.0f} records/s), seed {SEED}"
        ),
        Line(
            f"blocking: {blocking.bands} bands x {blocking.bytes_per_band} bytes; threshold {THRESHOLD:.2f}; "
            f"mean {popcounts(a.words).mean():.0f} of {a.params.bits} bits set"
        ),
        Result(
            f"link with blocking (median of {repeat})",
            f"all-pairs numpy Dice, {how}",
            ours_s,
            base_s,
        ),
        Line(
            f"    all-pairs: matrix product {gemm_s:.0f} s, AND + bitwise_count {popcount_s:.0f} s (the "
            f"faster is the baseline; the two agree on {theirs['popcount_rows']} rows: {theirs['agree']})"
        ),
        Line(
            f"    recall of the planted pairs: all-pairs {recall_all:.4f}, blocking {recall_blocked:.4f} "
            f"(loss {100 * loss:.2f} points); blocking finds {completeness:.4f} of the all-pairs matches of "
            f"the sampled rows; precision {precision:.3f} ({len(blocked):,} matches)"
        ),
        Line(
            f"    peak memory {peak_gb:.2f} GB (linkage added {ours['rise'] / 1e6:.0f} MB); "
            f"all-pairs process {theirs['peak'] / 1024**3:.2f} GB"
        ),
        Line(
            f"    targets: speed-up x{speedup:.1f} >= {TARGET_SPEEDUP:.0f}: "
            f"{_verdict(speedup >= TARGET_SPEEDUP)}; "
            f"recall loss {100 * loss:.2f} <= {100 * TARGET_RECALL_LOSS:.0f} point: "
            f"{_verdict(loss <= TARGET_RECALL_LOSS)}; peak {peak_gb:.2f} GB < {MEMORY_LIMIT_GB:.0f} GB: "
            f"{_verdict(peak_gb < MEMORY_LIMIT_GB)}"
        ),
    ]


def calibration(
    size: int = SIZE, rows: int = 3000, seed: int = CALIBRATION_SEED, secret: bytes = b"c" * 32
) -> list[Line]:
    """How the default threshold was chosen: F1 of all-pairs matches of the first `rows` rows of A on a
    population of another seed and key than the benchmark's (`python -m benchmarks.linkage calibrate`)."""
    data = synthetic(size, seed=seed)
    encoder = Encoder(LinkageKey(secret))
    a, b = encoder.encode(data.a), encoder.encode(data.b)
    found = all_pairs(a.take(np.arange(rows)), b, 0.8)
    planted = {(i, j) for i, j in zip(data.truth_a.tolist(), data.truth_b.tolist(), strict=True) if i < rows}
    lines, best = [], (0.0, 0.0)
    for t in np.round(np.arange(0.80, 0.951, 0.01), 2):
        keep = found.scores >= t
        pairs = set(zip(found.left[keep].tolist(), found.right[keep].tolist(), strict=True))
        tp = len(pairs & planted)
        p, r = tp / max(len(pairs), 1), tp / len(planted)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        best = max(best, (f1, float(t)))
        lines.append(Line(f"Dice {t:.2f}: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}"))
    lines.append(Line(f"best F1 {best[0]:.3f} at {best[1]:.2f} (seed {seed}, {rows:,} rows x {size:,})"))
    return lines


def run(
    size: int = SIZE, sample: int = SAMPLE, repeat: int = REPEAT, keys: int = KEYS
) -> list[Line | Result]:
    return [*quality(keys=keys), *linkage(size, sample, repeat)]


if __name__ == "__main__":
    if sys.argv[1:] == ["calibrate"]:
        for line in calibration():
            print(line.line())
    else:
        _child(sys.argv[1], Path(sys.argv[2]))
