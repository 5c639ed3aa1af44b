"""What each opinion group stands for, what everyone shares, and what divides the groups.

Counts, per group g and statement c: ``na``/``nd`` agrees/disagrees and ``ns`` seen (every vote, passes
included) among g's members; "rest" is the same over the members of the other groups (everyone grouped
and not in g), as in Pol.is. They come from one sparse product (group indicator x vote indicator).

Pol.is's statistics (``polismath.stats`` and ``repness``), with its pseudocounts:

* ``pa = (1 + na) / (2 + ns)``, ``pd = (1 + nd) / (2 + ns)``: the share agreeing / disagreeing;
* ``pat``, ``pdt``: ``prop_test(na, ns)``, whether pa is above 1/2: with s = na + 1, n = ns + 1,
  ``2·√n·(s/n − 1/2)``;
* ``ra = pa / pa_rest``, ``rd = pd / pd_rest``: how much more the group agrees than the rest;
* ``rat``, ``rdt``: ``two_prop_test(na, na_rest, ns, ns_rest)``, every count + 1, pooled z-test
  ``(p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂))`` (0 when p̂ is 1: both shares are then 1).

Rules chosen here (the names are what the app shows):

* representative of g: g saw it at least `min_seen` times and, in the agree direction, both pat and rat
  are above 1.2816 (one-sided 90 %, Pol.is's "repful" rule) — or likewise pdt and rdt for disagree.
  Ranked by Pol.is's metric ``ra·rat·pa·pat`` (or ``rd·rdt·pd·pdt``), up to `max_per_group` a group.
  With fewer than two groups there is no "rest" and nothing is representative;
* consensus (agree): every group saw it at least `min_seen` times and a majority of every group agreed
  (``pa_g > 1/2`` for all g, i.e. ``na_g > ns_g / 2``). Ranked by Pol.is's group-informed consensus, the
  product of the groups' pa. Disagree likewise with pd. Up to `limit` each;
* divisive: at least two groups saw it `min_seen` times or more and, among those, the group agreeing
  most has ``pa > 1/2`` while the group agreeing least has ``pa < 1/2``, a difference significant at
  90 % (two_prop_test > 1.2816). Ranked by the spread ``pa_most − pa_least`` (then z), up to `limit`.

Ties are broken by the statements' order, so the result is a function of the votes and the groups.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Direction = Literal["agree", "disagree"]

Z90 = 1.2816  # one-sided 90 % critical value of the standard normal
MIN_SEEN = 3


def prop_test(succ: npt.ArrayLike, n: npt.ArrayLike) -> FloatArray:
    """Pol.is's one-proportion z-score of succ out of n against 1/2, with succ + 1 and n + 1."""
    s, m = np.asarray(succ, dtype=np.float64) + 1, np.asarray(n, dtype=np.float64) + 1
    return np.asarray(2 * np.sqrt(m) * (s / m - 0.5), dtype=np.float64)


def two_prop_test(
    succ1: npt.ArrayLike, succ2: npt.ArrayLike, n1: npt.ArrayLike, n2: npt.ArrayLike
) -> FloatArray:
    """Pol.is's pooled two-proportion z-score of succ1/n1 against succ2/n2, every count + 1."""
    s1, s2 = np.asarray(succ1, dtype=np.float64) + 1, np.asarray(succ2, dtype=np.float64) + 1
    m1, m2 = np.asarray(n1, dtype=np.float64) + 1, np.asarray(n2, dtype=np.float64) + 1
    pooled = (s1 + s2) / (m1 + m2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / m1 + 1 / m2))
    diff = s1 / m1 - s2 / m2
    return np.asarray(
        np.divide(diff, spread, out=np.zeros(np.broadcast(diff, spread).shape), where=spread > 0)
    )


@dataclass(frozen=True, eq=False)  # holds numpy arrays: compared by identity
class GroupCounts:
    """Agrees, disagrees and seen per group (rows) and statement (columns)."""

    statements: tuple[Hashable, ...]
    na: IntArray
    nd: IntArray
    ns: IntArray

    @property
    def k(self) -> int:
        return int(self.na.shape[0])


def group_counts(
    group_of: IntArray,
    k: int,
    seen: sparse.csr_matrix,
    agree: sparse.csr_matrix,
    disagree: sparse.csr_matrix,
    statements: tuple[Hashable, ...],
) -> GroupCounts:
    """Counts per group from the 0/1 participants x statements matrices; `group_of[i]` is row i's group
    (-1: in no group)."""
    rows = np.flatnonzero(group_of >= 0)
    member = sparse.csr_matrix(
        (np.ones(len(rows)), (group_of[rows], rows)), shape=(k, seen.shape[0]), dtype=np.float64
    )

    def count(indicator: sparse.csr_matrix) -> IntArray:
        product: FloatArray = np.asarray((member @ indicator).todense(), dtype=np.float64)
        return np.rint(product).astype(np.int64).reshape(k, seen.shape[1])

    return GroupCounts(statements, count(agree), count(disagree), count(seen))


@dataclass(frozen=True)
class Representative:
    """A statement that sets group `group` apart, with every number behind the judgement."""

    statement: Hashable
    group: int
    direction: Direction
    metric: float  # ra·rat·pa·pat (agree) or rd·rdt·pd·pdt (disagree)
    na: int
    nd: int
    ns: int
    na_rest: int
    nd_rest: int
    ns_rest: int
    pa: float
    pd: float
    pat: float
    pdt: float
    pa_rest: float
    pd_rest: float
    ra: float
    rd: float
    rat: float
    rdt: float


def representative(
    counts: GroupCounts, *, max_per_group: int = 5, min_seen: int = MIN_SEEN
) -> tuple[tuple[Representative, ...], ...]:
    """The representative statements of each group, best first (see the module docstring)."""
    if counts.k < 2:
        return tuple(() for _ in range(counts.k))
    na, nd, ns = counts.na, counts.nd, counts.ns
    na_r, nd_r, ns_r = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (1 + na) / (2 + ns), (1 + nd) / (2 + ns)
    pa_r, pd_r = (1 + na_r) / (2 + ns_r), (1 + nd_r) / (2 + ns_r)
    pat, pdt = prop_test(na, ns), prop_test(nd, ns)
    rat, rdt = two_prop_test(na, na_r, ns, ns_r), two_prop_test(nd, nd_r, ns, ns_r)
    ra, rd = pa / pa_r, pd / pd_r
    agree_metric, disagree_metric = ra * rat * pa * pat, rd * rdt * pd * pdt
    enough = ns >= min_seen
    agree_ok = enough & (pat > Z90) & (rat > Z90)
    disagree_ok = enough & (pdt > Z90) & (rdt > Z90)
    use_agree = agree_ok & (~disagree_ok | (agree_metric >= disagree_metric))
    metric = np.where(use_agree, agree_metric, disagree_metric)
    out = []
    for g in range(counts.k):
        chosen = np.flatnonzero(agree_ok[g] | disagree_ok[g])
        chosen = chosen[np.lexsort((chosen, -metric[g, chosen]))][:max_per_group]
        out.append(
            tuple(
                Representative(
                    statement=counts.statements[c],
                    group=g,
                    direction="agree" if use_agree[g, c] else "disagree",
                    metric=float(metric[g, c]),
                    na=int(na[g, c]),
                    nd=int(nd[g, c]),
                    ns=int(ns[g, c]),
                    na_rest=int(na_r[g, c]),
                    nd_rest=int(nd_r[g, c]),
                    ns_rest=int(ns_r[g, c]),
                    pa=float(pa[g, c]),
                    pd=float(pd[g, c]),
                    pat=float(pat[g, c]),
                    pdt=float(pdt[g, c]),
                    pa_rest=float(pa_r[g, c]),
                    pd_rest=float(pd_r[g, c]),
                    ra=float(ra[g, c]),
                    rd=float(rd[g, c]),
                    rat=float(rat[g, c]),
                    rdt=float(rdt[g, c]),
                )
                for c in chosen.tolist()
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Consensus:
    """A statement every group leans the same way on; `by_group[g]` is P(direction | g)."""

    statement: Hashable
    direction: Direction
    probability: float  # group-informed consensus: the product of by_group
    by_group: tuple[float, ...]
    votes: tuple[int, ...]  # na (agree) or nd (disagree) per group
    seen: tuple[int, ...]


def consensus(
    counts: GroupCounts, *, limit: int = 5, min_seen: int = MIN_SEEN
) -> tuple[tuple[Consensus, ...], tuple[Consensus, ...]]:
    """Agree and disagree consensus statements, best first (see the module docstring)."""
    if counts.k < 1:
        return (), ()
    ns = counts.ns
    found: list[tuple[Consensus, ...]] = []
    for direction, n in (("agree", counts.na), ("disagree", counts.nd)):
        p = (1 + n) / (2 + ns)
        product = p.prod(axis=0)
        ok = np.flatnonzero(((ns >= min_seen) & (p > 0.5)).all(axis=0))
        ok = ok[np.lexsort((ok, -product[ok]))][:limit]
        found.append(
            tuple(
                Consensus(
                    statement=counts.statements[c],
                    direction="agree" if direction == "agree" else "disagree",
                    probability=float(product[c]),
                    by_group=tuple(float(x) for x in p[:, c]),
                    votes=tuple(int(x) for x in n[:, c]),
                    seen=tuple(int(x) for x in ns[:, c]),
                )
                for c in ok.tolist()
            )
        )
    return found[0], found[1]


@dataclass(frozen=True)
class Divisive:
    """A statement the groups split on: group `most` agrees most, group `least` least."""

    statement: Hashable
    spread: float  # agree share (pa) of `most` minus that of `least`
    z: float  # two_prop_test of their agrees
    most: int
    least: int
    agree_by_group: tuple[float, ...]  # pa per group
    disagree_by_group: tuple[float, ...]  # pd per group
    seen: tuple[int, ...]


def divisive(counts: GroupCounts, *, limit: int = 5, min_seen: int = MIN_SEEN) -> tuple[Divisive, ...]:
    """The statements that divide the groups most, best first (see the module docstring)."""
    if counts.k < 2:
        return ()
    na, nd, ns = counts.na, counts.nd, counts.ns
    pa, pd = (1 + na) / (2 + ns), (1 + nd) / (2 + ns)
    enough = ns >= min_seen
    most = np.argmax(np.where(enough, pa, -np.inf), axis=0)
    least = np.argmin(np.where(enough, pa, np.inf), axis=0)
    cols = np.arange(ns.shape[1])
    z = two_prop_test(na[most, cols], na[least, cols], ns[most, cols], ns[least, cols])
    spread = pa[most, cols] - pa[least, cols]
    ok = (enough.sum(axis=0) >= 2) & (pa[most, cols] > 0.5) & (pa[least, cols] < 0.5) & (z > Z90)
    chosen = np.flatnonzero(ok)
    chosen = chosen[np.lexsort((chosen, -z[chosen], -spread[chosen]))][:limit]
    return tuple(
        Divisive(
            statement=counts.statements[c],
            spread=float(spread[c]),
            z=float(z[c]),
            most=int(most[c]),
            least=int(least[c]),
            agree_by_group=tuple(float(x) for x in pa[:, c]),
            disagree_by_group=tuple(float(x) for x in pd[:, c]),
            seen=tuple(int(x) for x in ns[:, c]),
        )
        for c in chosen.tolist()
    )
