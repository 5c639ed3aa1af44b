"""The linkage benchmark's generator, baselines and report, on a tiny size (the figures themselves are what
`python -m benchmarks linkage` reports)."""

from __future__ import annotations

import re

import numpy as np
from benchmarks.harness import Result

from benchmarks import linkage as bench
from multitrack.core.linkage import Encoder, LinkageKey, all_pairs, name_tokens


def test_the_generated_records_are_deterministic_and_the_planted_pairs_are_variants():
    parts = bench.name_parts()
    assert len(parts.surnames) == len(parts.given) > 5000
    data = bench.synthetic(2000, parts=parts)
    again = bench.synthetic(2000, parts=parts)
    assert data.a == again.a and data.b == again.b
    assert bench.synthetic(2000, seed=bench.SEED + 1, parts=parts).b != data.b
    assert len(data.truth_a) == len(set(data.truth_b.tolist())) == 200
    changed = 0
    for i, j in zip(data.truth_a.tolist(), data.truth_b.tolist(), strict=True):
        a, b = data.a[i], data.b[j]
        assert set(name_tokens(a.name)) & set(name_tokens(b.name))  # the same person, recorded again
        changed += name_tokens(a.name) != name_tokens(b.name) or a.birth_year != b.birth_year
    assert 0.4 < changed / 200 < 0.9
    assert sum(r.birth_year is None for r in data.a) / 2000 > 0.1


def test_the_matrix_product_baseline_finds_the_pairs_the_core_all_pairs_finds():
    data = bench.synthetic(600)
    encoder = Encoder(LinkageKey(bench.SECRET))
    a, b = encoder.encode(data.a), encoder.encode(data.b)
    for threshold in (0.89, 0.7):
        left, right = bench.gemm_all_pairs(
            a.words, bench.gemm_prepare(b.words, threshold), threshold, block=64
        )
        found = set(zip(left.tolist(), right.tolist(), strict=True))
        assert found == all_pairs(a, b, threshold).pairs() and len(found) > 40


def test_quality_lines_compare_plaintext_and_encoded_matchers():
    pairs = bench.dev_pairs()
    assert len(pairs.truth) == 447 and int(pairs.person.sum()) == 302
    # the screening engine loads rigour's name data for seconds: its own tests cover it; here, a stand-in
    lines = bench.quality(pairs, keys=2, engine_matches=lambda a, b: a.lower() == b.lower())
    text = "\n".join(line.line() for line in lines)
    assert text.count("screening engine at 0.86") == 2 and text.count("token_sort_ratio at 0.85") == 2
    chosen = re.search(r"chosen on the even ones is (0\.\d\d)", text)
    assert chosen and 0.6 <= float(chosen[1]) <= 0.9
    f1 = [float(x) for x in re.findall(r"F1 ([0-9.]+)", text)]
    assert len(f1) == 7 and all(0.4 < x <= 1 for x in f1[1:3] + f1[4:])


def test_the_linkage_report_runs_end_to_end_on_a_tiny_size():
    lines = bench.linkage(size=3000, sample=512, repeat=1)
    results = [line for line in lines if isinstance(line, Result)]
    assert len(results) == 1 and results[0].workload_s > 0 and results[0].baseline_s > 0
    text = "\n".join(line.line() for line in lines)
    assert "3,000 (A) x 3,000 (B), 300 of B planted" in text
    assert "estimated from the first 512 rows of A" in text
    assert "the two agree on 256 rows: True" in text
    recall = re.search(r"all-pairs ([0-9.]+), blocking ([0-9.]+)", text)
    assert recall and float(recall[1]) > 0.5 and float(recall[1]) - float(recall[2]) <= 0.01, text
    assert "recall loss" in text and re.search(r"point: PASS; peak [0-9.]+ GB < 4 GB: PASS", text), text
    assert re.search(r"speed-up x[0-9.]+ >= 20: (PASS|MISS)", text)
    completeness = re.search(r"blocking finds ([0-9.]+) of the all-pairs matches", text)
    assert completeness and float(completeness[1]) >= 0.99


def test_prf_counts_true_and_false_matches():
    predicted = np.array([True, True, False, False])
    truth = np.array([True, False, True, False])
    assert bench.prf(predicted, truth) == (0.5, 0.5, 0.5)
