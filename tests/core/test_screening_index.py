"""The candidate index: finds variant spellings, prunes by blocking keys, keeps schemas apart, and
gives the same results as scoring every pair with `matcher.score` on a small list."""

from __future__ import annotations

import pytest

from multitrack.core.screening.entries import BirthDate, ListedName
from multitrack.core.screening.index import CandidateIndex, IndexedEntry, schema_group
from multitrack.core.screening.matcher import THRESHOLD, score


def person(entry_id: str, *names: str, births: tuple[BirthDate, ...] = (), nat: tuple[str, ...] = ()):
    listed = tuple(ListedName(n, "primary" if i == 0 else "alias") for i, n in enumerate(names))
    return IndexedEntry("un-sc", entry_id, "Person", listed, births, nat)


def org(entry_id: str, name: str, schema: str = "Organization"):
    return IndexedEntry("ofac-sdn", entry_id, schema, (ListedName(name),))


LISTED = [
    person("QDi.001", "Usama Muhammed Awad Bin Laden", "Osama bin Laden"),
    person("QDi.002", "Abu Bakr al-Baghdadi", "Ibrahim Awwad Ibrahim Ali al-Badri"),
    person(
        "LYi.001",
        "Muammar Mohammed Abu Minyar Qadhafi",
        "Muammar al-Qadhafi",
        births=(BirthDate("exact", "1942-06-07"),),
    ),
    person("RUi.001", "Vladimir Vladimirovich Putin", nat=("RU",)),
    person("XXi.001", "Maria Gonzalez Lopez"),
    person("XXi.002", "Hans Peter Mueller"),
    org("100", "Al-Qaida"),
    org("101", "Global Relief Foundation"),
    IndexedEntry("ofac-sdn", "200", "Vessel", (ListedName("Putin Star"),)),
]
# filler names (common given names, distinct family names) so that blocking has something to prune
FILLER = [
    person(f"F{i}", f"{given} {family}")
    for i, (given, family) in enumerate(
        (g, f)
        for g in ("John", "Ahmed", "Olga", "Pierre", "Chen", "Fatima", "Ivan", "Lucia")
        for f in ("Smithfield", "Karimov", "Dubois", "Nakamura", "Okafor", "Lindqvist", "Haddad", "Novak")
    )
]


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    return CandidateIndex(LISTED + FILLER)


def ids(hits) -> list[str]:
    return [h.entry_id for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Osama bin Ladin", "QDi.001"),
        ("أبو بكر البغدادي", "QDi.002"),
        ("Baghdadi, Abu Bakr", "QDi.002"),
        ("Абу Бакр аль-Багдади", "QDi.002"),
        ("Muammar Gaddafi", "LYi.001"),
        ("Владимир Путин", "RUi.001"),
        ("Putin Vladimir", "RUi.001"),
    ],
)
def test_finds_variants(index: CandidateIndex, query: str, expected: str) -> None:
    hits = index.search(query)
    assert hits and hits[0].entry_id == expected
    assert hits[0].score >= THRESHOLD
    assert hits[0].explanation[0].startswith("names align")


def test_innocent_name_has_no_candidate(index: CandidateIndex) -> None:
    assert index.search("Jonathan Whitaker") == []
    # sharing one given name with many listed names: none of them can reach the threshold, none is scored
    assert index.search("Ahmed Whitaker") == []
    assert index.scored == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Vladimir Puitn", "RUi.001"),  # two letters swapped
        ("Hans Peter Muler", "XXi.002"),  # a letter dropped (Müller → Mueller on the list)
        ("Maria Gonzallez Lopez", "XXi.001"),  # a letter doubled
        ("Maria Gonzalez Lopex", "XXi.001"),  # a letter replaced
    ],
)
def test_typos_share_a_deletion_key(index: CandidateIndex, query: str, expected: str) -> None:
    assert expected in ids(index.search(query))


def test_low_quality_alias_is_named_in_the_explanation() -> None:
    entry = IndexedEntry(
        "un-sc",
        "QDi.900",
        "Person",
        (ListedName("Yusuf Abdallah Haddad"), ListedName("Yusuf", "alias", "low")),
    )
    index = CandidateIndex([entry, *FILLER])
    hit = index.search("Yusuf")[0]
    assert hit.matched_name == "Yusuf"
    assert hit.score == 1.0
    assert "through an alias the list grades low quality" in hit.explanation
    assert index.search("Yusuf Karimov") == []  # one given name in common is not a match
    full = index.search("Yusuf Abdallah Haddad")[0]
    assert full.score == 1.0 and not any("low quality" in line for line in full.explanation)


def test_blocking_prunes(index: CandidateIndex) -> None:
    index.search("Osama bin Ladin")
    assert 0 < index.scored <= 3 < len(index.names) // 10


def test_schemas_are_kept_apart(index: CandidateIndex) -> None:
    assert ids(index.search("Al Qaeda", "Organization")) == ["100"]
    assert ids(index.search("Al Qaeda", "Company")) == ["100"]
    assert index.search("Al Qaeda", "Person") == []
    assert ids(index.search("Putin Star", "Vessel")) == ["200"]
    assert "200" not in ids(index.search("Putin Star", "Person"))
    assert "RUi.001" not in ids(index.search("Vladimir Putin", "Vessel"))
    assert [schema_group(s) for s in ("Person", "Company", "LegalEntity", "Aircraft")] == [
        "person",
        "organisation",
        "organisation",
        "object",
    ]


def test_birth_date_and_nationality_adjust(index: CandidateIndex) -> None:
    plain = index.search("Muammar Gaddafi")[0]
    same = index.search("Muammar Gaddafi", birth_dates=(BirthDate("exact", "1942-06-07"),))[0]
    assert same.score == pytest.approx(min(1.0, plain.score + 0.1))
    assert any("same date of birth" in line for line in same.explanation)
    assert index.search("Vladimir Putin", nationalities=("FR",), threshold=0.95) == []


def test_limit_and_threshold(index: CandidateIndex) -> None:
    assert len(index.search("Ahmed Karimov", threshold=0.3, limit=2)) == 2
    scores = [h.score for h in index.search("Ahmed Karimov", threshold=0.3)]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "Usama bin Ladin",
        "Ibrahim al-Badri",
        "Mohammed Qadhafi",
        "Putin",
        "Maria Gonzales",
        "Hans Müller",
        "Ahmed Karimov",
        "Olga Novak",
        "Fatima Haddad Dubois",
    ],
)
def test_same_as_brute_force(index: CandidateIndex, query: str) -> None:
    """Every entry whose best name scores ≥ threshold by `score()` is found, with that score."""
    expected: dict[str, float] = {}
    for entry in LISTED + FILLER:
        if entry.schema != "Person":
            continue
        best = max(score(query, n.name, "Person").score for n in entry.names)
        if best >= THRESHOLD:
            expected[entry.entry_id] = best
    found = {h.entry_id: h.score for h in index.search(query, limit=100)}
    assert found == expected
