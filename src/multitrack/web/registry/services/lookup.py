"""Finding an actor as one types (the participants' forms): by code for everyone who reads the rows; by
name for organisations and groups, whose names are shown anyway, and for persons only in the compartments
where the user may reveal identities.

A person found by name is shown with the name the user typed part of. That is a reveal, audited once per
working session and compartment (`audit_lookup`), not once a keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multitrack.core.crypto import normalise
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.audit.log import record

from ..models import Actor

LIMIT = 12
SHORTEST = 2  # characters before anything is looked up
SESSION_KEY = "mt_name_lookups"  # compartments whose persons this session has looked up by name


@dataclass(frozen=True)
class Found:
    pk: int
    code: str
    label: str  # what the list shows: the code, "code — name" for a person found by name
    kind: str
    compartment_id: int
    by_name: bool  # a person found by the name: a reveal


def find_actors(user: Any, query: str) -> list[Found]:
    """Up to LIMIT actors the user reads whose code, or whose name the user may see, contains `query`."""
    wanted = normalise(query)
    if len(wanted) < SHORTEST:
        return []
    reveal = compartment_ids(user, "reveal")
    found: list[Found] = []
    for actor in Actor.objects.for_user(user).order_by("kind", "code"):
        named = any(wanted in normalise(n) for n in [actor.name, *(actor.aliases or [])])
        by_name = actor.is_person and actor.compartment_id in reveal and named
        if wanted in actor.code.casefold() or (named and not actor.is_person) or by_name:
            label = f"{actor.code} — {actor.name}" if by_name else str(actor)
            found.append(Found(actor.pk, actor.code, label, actor.kind, actor.compartment_id, by_name))
        if len(found) >= LIMIT:
            break
    return found


def audit_lookup(session: Any, found: list[Found]) -> None:
    """Audit the persons' names shown: once per session for each compartment they are kept in."""
    done = set(session.get(SESSION_KEY, []))
    for compartment_id in sorted({f.compartment_id for f in found if f.by_name} - done):
        codes = ", ".join(f.code for f in found if f.by_name and f.compartment_id == compartment_id)
        record(
            "reveal",
            summary=f"persons looked up by name (first time this session; shown: {codes})",
            object_type="registry.actor",
            compartment_id=compartment_id,
        )
        done.add(compartment_id)
    session[SESSION_KEY] = sorted(done)
