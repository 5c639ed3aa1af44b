"""How many persons take part in initiatives of several organisations, from encodings, as counts only.

`count_overlaps` links every encoded participation of every organisation with every other (blocking on
the encodings, `blocking.link_within`), takes persons to be the connected components of the matches
(union over pairs at or above the threshold: if A matches B and B matches C, A, B and C are one person,
even if A and C would not match; one-to-one matching within an organisation is not enforced), and
returns two kinds of counts:

* per pair of initiatives, the number of persons who took part in both (no diagonal, no totals);
* per band, the number of persons who took part in 2, 3 or 4+ initiatives of 1, 2 or 3+ organisations,
  as a table with totals.

Small cells are suppressed. Band table: `suppression.suppress` (counts 0 < n < min_cell hidden, plus
complementary cells so that no hidden count follows from the totals shown beside it). Pair counts:
counts 0 < n < min_cell hidden; they have no totals, but they are tied to the band table: the pair
counts of persons in exactly 2 or 3 initiatives add up to c(2, 1) + 3 c(3, 1) + c(3, 2) (pairs of
initiatives of one organisation) and c(2, 2) + 2 c(3, 2) + 3 c(3, 3) (pairs across organisations),
exactly so when nobody is in 4+ initiatives. So within each of these two groups, a lone hidden pair
count is joined by the group's smallest shown one, and more are hidden until the hidden counts add up
to more than their number (else they would all be 1). Relations across the two outputs beyond these
two sums are not analysed: publish one of them if that matters.

Nothing in the result says which record matched which, nor how many records an initiative has.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from multitrack.core.suppression import DEFAULT_THRESHOLD, SuppressedTable, Table, suppress

from .blocking import Blocking, link_within
from .compare import THRESHOLD
from .encoding import EncodedBatch, IncompatibleEncodings, LinkageKey

Initiative = tuple[str, str]  # (organisation, initiative)
INITIATIVE_BANDS = ("2", "3", "4+")
ORGANISATION_BANDS = ("1", "2", "3+")


@dataclass(frozen=True)
class Submission:
    """One organisation's encoded participations: row i of `encodings` took part in `initiatives[i]`.

    A person who took part in several of the organisation's initiatives may appear once per initiative
    (identical encodings link) or once per participation."""

    organisation: str
    initiatives: tuple[str, ...]
    encodings: EncodedBatch

    def __post_init__(self) -> None:
        if len(self.initiatives) != len(self.encodings):
            raise ValueError(
                f"{self.organisation}: {len(self.initiatives)} initiatives given "
                f"for {len(self.encodings)} encodings"
            )


@dataclass(frozen=True)
class PairCount:
    """Persons who took part in both initiatives; None when suppressed (0 < count < min_cell, or hidden
    so that such a count cannot be worked out)."""

    first: Initiative
    second: Initiative
    persons: int | None


@dataclass(frozen=True)
class OverlapReport:
    """Counts only (see the module docstring). `bands`: rows are numbers of initiatives (2, 3, 4+),
    columns numbers of organisations (1, 2, 3+), None marks a suppressed number."""

    pairs: tuple[PairCount, ...]
    bands: SuppressedTable
    min_cell: int
    threshold: float
    key_id: str

    def pair_count(self, a: Initiative, b: Initiative) -> int | None:
        """The (possibly suppressed) count for two initiatives; 0 for a pair nobody shares."""
        for pair in self.pairs:
            if {pair.first, pair.second} == {a, b}:
                return pair.persons
        return 0


def persons(
    batch: EncodedBatch, threshold: float = THRESHOLD, blocking: Blocking | None = None
) -> npt.NDArray[np.int64]:
    """A person number for every row: rows linked directly or through others share one."""
    from scipy import sparse  # here, not at the top: importing scipy slows every start of the app
    from scipy.sparse import csgraph

    matches = link_within(batch, threshold, blocking)
    n = len(batch)
    graph = sparse.coo_matrix(
        (np.ones(len(matches), dtype=np.int8), (matches.left, matches.right)), shape=(n, n)
    )
    _, labels = csgraph.connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def count_overlaps(
    submissions: Sequence[Submission],
    *,
    threshold: float = THRESHOLD,
    min_cell: int = DEFAULT_THRESHOLD,
    blocking: Blocking | None = None,
    key: LinkageKey | None = None,
) -> OverlapReport:
    """Shared persons per pair of initiatives and per band, small cells suppressed.

    Raises IncompatibleEncodings when the submissions were made with different keys or parameters, or,
    given the current `key`, with another one (a rotated-out key)."""
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 1:
        raise ValueError(f"min_cell must be an integer >= 1, got {min_cell!r}")
    if not submissions:
        raise ValueError("no submission to count")
    if key is not None:
        for s in submissions:
            try:
                s.encodings.require_key(key)
            except IncompatibleEncodings as e:
                raise IncompatibleEncodings(f"{s.organisation}: {e}") from None
    batch = EncodedBatch.concatenate([s.encodings for s in submissions])
    initiatives = sorted({(s.organisation, i) for s in submissions for i in s.initiatives})
    index = {ini: k for k, ini in enumerate(initiatives)}
    of_row = np.array(
        [index[(s.organisation, i)] for s in submissions for i in s.initiatives], dtype=np.int64
    )
    person = persons(batch, threshold, blocking)
    # each person's distinct initiatives, persons in order
    codes = np.unique(person * len(initiatives) + of_row)
    who, what = codes // len(initiatives), codes % len(initiatives)
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    ends = np.r_[starts[1:], len(who)]
    pair_counts: dict[tuple[int, int], int] = {}
    band_pairs: list[tuple[str, str]] = []
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        if hi - lo < 2:
            continue
        mine = what[lo:hi].tolist()
        for pair in itertools.combinations(mine, 2):
            pair_counts[pair] = pair_counts.get(pair, 0) + 1
        n_orgs = len({initiatives[i][0] for i in mine})
        band_pairs.append((INITIATIVE_BANDS[min(hi - lo, 4) - 2], ORGANISATION_BANDS[min(n_orgs, 3) - 1]))
    bands = suppress(Table.from_pairs(band_pairs, INITIATIVE_BANDS, ORGANISATION_BANDS), min_cell)
    same = {p: initiatives[p[0]][0] == initiatives[p[1]][0] for p in pair_counts}
    hidden = _hidden_pairs(pair_counts, same, min_cell)
    pairs = tuple(
        PairCount(initiatives[i], initiatives[j], None if (i, j) in hidden else n)
        for (i, j), n in sorted(pair_counts.items())
    )
    return OverlapReport(pairs, bands, min_cell, threshold, batch.key_id)


def _hidden_pairs(
    counts: dict[tuple[int, int], int], same_organisation: dict[tuple[int, int], bool], min_cell: int
) -> set[tuple[int, int]]:
    """Pairs to hide: small counts, and in each group (one organisation / across organisations) enough
    others that the group's sum does not give a hidden count away (see the module docstring)."""
    hidden = {p for p, n in counts.items() if 0 < n < min_cell}
    for group_same in (True, False):
        group = sorted(p for p in counts if same_organisation[p] == group_same)
        while True:
            mine = [p for p in group if p in hidden]
            if not mine or (len(mine) >= 2 and sum(counts[p] for p in mine) > len(mine)):
                break
            shown = [p for p in group if p not in hidden and counts[p] > 0]
            if not shown:  # every count of the group is hidden already: nothing more to hide here
                break
            hidden.add(min(shown, key=lambda p: (counts[p], p)))
    return hidden
