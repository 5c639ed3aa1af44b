"""Before a new actor is created: the recorded actors whose names resemble it (a duplicate hint).

Only among the actors the user may see by name: persons in the compartments where the user may reveal
identities, organisations and groups wherever the user reads rows. A person found is named by pseudonym,
and saying that a name resembles a pseudonym reveals who it is: each such hint is audited, by code.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process

from multitrack.core.crypto import normalise
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.audit.log import record

from ..models import Actor

THRESHOLD = 88  # token-sort ratio, 0–100: word order and case aside, one or two letters apart
SHOWN = 3


def resembling(user: Any, name: str, kind: str) -> list[Actor]:
    """Up to SHOWN actors of `kind` whose name or an alias resembles `name`, closest first."""
    capability = "reveal" if kind == "person" else "rows"
    candidates = list(Actor.objects.filter(kind=kind, compartment_id__in=compartment_ids(user, capability)))
    names = [
        (actor, normalise(other)) for actor in candidates for other in [actor.name, *(actor.aliases or [])]
    ]
    found = process.extract(
        normalise(name),
        [other for _actor, other in names],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=THRESHOLD,
        limit=None,
    )
    closest: list[Actor] = []
    for _match, _score, index in found:  # closest first
        actor = names[index][0]
        if actor not in closest:
            closest.append(actor)
    for actor in closest[:SHOWN]:
        if actor.is_person:
            record("reveal", obj=actor, summary=f"a new actor's name resembles {actor.code} (duplicate hint)")
    return closest[:SHOWN]
