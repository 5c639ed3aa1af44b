"""Name screening: how likely two names (plus optional birth dates and nationalities) are one party.

`score(a, b, schema)` analyses both names with `rigour` (prefixes and legal forms normalised, every
part transliterated to latin, known names tagged across scripts), then aligns their parts in three
passes:

1. symbols both sides share (the same given name in two scripts, an org class, an initial);
2. the residue by edit distance (rigour `compare_parts`: typos, merges and splits cost little),
   rescued by a vowel-insensitive consonant skeleton or metaphone when the spelling differs the way
   transliterations do (Mohammed/Muhammad, Gaddafi/Qadhafi);
3. leftover parts: an initial against a part with that first letter, else an unmatched "extra".

The score is the weighted share of matched parts on both sides (particles and legal forms weigh
little, unmatched extras weigh less than mismatched pairs), the best over the names' alternatives,
aligned in a canonical order so that it is symmetric. Birth dates and nationalities then move it up or down
when both sides have them. `Match.explanation` says, in words, what counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler
from rigour.names import (
    Alignment,
    Name,
    NamePart,
    NamePartTag,
    NameTypeTag,
    Symbol,
    align_person_name_order,
    compare_parts,
    pair_symbols,
)

from multitrack.core.screening.entries import BirthDate
from multitrack.core.screening.names import (
    AnalysedName,
    analyse,
    is_particle,
    latin,
    phonetic,
    skeleton,
    type_tag,
)

THRESHOLD = 0.86

_SYMBOL_SCORES: dict[str, float] = {
    "NAME": 0.95,
    "NICK": 0.8,
    "INITIAL": 0.7,
    "ORG_CLASS": 1.0,
    "NUMERIC": 1.0,
    "SYMBOL": 0.95,
    "PHONETIC": 0.85,
    "DOMAIN": 0.95,
    "LOCATION": 0.95,
}
_SYMBOL_WEIGHTS: dict[str, float] = {"ORG_CLASS": 0.4, "SYMBOL": 0.6, "NUMERIC": 1.3}
_LIGHT_TAGS = (NamePartTag.STOP, NamePartTag.LEGAL, NamePartTag.HONORIFIC, NamePartTag.TITLE)
EXTRA_WEIGHT = 0.3  # an unmatched part counts this much against the score (a mismatched pair: fully)
LONE_EXTRA_WEIGHT = 0.6  # … or this much when a person's names share only one part ("Omar" ~ "Omar Khalil")
SKELETON_SCORE = 0.9
PHONETIC_SCORE = 0.85
INITIAL_SCORE = 0.7
SPELLING_FLOOR = 0.92  # whole names this alike in spelling (word order aside) score their likeness
FUZZY_FLOOR = 0.6
FUZZY_SCALE = 0.9
SAME_BIRTH_DATE = 0.1
BIRTH_YEARS_AGREE = 0.05
SHARED_NATIONALITY = 0.05
MAX_RAISE = SAME_BIRTH_DATE + SHARED_NATIONALITY  # the most birth dates and nationalities add
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class Match:
    score: float
    match: bool
    features: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Pairing:
    score: float
    matched: int
    total: int
    notes: tuple[str, ...]


def _part_weight(part: NamePart) -> float:
    if part.tag in _LIGHT_TAGS or is_particle(part.comparable):
        return 0.25
    if part.numeric:
        return 1.3
    return 1.0


def _category(symbol: Symbol | None) -> str:
    return "" if symbol is None else str(symbol.category.value)


def _rescue(q: NamePart, r: NamePart, score: float) -> tuple[float, str]:
    """Raise a residue pair's score when the two spellings are transliteration variants."""
    lq, lr = latin(q), latin(r)
    if lq == lr:
        return 1.0, "same after transliteration"
    if is_particle(lq) and is_particle(lr):
        return 1.0, "both particles"
    if q.numeric or r.numeric:
        return score, ""
    best, why = score, ""
    sq, sr = skeleton(lq), skeleton(lr)
    if len(sq) >= 2 and sq == sr and best < SKELETON_SCORE:
        best, why = SKELETON_SCORE, "same consonant skeleton"
    pq, pr = phonetic(lq), phonetic(lr)
    if len(pq) >= 2 and pq == pr and best < PHONETIC_SCORE:
        best, why = PHONETIC_SCORE, "same phonetic key"
    fuzzy = OSA.normalized_similarity(lq, lr)  # a swap of two letters is one edit
    if fuzzy >= FUZZY_FLOOR and fuzzy * FUZZY_SCALE > best:
        best, why = fuzzy * FUZZY_SCALE, "similar spelling"
    if min(len(lq), len(lr)) >= 4:
        jw = JaroWinkler.normalized_similarity(sq, sr) if len(sq) >= 3 and len(sr) >= 3 else 0.0
        if jw >= 0.9 and best < 0.8:
            best, why = 0.8, "close consonant skeleton"
    return best, why


def _initial_of(a: NamePart, b: NamePart) -> bool:
    la, lb = latin(a), latin(b)
    return len(la) == 1 and len(lb) > 1 and lb[0] == la


def _align(q: Name, r: Name, tag: NameTypeTag) -> _Pairing:
    pairings: list[tuple[Alignment, ...]] = list(pair_symbols(q, r)) or [()]
    best: _Pairing | None = None
    for pairing in pairings:
        result = _score_pairing(q, r, tag, pairing)
        if best is None or result.score > best.score:
            best = result
    assert best is not None
    return best


def _score_pairing(q: Name, r: Name, tag: NameTypeTag, pairing: tuple[Alignment, ...]) -> _Pairing:
    got = 0.0
    total = 0.0
    matched = 0
    heavy_matched = 0  # pairs of full-weight parts (not particles or legal forms) matched
    notes: list[str] = []
    used_q: set[NamePart] = set()
    used_r: set[NamePart] = set()
    for al in pairing:
        cat = _category(al.symbol)
        used_q.update(al.qps)
        used_r.update(al.rps)
        s = 1.0 if al.qstr == al.rstr else _SYMBOL_SCORES.get(cat, 0.9)
        w = _SYMBOL_WEIGHTS.get(cat, 1.0)
        n = len(al.qps) + len(al.rps)
        got += s * w * n
        total += w * n
        matched += 1
        if cat not in ("ORG_CLASS", "SYMBOL"):
            heavy_matched += 1
        if al.qstr != al.rstr:
            notes.append(f"'{al.qstr}' ~ '{al.rstr}' as known {cat.lower()} variants: {s:.2f}")
    rem_q = [p for p in q.parts if p not in used_q]
    rem_r = [p for p in r.parts if p not in used_r]
    if rem_q or rem_r:
        # pair the parts by similarity whatever their order (for organisations and vessels too:
        # "Sniper Africa" is "Africa Sniper")
        rem_q, rem_r = align_person_name_order(rem_q, rem_r)
        extras_q: list[NamePart] = []
        extras_r: list[NamePart] = []
        for al in compare_parts(rem_q, rem_r):
            if not al.qps or not al.rps:
                extras_q.extend(al.qps)
                extras_r.extend(al.rps)
                continue
            s = al.score
            if len(al.qps) == 1 and len(al.rps) == 1:
                s, why = _rescue(al.qps[0], al.rps[0], s)
                if why and s > al.score:
                    notes.append(f"'{al.qstr}' ~ '{al.rstr}' {why}: {s:.2f}")
            if len(al.qps) == 1 and len(al.rps) == 1 and s < 0.5:
                pq, pr = al.qps[0], al.rps[0]
                if _initial_of(pq, pr) or _initial_of(pr, pq):
                    s = INITIAL_SCORE
                    notes.append(f"initial '{al.qstr}' ~ '{al.rstr}': {s:.2f}")
            if s < 0.5 and al.qstr != al.rstr:
                notes.append(f"'{al.qstr}' ≠ '{al.rstr}': {s:.2f}")
            w = sum(_part_weight(p) for p in al.qps) + sum(_part_weight(p) for p in al.rps)
            got += s * w
            total += w
            if s >= 0.5:
                matched += 1
                if min(w for w in map(_part_weight, (*al.qps, *al.rps))) >= 1.0:
                    heavy_matched += 1
        # leftovers: initials against unmatched parts, then plain extras
        for eq in list(extras_q):
            for er in list(extras_r):
                if _initial_of(eq, er) or _initial_of(er, eq):
                    got += INITIAL_SCORE * 2
                    total += 2
                    matched += 1
                    heavy_matched += 1
                    notes.append(f"initial '{latin(eq)}' ~ '{latin(er)}': {INITIAL_SCORE:.2f}")
                    extras_q.remove(eq)
                    extras_r.remove(er)
                    break
        # leftovers the edit distance on rigour's forms could not pair (a form still in its own script,
        # a reordered part): paired by their latin spellings when those agree, the closest first
        rescued = sorted(
            (
                (value, why, eq, er)
                for eq in extras_q
                for er in extras_r
                for value, why in [_rescue(eq, er, 0.0)]
            ),
            key=lambda t: -t[0],
        )
        for value, why, eq, er in rescued:
            if value < 0.5 or not why or eq not in extras_q or er not in extras_r:
                continue
            w = _part_weight(eq) + _part_weight(er)
            got += value * w
            total += w
            matched += 1
            if min(_part_weight(eq), _part_weight(er)) >= 1.0:
                heavy_matched += 1
            notes.append(f"'{latin(eq)}' ~ '{latin(er)}' {why}: {value:.2f}")
            extras_q.remove(eq)
            extras_r.remove(er)
        # as many leftovers as both sides have are mismatched pairs; only the excess is "extra"
        heavy_q = sorted(extras_q, key=_part_weight, reverse=True)
        heavy_r = sorted(extras_r, key=_part_weight, reverse=True)
        for pq, pr in zip(heavy_q, heavy_r, strict=False):
            total += _part_weight(pq) + _part_weight(pr)
            if is_particle(latin(pq)) and is_particle(latin(pr)):
                got += _part_weight(pq) + _part_weight(pr)
            elif min(_part_weight(pq), _part_weight(pr)) >= 1.0:
                notes.append(f"'{latin(pq)}' ≠ '{latin(pr)}'")
        excess = heavy_q[len(heavy_r) :] + heavy_r[len(heavy_q) :]
        lone = tag == NameTypeTag.PER and heavy_matched == 1
        for p in excess:
            w = _part_weight(p) * (LONE_EXTRA_WEIGHT if lone and _part_weight(p) >= 1.0 else EXTRA_WEIGHT)
            total += w
            if w >= 0.25:
                notes.append(f"'{latin(p)}' has no counterpart")
        if lone and any(_part_weight(p) >= 1.0 for p in excess):
            notes.append("only one name part in common")
    score = got / total if total else 0.0
    return _Pairing(score, matched, len(q.parts) + len(r.parts), tuple(notes))


def name_similarity(a: str, b: str, schema: str = "Person") -> tuple[float, list[str]]:
    """The best symmetric part-alignment score of two names, with notes on what counted."""
    return analysed_similarity(analyse(a, schema), analyse(b, schema), type_tag(schema))


def analysed_similarity(na: AnalysedName, nb: AnalysedName, tag: NameTypeTag) -> tuple[float, list[str]]:
    """`name_similarity` of two names analysed beforehand (so that a listed name is analysed once)."""
    best = 0.0
    notes: list[str] = []
    for x in na.names:
        for y in nb.names:
            # one direction, in a canonical order, so that the score is symmetric by construction
            q, r = (x, y) if x.form <= y.form else (y, x)
            result = _align(q, r, tag)
            if result.score > best:
                best, notes = result.score, list(result.notes)
    # a typo inside a legal form, a part split or merged, a code with two characters swapped: the parts
    # do not align, yet the whole names are spelled nearly alike
    if na.folded and nb.folded and best < 1.0:
        spelled = fuzz.token_sort_ratio(na.folded, nb.folded, score_cutoff=SPELLING_FLOOR * 100) / 100
        if spelled > best:
            best, notes = spelled, [f"whole names spelled alike, word order aside: {spelled:.2f}"]
    return min(1.0, max(0.0, best)), notes


def _years(dates: Sequence[BirthDate]) -> list[tuple[int, int, str]]:
    """(earliest year, latest year, full date or "") for each date of birth."""
    out: list[tuple[int, int, str]] = []
    for d in dates:
        if d.kind == "between":
            ms, me = _DATE.match(d.start), _DATE.match(d.end)
            if ms and me:
                out.append((int(ms.group(1)), int(me.group(1)), ""))
            continue
        m = _DATE.match(d.date)
        if not m:
            continue
        year = int(m.group(1))
        slack = 2 if d.kind == "approximate" else 0
        full = d.date[:10] if m.group(3) and d.kind == "exact" else ""
        out.append((year - slack, year + slack, full))
    return out


def _birth_adjustment(a: Sequence[BirthDate], b: Sequence[BirthDate]) -> tuple[float, str]:
    ya, yb = _years(a), _years(b)
    if not ya or not yb:
        return 0.0, ""
    best_gap = min(
        max(0, max(s1, s2) - min(e1, e2)) for s1, e1, _ in ya for s2, e2, _ in yb
    )  # 0 when the ranges overlap
    same_day = any(f1 and f1 == f2 for _, _, f1 in ya for _, _, f2 in yb)
    if same_day:
        return SAME_BIRTH_DATE, f"same date of birth: +{SAME_BIRTH_DATE:.2f}"
    if best_gap == 0:
        return BIRTH_YEARS_AGREE, f"birth years agree: +{BIRTH_YEARS_AGREE:.2f}"
    penalty = min(0.3, 0.05 + 0.02 * best_gap)
    return -penalty, f"birth years differ by {best_gap}: −{penalty:.2f}"


def _nationality_adjustment(a: Sequence[str], b: Sequence[str]) -> tuple[float, str]:
    sa = {x.strip().lower() for x in a if x.strip()}
    sb = {x.strip().lower() for x in b if x.strip()}
    if not sa or not sb:
        return 0.0, ""
    if sa & sb:
        shared = ", ".join(sorted(sa & sb)).upper()
        return SHARED_NATIONALITY, f"shared nationality {shared}: +{SHARED_NATIONALITY:.2f}"
    return -0.1, "no nationality in common: −0.10"


def score(
    a: str,
    b: str,
    schema: str = "Person",
    *,
    a_birth: Sequence[BirthDate] = (),
    b_birth: Sequence[BirthDate] = (),
    a_nationalities: Sequence[str] = (),
    b_nationalities: Sequence[str] = (),
    threshold: float = THRESHOLD,
) -> Match:
    """Compare two names (and, when both sides give them, birth dates and nationalities)."""
    name_score, notes = name_similarity(a, b, schema)
    return adjust(
        name_score,
        notes,
        schema,
        a_birth=a_birth,
        b_birth=b_birth,
        a_nationalities=a_nationalities,
        b_nationalities=b_nationalities,
        threshold=threshold,
    )


def adjust(
    name_score: float,
    notes: Sequence[str],
    schema: str = "Person",
    *,
    a_birth: Sequence[BirthDate] = (),
    b_birth: Sequence[BirthDate] = (),
    a_nationalities: Sequence[str] = (),
    b_nationalities: Sequence[str] = (),
    threshold: float = THRESHOLD,
) -> Match:
    """The `Match` for a name score: birth dates and nationalities (persons only) move it up or down."""
    explanation = [f"names align after normalisation and transliteration: {name_score:.2f}"]
    explanation.extend(notes)
    features: dict[str, float] = {"name": round(name_score, 4)}
    total = name_score
    if schema == "Person":
        dob, why = _birth_adjustment(a_birth, b_birth)
        if why:
            features["birth_date"] = dob
            explanation.append(why)
            total += dob
        nat, why = _nationality_adjustment(a_nationalities, b_nationalities)
        if why:
            features["nationality"] = nat
            explanation.append(why)
            total += nat
    final = round(min(1.0, max(0.0, total)), 4)
    return Match(final, final >= threshold, features, explanation)
