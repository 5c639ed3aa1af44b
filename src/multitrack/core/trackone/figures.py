"""What the landscape counts from Track One data: agreements a year, mediation events by a key, delegates.

Every function takes plain records (or tuples) and returns plain dicts, ready for JSON; the caller adds
the dataset and version the figures come from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from .records import ROLES


class EventLike(Protocol):
    """What counting needs of a mediation event (a core record or a stored row)."""

    @property
    def event_id(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def third_parties(self) -> Sequence[str]: ...


class DelegationLike(Protocol):
    """What totalling needs of a delegation: counts, None where not known."""

    @property
    def delegates(self) -> int | None: ...
    @property
    def women(self) -> int | None: ...
    @property
    def roles(self) -> Mapping[str, Sequence[int | None]]: ...


BY = ("third-party", "country", "year")


def agreements_by_year(
    agreements: Iterable[tuple[int, bool]], first: int | None = None, last: int | None = None
) -> list[dict[str, int]]:
    """One object per year from `first` to `last` (default: the years the agreements span), with the
    agreements signed that year and how many have provisions on women, girls and gender. `agreements` are
    (signing year, gender provisions) pairs; years without an agreement inside the range read 0."""
    count: Counter[int] = Counter()
    gender: Counter[int] = Counter()
    for year, has_gender in agreements:
        count[year] += 1
        gender[year] += bool(has_gender)
    if not count:
        return []
    start = first if first is not None else min(count)
    end = last if last is not None else max(count)
    return [
        {"year": y, "agreements": count[y], "gender_provisions": gender[y]} for y in range(start, end + 1)
    ]


def mediation_counts(events: Iterable[EventLike], by: str) -> list[dict[str, Any]]:
    """Distinct mediation events per third party, conflict country or year, most events first.

    An event with three third parties counts once for each of them (and so the rows by third party add up
    to more than the events); an event listed twice under one key counts once."""
    if by not in BY:
        raise ValueError(f"unknown grouping {by!r}; expected one of {', '.join(BY)}")
    seen: dict[str | int, set[str]] = defaultdict(set)
    for event in events:
        keys: Sequence[str | int]
        if by == "third-party":
            keys = event.third_parties or ("(none recorded)",)
        elif by == "country":
            keys = (event.country,)
        else:
            keys = (event.year,)
        for key in keys:
            seen[key].add(event.event_id)
    rows = [{"key": key, "events": len(ids)} for key, ids in seen.items()]
    if by == "year":
        return sorted(rows, key=lambda r: r["key"])
    return sorted(rows, key=lambda r: (-r["events"], str(r["key"]).casefold()))


def _share(women: int, total: int) -> float | None:
    return round(women / total, 4) if total else None


def delegate_totals(delegations: Iterable[DelegationLike]) -> dict[str, Any]:
    """Delegates and women delegates over all agreements, and by role (signatories, negotiators, mediators,
    observers). A count marked NA is left out with its women's count, and `agreements` says how many
    agreements each total rests on."""
    total = {"agreements": 0, "delegates": 0, "women": 0}
    roles = {role: {"agreements": 0, "delegates": 0, "women": 0} for role in ROLES}
    listed = 0
    for d in delegations:
        listed += 1
        if d.delegates is not None and d.women is not None:
            total["agreements"] += 1
            total["delegates"] += d.delegates
            total["women"] += d.women
        for role in ROLES:
            n, w = d.roles.get(role, (None, None))
            if n is not None and w is not None:
                roles[role]["agreements"] += 1
                roles[role]["delegates"] += n
                roles[role]["women"] += w
    return {
        "agreements": listed,
        "overall": {**total, "women_share": _share(total["women"], total["delegates"])},
        "roles": {
            role: {**counts, "women_share": _share(counts["women"], counts["delegates"])}
            for role, counts in roles.items()
        },
    }
