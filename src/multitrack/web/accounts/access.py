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
    cache: dict[str, set[int]] = user.__dict__.setdefault("_mt_compartments", {})
    if capability not in cache:
        roles = [r.value for r in CAPABILITIES[capability]]
        cache[capability] = set(
            Membership.objects.filter(user=user, role__in=roles).values_list("compartment_id", flat=True)
        )
    return cache[capability]


def role_in(user: Any, compartment_id: int | None) -> Role | None:
    if compartment_id is None or not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, compartment_id=compartment_id).first()
    return Role(membership.role) if membership else None


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
