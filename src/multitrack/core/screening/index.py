"""A candidate index over listed names, so that screening a name does not score it against every entry.

Built once from the listed entries: every listed name is analysed once (rigour parts, latin forms,
known-name symbols) and each of its parts gives blocking keys — the consonant skeleton and the
metaphone key of its latin form, the known-name symbols that cover it (the same given name in two
scripts), and the form with each letter deleted in turn (a typo, a doubled, dropped or swapped letter
leaves two spellings sharing one of those). Particles ("al", "bin", "van") and legal forms give none.
The postings of each kind of name are one flat array, so a query's keys are counted with numpy.

`search` analyses the query the same way and looks its keys up:

- a name becomes a candidate when it holds a *rare* key of the query (held by at most `max_share` of
  the listed names of that kind) or shares keys with two of the query's parts ("Mohammed Ali", whose
  keys are all common);
- it is scored only when its *coverage* — query parts it shares a key with, against the parts of both
  sides — reaches `min_coverage` (a name sharing one part of three cannot reach the threshold), the
  best covered and closest spelled first, at most `max_candidates`;
- the survivors are scored with the matcher (`analysed_similarity`, so the same score as
  `matcher.score`), the best of an entry's names wins (a match through an alias the list grades
  "low" says so: UN "Low" aliases include noms de guerre such as "Abu Bakr al-Baghdadi", so they are
  not discounted), and birth dates and nationalities adjust it.

Schemas are kept apart: persons, organisation-like (Organization, Company, LegalEntity) and objects
(Vessel, Aircraft) never meet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rigour.names import Name, NamePart, NamePartTag, NameTypeTag

from multitrack.core.screening.entries import BirthDate, ListedName, ListEntry
from multitrack.core.screening.matcher import MAX_RAISE, THRESHOLD, adjust, analysed_similarity
from multitrack.core.screening.names import (
    OBJECT_SCHEMAS,
    PERSON_SCHEMAS,
    AnalysedName,
    analyse,
    is_particle,
    latin,
    phonetic,
    skeleton,
    type_tag,
)

MIN_DELETION_LENGTH = 4  # shorter parts get no one-letter-deleted keys (too many names share them)
MAX_SHARE = 0.05  # a key held by more than this share of the names of a kind makes no candidate alone
MIN_POSTINGS = 20  # … unless it is held by at most this many names (small lists)
# What a name can still score when some parts share no key (the matcher may yet match them by spelling):
PAIR_GUESS = 0.6  # a pair of leftover parts scores at most this
EXTRA_GUESS = 0.2  # a part without counterpart weighs at least this (the matcher: 0.3)
MAX_CANDIDATES = 30  # names scored at most per query, the best covered first
_NO_KEYS = (NamePartTag.STOP, NamePartTag.LEGAL, NamePartTag.HONORIFIC, NamePartTag.TITLE)


def schema_group(schema: str) -> str:
    """ "person", "object" (Vessel, Aircraft) or "organisation" (everything else)."""
    if schema in PERSON_SCHEMAS:
        return "person"
    if schema in OBJECT_SCHEMAS:
        return "object"
    return "organisation"


@dataclass(frozen=True)
class IndexedEntry:
    source: str
    entry_id: str
    schema: str
    names: tuple[ListedName, ...]
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()

    @classmethod
    def from_list_entry(cls, entry: ListEntry) -> IndexedEntry:
        return cls(
            entry.source, entry.entry_id, entry.schema, entry.names, entry.birth_dates, entry.nationalities
        )


@dataclass(frozen=True)
class Hit:
    source: str
    entry_id: str
    schema: str
    matched_name: str
    score: float
    explanation: tuple[str, ...]


def _heavy(part: NamePart) -> bool:
    return part.tag not in _NO_KEYS and not is_particle(latin(part))


def _deletions(form: str) -> set[str]:
    """The form and each form with one letter deleted (a typo, a doubled or dropped letter, two
    letters swapped: the two spellings share one of these)."""
    if len(form) < MIN_DELETION_LENGTH or not form.isalpha():
        return set()
    return {f"d:{form}"} | {f"d:{form[:i]}{form[i + 1 :]}" for i in range(len(form))}


def _part_keys(name: Name) -> list[frozenset[str]]:
    """Blocking keys of each keyed part of one analysed form (all parts when none is heavy)."""
    symbols: dict[NamePart, set[str]] = defaultdict(set)
    for span in name.spans:
        if span.symbol.category.value in ("INITIAL", "ORGCLS", "ORG_CLASS"):
            continue
        for part in span.parts:
            symbols[part].add(f"y:{span.symbol}")
    parts = [p for p in name.parts if _heavy(p)] or list(name.parts)
    out: list[frozenset[str]] = []
    for part in parts:
        form = latin(part)
        keys = set(symbols.get(part, ()))
        sk = skeleton(form)
        if len(sk) >= 2 or (sk and form.isdigit()):
            keys.add(f"s:{sk}")
        ph = phonetic(form)
        if len(ph) >= 2:
            keys.add(f"p:{ph}")
        keys |= _deletions(form)
        if not keys and form:
            keys.add(f"f:{form}")
        if keys:
            out.append(frozenset(keys))
    return out


def name_keys(analysed: AnalysedName) -> list[frozenset[str]]:
    """Per part (over every analysed form of the name), its set of blocking keys; no duplicates."""
    return _keys_and_parts(analysed)[0]


def _keys_and_parts(analysed: AnalysedName) -> tuple[list[frozenset[str]], int]:
    """`name_keys` and the number of keyed parts of the longest form."""
    seen: set[frozenset[str]] = set()
    out: list[frozenset[str]] = []
    longest = 0
    for form in analysed.names:
        per_part = _part_keys(form)
        longest = max(longest, len(per_part))
        for keys in per_part:
            if keys not in seen:
                seen.add(keys)
                out.append(keys)
    return out, longest


@dataclass(frozen=True)
class _Listed:
    entry: int  # index into CandidateIndex.entries
    name: str
    analysed: AnalysedName
    low_quality: bool  # an alias the list itself grades "low" (weak a.k.a.)


class _Group:
    """The listed names of one kind (person, organisation, object) and their postings: for each
    blocking key, the positions (in `nids`) of the names holding it, as one flat array."""

    def __init__(self) -> None:
        self.nids: list[int] = []  # position → index into CandidateIndex.names
        self.parts: list[int] = []  # keyed parts of the name's longest form
        self.building: dict[str, list[int]] = defaultdict(list)
        self.slots: dict[str, tuple[int, int]] = {}  # key → (start, end) in `flat`
        self.flat = np.zeros(0, dtype=np.int32)
        self.part_counts = np.zeros(0, dtype=np.int32)

    def add(self, nid: int, keys: Iterable[str], parts: int) -> None:
        pos = len(self.nids)
        self.nids.append(nid)
        self.parts.append(parts)
        for key in keys:
            self.building[key].append(pos)

    def freeze(self) -> None:
        chunks: list[list[int]] = []
        start = 0
        for key, positions in self.building.items():
            self.slots[key] = (start, start + len(positions))
            chunks.append(positions)
            start += len(positions)
        self.flat = np.fromiter((p for c in chunks for p in c), dtype=np.int32, count=start)
        self.part_counts = np.asarray(self.parts, dtype=np.int32)
        self.building = defaultdict(list)

    def __len__(self) -> int:
        return len(self.nids)


class CandidateIndex:
    """Listed names analysed once, with blocking keys per kind (person, organisation, object)."""

    def __init__(
        self,
        entries: Iterable[IndexedEntry],
        *,
        max_share: float = MAX_SHARE,
        slack: float = 0.0,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self.entries: tuple[IndexedEntry, ...] = tuple(entries)
        self.max_share = max_share
        self.slack = slack
        self.max_candidates = max_candidates
        self.names: list[_Listed] = []
        self._groups: dict[str, _Group] = defaultdict(_Group)
        self.scored = 0  # names scored by the matcher in the last search (to see what blocking saves)
        for i, entry in enumerate(self.entries):
            group = self._groups[schema_group(entry.schema)]
            for listed in entry.names:
                if not listed.name.strip():
                    continue
                analysed = analyse(listed.name, entry.schema)
                if not analysed.names:
                    continue
                per_part, parts = _keys_and_parts(analysed)
                keys = frozenset().union(*per_part) if per_part else frozenset()
                nid = len(self.names)
                self.names.append(_Listed(i, listed.name, analysed, listed.quality == "low"))
                group.add(nid, keys, parts)
        for group in self._groups.values():
            group.freeze()

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, analysed: AnalysedName, group_name: str, threshold: float = THRESHOLD) -> list[int]:
        """Names worth scoring against `analysed`, the best covered first.

        Counted with arrays: for each query part, the names holding any of its keys; a name's *hits*
        are the query parts it shares a key with, its *shared* count the keys it shares in all (more
        shared deletion keys: a closer spelling). A name is a candidate when one of its hits comes from
        a rare key, or it shares keys with two of the query's parts (every part when it has one), and
        its coverage — hits against the parts of both sides — reaches `min_coverage`."""
        group = self._groups.get(group_name)
        if group is None or not len(group):
            return []
        parts, qparts = _keys_and_parts(analysed)
        if not parts:
            return []
        limit = max(float(MIN_POSTINGS), self.max_share * len(group))
        flat, slots = group.flat, group.slots
        size = len(group)
        hits = np.zeros(size, dtype=np.int32)
        rare_arrays: list[np.ndarray] = []
        key_arrays: list[np.ndarray] = []
        for keys in parts:
            part_arrays: list[np.ndarray] = []
            for key in keys:
                slot = slots.get(key)
                if slot is None:
                    continue
                ids = flat[slot[0] : slot[1]]
                part_arrays.append(ids)
                if slot[1] - slot[0] <= limit:
                    rare_arrays.append(ids)
            if part_arrays:
                joined = np.concatenate(part_arrays)
                key_arrays.append(joined)
                hits[joined] += 1  # fancy-index assignment: a name holding several keys counts once
        if not key_arrays:
            return []
        eligible = hits >= min(2, qparts)
        if rare_arrays:
            eligible[np.concatenate(rare_arrays)] = True
        positions = np.flatnonzero(eligible)
        if not len(positions):
            return []
        lparts = group.part_counts[positions]
        shorter = np.minimum(lparts, qparts)
        covered = np.minimum(hits[positions], shorter)
        leftover_pairs = shorter - covered
        extras = np.abs(lparts - qparts)
        estimate = (2.0 * covered + 2.0 * PAIR_GUESS * leftover_pairs) / np.maximum(
            2.0 * covered + 2.0 * leftover_pairs + EXTRA_GUESS * extras, 1e-9
        )
        keep = estimate >= threshold - self.slack
        positions, estimate = positions[keep], estimate[keep]
        if not len(positions):
            return []
        shared = np.bincount(np.concatenate(key_arrays), minlength=size)[positions]
        order = np.lexsort((-shared, -estimate))[: self.max_candidates]
        nids = group.nids
        return [nids[p] for p in positions[order].tolist()]

    def search(
        self,
        name: str,
        schema: str = "Person",
        birth_dates: Sequence[BirthDate] = (),
        nationalities: Sequence[str] = (),
        threshold: float = THRESHOLD,
        limit: int = 10,
    ) -> list[Hit]:
        """Entries whose best name scores at least `threshold` against `name`, best first."""
        self.scored = 0
        if not name.strip():
            return []
        analysed = analyse(name, schema)
        if not analysed.names:
            return []
        tag: NameTypeTag = type_tag(schema)
        best: dict[int, tuple[float, list[str], str]] = {}
        # birth dates and nationalities can lift a name score by up to MAX_RAISE
        reach = threshold - (MAX_RAISE if birth_dates or nationalities else 0.0)
        for nid in self.candidates(analysed, schema_group(schema), reach):
            listed = self.names[nid]
            self.scored += 1
            value, notes = analysed_similarity(analysed, listed.analysed, tag)
            if listed.low_quality:
                notes = [*notes, "through an alias the list grades low quality"]
            current = best.get(listed.entry)
            if current is None or value > current[0]:
                best[listed.entry] = (value, notes, listed.name)
        hits: list[Hit] = []
        for i, (value, notes, matched) in best.items():
            if value + MAX_RAISE < threshold:
                continue  # no birth date or nationality could lift it to the threshold
            entry = self.entries[i]
            match = adjust(
                value,
                notes,
                schema,
                a_birth=birth_dates,
                b_birth=entry.birth_dates,
                a_nationalities=nationalities,
                b_nationalities=entry.nationalities,
                threshold=threshold,
            )
            if match.match:
                hits.append(
                    Hit(
                        entry.source,
                        entry.entry_id,
                        entry.schema,
                        matched,
                        match.score,
                        tuple(match.explanation),
                    )
                )
        hits.sort(key=lambda h: (-h.score, h.source, h.entry_id))
        return hits[:limit]
