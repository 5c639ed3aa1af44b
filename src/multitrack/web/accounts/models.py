"""Organisations, their compartments, memberships, and the record that ties a database to its key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_CHOICES

DEFAULT_ORGANISATION = "This organisation"


class Organisation(models.Model):
    """An organisation using the installation: its compartments hold its work. Partner organisations see
    its name, and only what it shares with them (coordination cards)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def default_organisation() -> int:
    """The organisation a compartment created without one belongs to (an installation with one
    organisation never needs to name it; rename it with `multitrack organisation rename`)."""
    found = Organisation.objects.filter(name=DEFAULT_ORGANISATION).values_list("pk", flat=True).first()
    if found is None:
        return int(Organisation.objects.create(name=DEFAULT_ORGANISATION).pk)
    return int(found)


class Compartment(models.Model):
    """A need-to-know boundary: initiatives and all that hangs from them belong to exactly one."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="compartments",
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.organisation_id is None:
            self.organisation_id = default_organisation()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role in one compartment."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    compartment = models.ForeignKey(Compartment, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "compartment"], name="one_role_per_compartment")
        ]
        ordering = ["compartment__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.compartment} as {self.role}"


class KeyCheck(models.Model):
    """One row holding a known value encrypted with the current key: proves the key opens this database."""

    key_id = models.CharField(max_length=16)
    token = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
