"""A candidate index over listed names, so that screening a name does not score it against every entry.

Built once from the listed entries: every listed name is analysed once (rigour parts, latin forms,
known-name symbols) and each of its parts gives blocking keys — the consonant skeleton and the
metaphone key of its latin form, and the known-name symbols that cover it (the same given name in two
scripts). Particles ("al", "bin", "van") and legal forms give none.

`search` analyses the query the same way and looks its keys up:

- only *rare* keys (held by at most `max_share` of the listed names of that kind) make a candidate;
  a query whose parts all have common keys ("Mohammed Ali") takes the names that share keys with two
  of its parts;
- a candidate is then counted by how many query parts it shares a key with (common keys count here),
  and only names covering enough of both sides are scored (`min_coverage`), the best covered first
  (`max_candidates`);
- the survivors are scored with the matcher (`analysed_similarity`, so the same score as
  `matcher.score`), the best of an entry's names wins, birth dates and nationalities adjust it.

Schemas are kept apart: persons, organisation-like (Organization, Company, LegalEntity) and objects
(Vessel, Aircraft) never meet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rigour.names import Name, NamePart, NamePartTag, NameTypeTag

from multitrack.core.screening.entries import BirthDate, ListedName, ListEntry
from multitrack.core.screening.matcher import THRESHOLD, adjust, analysed_similarity
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

MAX_SHARE = 0.05  # a key held by more than this share of the names of a kind makes no candidate alone
MIN_POSTINGS = 20  # … unless it is held by at most this many names (small lists)
MIN_COVERAGE = 0.34  # share of both sides' parts that must share a key before a name is scored
MAX_CANDIDATES = 60  # names scored at most per query, the best covered first
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
        if not keys and form:
            keys.add(f"f:{form}")
        if keys:
            out.append(frozenset(keys))
    return out


def name_keys(analysed: AnalysedName) -> list[frozenset[str]]:
    """Per part (over every analysed form of the name), its set of blocking keys; no duplicates."""
    seen: set[frozenset[str]] = set()
    out: list[frozenset[str]] = []
    for form in analysed.names:
        for keys in _part_keys(form):
            if keys not in seen:
                seen.add(keys)
                out.append(keys)
    return out


@dataclass(frozen=True)
class _Listed:
    entry: int  # index into CandidateIndex.entries
    name: str
    analysed: AnalysedName
    keys: frozenset[str]  # every key of every part
    parts: int  # keyed parts of the longest form


class CandidateIndex:
    """Listed names analysed once, with blocking keys per kind (person, organisation, object)."""

    def __init__(
        self,
        entries: Iterable[IndexedEntry],
        *,
        max_share: float = MAX_SHARE,
        min_coverage: float = MIN_COVERAGE,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self.entries: tuple[IndexedEntry, ...] = tuple(entries)
        self.max_share = max_share
        self.min_coverage = min_coverage
        self.max_candidates = max_candidates
        self.names: list[_Listed] = []
        self._postings: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._sizes: dict[str, int] = defaultdict(int)
        self.scored = 0  # names scored by the matcher in the last search (to see what blocking saves)
        for i, entry in enumerate(self.entries):
            group = schema_group(entry.schema)
            for listed in entry.names:
                if not listed.name.strip():
                    continue
                analysed = analyse(listed.name, entry.schema)
                if not analysed.names:
                    continue
                per_part = name_keys(analysed)
                keys = frozenset().union(*per_part) if per_part else frozenset()
                parts = max(len(_part_keys(form)) for form in analysed.names)
                nid = len(self.names)
                self.names.append(_Listed(i, listed.name, analysed, keys, parts))
                self._sizes[group] += 1
                postings = self._postings[group]
                for key in keys:
                    postings[key].append(nid)

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, analysed: AnalysedName, group: str) -> list[int]:
        """Names worth scoring against `analysed`, the best covered first."""
        postings = self._postings.get(group)
        if not postings:
            return []
        limit = max(float(MIN_POSTINGS), self.max_share * self._sizes[group])
        parts = name_keys(analysed)
        if not parts:
            return []
        found: set[int] = set()
        for keys in parts:
            for key in keys:
                ids = postings.get(key)
                if ids and len(ids) <= limit:
                    found.update(ids)
        if not found:
            # every key is common: names sharing keys with two of the query's parts (one for one part)
            sets = [{i for k in keys for i in postings.get(k, ())} for keys in parts]
            sets = [ids for ids in sets if ids]
            if len(sets) == 1:
                found = sets[0]
            for a, b in combinations(sets, 2):
                found |= a & b
        qparts = max(len(_part_keys(form)) for form in analysed.names)
        # a part's rarity: 1 / log of how many names hold its rarest key (shared keys rank higher)
        rarity = [{k: 1.0 / math.log(2 + len(postings.get(k, ()))) for k in keys} for keys in parts]
        ranked: list[tuple[float, float, int]] = []
        for nid in found:
            listed = self.names[nid]
            hits = 0
            weight = 0.0
            for weights in rarity:
                shared = [w for k, w in weights.items() if k in listed.keys]
                if shared:
                    hits += 1
                    weight += max(shared)
            coverage = 2 * min(hits, qparts, listed.parts) / (qparts + listed.parts)
            if coverage >= self.min_coverage:
                ranked.append((-coverage, -weight, nid))
        ranked.sort()
        return [nid for _, _, nid in ranked[: self.max_candidates]]

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
        for nid in self.candidates(analysed, schema_group(schema)):
            listed = self.names[nid]
            self.scored += 1
            value, notes = analysed_similarity(analysed, listed.analysed, tag)
            current = best.get(listed.entry)
            if current is None or value > current[0]:
                best[listed.entry] = (value, notes, listed.name)
        hits: list[Hit] = []
        for i, (value, notes, matched) in best.items():
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
