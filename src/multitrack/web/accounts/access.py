"""Who may see what: the compartments a user reaches with a capability, computed once per request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Compartment, Membership
from .roles import CAPABILITIES, Role


def compartment_ids(user: Any, capability: str = "aggregates") -> set[int]:
    """Ids of the compartments where `user` has a role granting `capability` (none when anonymous)."""
    if user is None or not user.is_authenticated:
        return set()
    allowed = CAPABILITIES[capability]
    return {c for c, role in roles_of(user).items() if role in allowed}


def roles_of(user: Any) -> dict[int, Role]:
    """compartment id -> the user's role there; one query per request (kept on the user object)."""
    cached: dict[int, Role] | None = user.__dict__.get("_mt_roles")
    if cached is None:
        pairs = Membership.objects.filter(user=user).values_list("compartment_id", "role")
        cached = {c: Role(r) for c, r in pairs}
        user.__dict__["_mt_roles"] = cached
    return cached


def organisation_ids(user: Any, capability: str = "aggregates") -> set[int]:
    """Ids of the organisations in whose compartments `user` has a role granting `capability`."""
    ids = compartment_ids(user, capability)
    if not ids:
        return set()
    cached: dict[int, int] | None = user.__dict__.get("_mt_organisations")
    if cached is None:
        cached = dict(Compartment.objects.filter(pk__in=roles_of(user)).values_list("pk", "organisation_id"))
        user.__dict__["_mt_organisations"] = cached
    return {cached[c] for c in ids if c in cached}


def role_in(user: Any, compartment_id: int | None) -> Role | None:
    if compartment_id is None or not user.is_authenticated:
        return None
    return roles_of(user).get(compartment_id)


def can(user: Any, capability: str, compartment_id: int | None) -> bool:
    return compartment_id is not None and compartment_id in compartment_ids(user, capability)


def require(user: Any, capability: str, compartment_id: int | None) -> None:
    """Outside the user's compartments: 404, so that existence is not revealed. Inside, but the role
    lacks `capability`: 403."""
    if not can(user, "aggregates", compartment_id):
        raise Http404
    if not can(user, capability, compartment_id):
        raise PermissionDenied


def writable_compartments(user: Any) -> Any:
    return Compartment.objects.filter(pk__in=compartment_ids(user, "write"))


class CompartmentViewer:
    """A stand-in user for command-line analyses: an analyst (pseudonyms only) in the given compartments.

    It goes through the same `for_user` query methods as a person in the web app, so the command line
    cannot see more than such a member would.
    """

    is_authenticated = True
    is_anonymous = False
    pk = None

    def __init__(self, compartments: set[int], role: Role = Role.ANALYST) -> None:
        self.__dict__["_mt_roles"] = dict.fromkeys(compartments, role)

    def get_username(self) -> str:
        return "command line"
