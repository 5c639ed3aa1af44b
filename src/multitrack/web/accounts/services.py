"""Users, organisations, compartments and memberships, changed in one place for the web app and the
command line. Each change is audited by the audit app's signals; the rules (known roles, a compartment
keeps an owner, one name per organisation) hold whichever shell asks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Compartment, Membership, Organisation
from .roles import Role


class AccountError(ValueError):
    """A change refused, with the reason as the shells show it."""


def checked_role(role: str) -> Role:
    if role not in {r.value for r in Role}:
        raise AccountError(f"unknown role {role!r}; expected one of: {', '.join(r.value for r in Role)}")
    return Role(role)


def set_password(username: str, password: str) -> tuple[Any, bool]:
    """Create the user, or reset an existing user's password: (user, created)."""
    try:
        validate_password(password)
    except ValidationError as exc:
        raise AccountError("password rejected: " + " ".join(exc.messages)) from None
    user, created = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    return user, created


def set_role(user: Any, compartment: Compartment, role: str) -> Membership:
    """Give `user` `role` in `compartment`, replacing any role they had there."""
    checked_role(role)
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, compartment=compartment, defaults={"role": role}
        )
    return membership


def remove_member(membership: Membership) -> None:
    """Take a member out of their compartment; the last owner stays."""
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(
            compartment_id=membership.compartment_id, role="owner"
        )
        if membership.role == "owner" and len(owners.values_list("pk", flat=True)) == 1:
            raise AccountError("A compartment keeps at least one owner.")
        membership.delete()


def add_compartment(
    name: str, description: str = "", organisation: str | None = None
) -> tuple[Compartment, bool]:
    """Create a compartment (idempotent), in `organisation` if named (else the default one)."""
    defaults: dict[str, object] = {"description": description}
    if organisation is not None:
        found = Organisation.objects.filter(name=organisation).first()
        if found is None:
            raise AccountError(f"no organisation {organisation!r}; see `multitrack organisation list`")
        defaults["organisation"] = found
    obj, created = Compartment.objects.get_or_create(name=name, defaults=defaults)
    if not created and organisation is not None and obj.organisation.name != organisation:
        raise AccountError(f"compartment {name} belongs to {obj.organisation.name}, not {organisation}")
    return obj, created


def add_organisation(name: str) -> tuple[Organisation, bool]:
    """Create an organisation (idempotent)."""
    return Organisation.objects.get_or_create(name=name.strip())


def rename_organisation(old: str, new: str) -> Organisation:
    found = Organisation.objects.filter(name=old).first()
    if found is None:
        raise AccountError(f"no organisation {old!r}; see `multitrack organisation list`")
    if Organisation.objects.filter(name=new.strip()).exclude(pk=found.pk).exists():
        raise AccountError(f"an organisation is already called {new.strip()!r}")
    found.name = new.strip()
    found.save()
    return found
