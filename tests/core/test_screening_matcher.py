"""The screening name matcher: properties, transliteration, noise words, dates, and dev-set quality.

The quality figure asserted here is a floor against regressions; the acceptance figure (F1 on the
dev pairs beside a fuzzy baseline) is what `python -m benchmarks screening` reports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core.screening.entries import BirthDate
from multitrack.core.screening.matcher import THRESHOLD, score
from multitrack.core.screening.names import skeleton

DATA = Path(__file__).resolve().parents[1] / "data" / "sanctions"

TOKENS = ["john", "smith", "maria", "vladimir", "putin", "al", "bin", "mohammed", "ahmad", "k", "j.", "lee"]
name_strategy = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(name_strategy, name_strategy, st.sampled_from(["Person", "Company"]))
def test_symmetric(a, b, schema):
    assert score(a, b, schema).score == score(b, a, schema).score


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4), name_strategy, st.randoms())
def test_token_order_invariant(tokens, other, rnd):
    shuffled = list(tokens)
    rnd.shuffle(shuffled)
    assert score(" ".join(tokens), other).score == pytest.approx(
        score(" ".join(shuffled), other).score, abs=0.02
    )


def test_score_in_range_and_explained():
    for a, b in [("John Smith", "John Smith"), ("", "x"), ("John Smith", "Maria Gonzalez")]:
        m = score(a, b)
        assert 0.0 <= m.score <= 1.0
        assert m.explanation and "name" in m.features
        assert m.match == (m.score >= THRESHOLD)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Владимир Путин", "Vladimir Putin"),
        ("Путин Владимир Владимирович", "Vladimir Vladimirovich Putin"),
        ("محمد بن سلمان", "Mohammed bin Salman"),
        ("Mohammed Ahmed", "Muhammad Ahmad"),
        ("Mohamed Ahmed", "Mohammed Ahmad"),
        ("Muammar Gaddafi", "Muammar Qadhafi"),
        ("Muammar al-Gaddafi", "Moammar el-Qaddafi"),
        ("Abdullah bin Salman", "Abdallah ibn Salman"),
        ("Kim Jong-un", "Kim Jong Un"),
    ],
)
def test_transliteration_pairs_match(a, b):
    assert score(a, b).match, score(a, b)


def test_skeleton_folds_arabic_romanisations():
    assert skeleton("muhammad") == skeleton("mohamed") == skeleton("mohammed")
    assert skeleton("gaddafi") == skeleton("qadhafi") == skeleton("qaddafi")
    assert skeleton("hussein") == skeleton("husayn")


def test_honorifics_and_legal_forms_ignored():
    assert score("Mr John Smith", "John Smith").score == pytest.approx(1.0)
    assert score("Acme Trading LLC", "Acme Trading", "Company").match
    assert score("Siemens Aktiengesellschaft", "Siemens AG", "Company").score == pytest.approx(1.0)
    assert score("Nanshan Group Ltd", "Nanshan Group Co Ltd", "Company").match


def test_initials_score_high_but_below_full_name():
    initial = score("J. Smith", "John Smith").score
    assert 0.6 <= initial < score("John Smith", "John Smith").score
    assert any("initial" in line for line in score("J. Smith", "John Smith").explanation)


def test_different_names_score_low():
    for a, b in [
        ("John Smith", "Maria Gonzalez"),
        ("Vladimir Putin", "Angela Merkel"),
        ("Barack Obama", "Xi"),
    ]:
        assert score(a, b).score < 0.5
    assert not score("MOHAMMED YAHYA AZHAR", "MOHAMMED YAHYA MUJAHID").match


def test_birth_date_mismatch_lowers_and_agreement_raises():
    base = score("John Smith", "Jon Smith").score
    far = score(
        "John Smith",
        "Jon Smith",
        a_birth=[BirthDate("year", "1950")],
        b_birth=[BirthDate("exact", "1972-03-01")],
    )
    same = score(
        "John Smith",
        "Jon Smith",
        a_birth=[BirthDate("exact", "1972-03-01")],
        b_birth=[BirthDate("exact", "1972-03-01")],
    )
    assert far.score < base < same.score or same.score == 1.0
    assert "birth_date" in far.features and any("differ by 22" in e for e in far.explanation)
    between = score(
        "John Smith",
        "Jon Smith",
        a_birth=[BirthDate("between", start="1970", end="1975")],
        b_birth=[BirthDate("year", "1972")],
    )
    assert between.features["birth_date"] > 0


def test_nationality_adjusts_only_when_both_sides_have_it():
    base = score("John Smith", "Jon Smith").score
    assert score("John Smith", "Jon Smith", a_nationalities=["GB"]).score == base
    assert score("John Smith", "Jon Smith", a_nationalities=["GB"], b_nationalities=["RU"]).score < base


def test_dev_set_f1_floor():
    """F1 at the default threshold on the labelled dev pairs (0.871 when written; 5-fold held-out 0.871)."""
    with (DATA / "name-pairs-dev.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tp = fp = fn = 0
    for r in rows:
        predicted = score(r["name1"], r["name2"], r["schema"]).match
        actual = r["is_match"] == "true"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.84


def test_one_part_in_common_is_not_a_match():
    """A single given or family name shared with a longer name identifies nobody."""
    for a, b in (("Yusuf Haddad", "Yusuf"), ("Omar Khalil", "Omar"), ("Vladimir Putin", "Putin")):
        m = score(a, b)
        assert not m.match, (a, b, m.score)
        assert "only one name part in common" in m.explanation
    assert score("Yusuf", "Yusuf").score == 1.0
    # two parts in common with a dropped middle name still match, without that note
    m = score("Ahmed Ali", "Ahmed Mansour Ali")
    assert m.match and "only one name part in common" not in m.explanation
