"""The audit log: one append-only table whose rows are hash-chained (see log.py and docs/audit.md).

Rows are only ever inserted through `log.record()`. Through the ORM a row cannot be changed or
deleted: `save()` refuses anything but an insert, and the manager's `update()` and `delete()` raise.
That stops mistakes, not a determined database administrator; against edits made beneath the ORM the
chain itself is the defence (`log.verify()`).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = [
    ("login", _("login")),
    ("login_failed", _("failed login")),
    ("logout", _("logout")),
    ("reveal", _("identity revealed")),
    ("create", _("created")),
    ("update", _("updated")),
    ("delete", _("deleted")),
    ("export", _("export")),
    ("import", _("import")),
    ("membership", _("membership")),
    ("keys_rotated", _("keys rotated")),
    ("backup", _("backup")),
    ("restore", _("restore")),
    ("other", _("other")),
]
ACTION_CODES = frozenset(code for code, _label in ACTIONS)


class AppendOnly(Exception):
    """The audit log is append-only: its entries cannot be changed or deleted."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries cannot be updated")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        raise AppendOnly("audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit entries cannot be deleted")

    def for_user(self, user: Any) -> AuditQuerySet:
        """Entries a user may browse: a superuser all; an owner those of the compartments they own and
        their own actions; anyone else nothing (the views answer 404)."""
        from multitrack.web.accounts.access import compartment_ids

        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        owned = compartment_ids(user, "manage")
        if not owned:
            return self.none()
        return self.filter(models.Q(compartment_id__in=owned) | models.Q(user=user))


class AuditEvent(models.Model):
    """One entry of the log. `summary` names objects by code or id and fields by name, never by value."""

    seq = models.PositiveBigIntegerField(
        _("entry"), unique=True, help_text=_("Position in the chain, from 1.")
    )
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A copy of the user name, so that the entry still says who after the user is deleted. For a
    # failed login it is the name that was tried.
    username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)  # e.g. "registry.actor"
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    compartment_id = models.IntegerField(_("compartment"), null=True, blank=True, db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    key_id = models.CharField(_("key"), max_length=16)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["username", "action", "at"], name="audit_user_action_at")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnly("audit entries cannot be updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries cannot be deleted")
