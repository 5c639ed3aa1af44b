"""Receivers that audit logins and every change to the registry and to compartments and memberships.

Summaries name an object by its code (actors, initiatives) or its id, and a change by the NAMES of the
fields that changed; a value never reaches the log, so the log holds no name or other identifying
detail even though it is not encrypted.

Changed fields are found by comparing the row in the database with the instance about to be saved
(one query per update; creations cost none). A save that changes nothing is not recorded. Rows written
by a deserializer (restoring a backup, `loaddata`: `raw=True`) are not recorded one by one: the
restore itself is. Bulk operations that bypass signals (QuerySet.update, bulk_create, bulk_update) are
not seen here; code that uses them on audited models records its own entry.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.text import capfirst

from .log import object_type_of, record

AUDITED_APPS = (
    "registry", "accounts", "conflictmaps", "ucdp", "screening", "evaluation", "inclusion", "consultations",
    "landscape", "coordination",
)  # fmt: skip
# Key checks are rewritten by key rotation, which has its own entry; UCDP rows are public data written in
# bulk by an import, whose UcdpImport row is recorded; so are sanctions-list entries (WatchlistImport).
# Consultation participants' votes and cards are recorded per action of the staff (cards issued, a card
# revoked), not per vote: an entry per vote would log when each card was used
# (consultations/services/actions.py).
# Track One rows (agreements, mediation events, delegations) are public data written in bulk by an import,
# whose Dataset row and "import" entry are recorded (landscape/services.py).
# By object type (log.object_type_of: a model's audit label), the name its entries are recorded under.
NOT_AUDITED = frozenset(
    {
        "accounts.keycheck",
        "mapping.ucdpconflictyear",
        "mapping.ucdpdyadyear",
        "screening.listedentity",
        "consultations.participant",
        "consultations.vote",
        "landscape.agreement",
        "landscape.mediationevent",
        "landscape.delegation",
    }
)
_LOADED_RAW = "_audit_loaded_raw"  # set on instances a deserializer saved, so their m2m is skipped too
_CHANGED = "_audit_changed_fields"


def audited_models() -> list[type[models.Model]]:
    return [
        model
        for label in AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
        if object_type_of(model) not in NOT_AUDITED
    ]


def describe(obj: models.Model) -> str:
    """How a summary names an object: verbose name and code, or id. Never `str(obj)`, which may hold
    a name or a title."""
    return f"{capfirst(str(obj._meta.verbose_name))} {getattr(obj, 'code', None) or obj.pk}"


def _compared_fields(obj: models.Model, update_fields: Any) -> list[models.Field[Any, Any]]:
    # Non-editable fields (updated_at, a name's blind index, the code) follow from the others.
    fields = [f for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
    if update_fields is not None:
        wanted = set(update_fields)
        fields = [f for f in fields if f.name in wanted or f.attname in wanted]
    return fields


def _same(field: models.Field[Any, Any], old: Any, new: Any) -> bool:
    if old == new:
        return True
    try:
        return bool(field.to_python(old) == field.to_python(new))
    except Exception:  # a value the field cannot parse differs from a stored one
        return False


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool, **kwargs: Any) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _compared_fields(instance, kwargs.get("update_fields"))
    stored = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if stored is None:  # saved with an explicit pk that is not there yet: an insert
        return
    changed = [f.name for f in fields if not _same(f, stored[f.attname], getattr(instance, f.attname))]
    setattr(instance, _CHANGED, changed)


def _membership_detail(membership: Any, verb: str) -> str:
    # Ids and the role code only: a user name could be a person's name.
    return f"user {membership.user_id} {verb} {membership.role} in compartment {membership.compartment_id}"


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kwargs: Any
) -> None:
    if raw:
        setattr(instance, _LOADED_RAW, True)
        return
    is_membership = sender._meta.label_lower == "accounts.membership"
    action = "membership" if is_membership else ("create" if created else "update")
    if created:
        summary = f"{describe(instance)} created"
        if is_membership:
            summary += f": {_membership_detail(instance, 'is')}"
    else:
        changed: list[str] | None = instance.__dict__.pop(_CHANGED, None)
        if changed == []:
            return  # nothing changed
        summary = f"{describe(instance)} updated"
        if changed:
            summary += f": fields {', '.join(changed)}"
        if is_membership:
            summary += f" ({_membership_detail(instance, 'is now')})"
    record(action, obj=instance, summary=summary)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    is_membership = sender._meta.label_lower == "accounts.membership"
    summary = f"{describe(instance)} deleted"
    if is_membership:
        summary += f": {_membership_detail(instance, 'was')}"
    record("membership" if is_membership else "delete", obj=instance, summary=summary)


def _m2m_receiver(field: models.ManyToManyField[Any, Any]) -> Any:
    """A receiver for one many-to-many field: which side changed, by the field's (or accessor's) name."""

    def changed(instance: models.Model, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
        if action not in {"post_add", "post_remove", "post_clear"} or getattr(instance, _LOADED_RAW, False):
            return
        if action != "post_clear" and not pk_set:
            return
        name = field.remote_field.get_accessor_name() if reverse else field.name
        record("update", obj=instance, summary=f"{describe(instance)} updated: fields {name}")

    return changed


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("login", user=user, summary="login")


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("logout", user=user, summary="logout")


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """The name that was tried goes in `username` (login throttling counts failures by it), never in
    the summary. A name that is no account's is often a password typed in the wrong box: it is kept
    only as a keyed hash, which still lets repeated attempts be told apart."""
    from django.contrib.auth import get_user_model

    from multitrack.web.crypto import keyring

    field = get_user_model().USERNAME_FIELD
    tried = str(credentials.get(field) or credentials.get("username") or "")
    if tried and not get_user_model()._default_manager.filter(**{field: tried}).exists():
        tried = "unknown:" + keyring().mac(b"failed-login\x00" + tried.encode("utf-8"))[:16]
    record("login_failed", username=tried, summary="failed login")


def connect() -> None:
    """Connect every receiver; called once from AuditConfig.ready() (importing this module)."""
    user_logged_in.connect(_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit_login_failed")
    for model in audited_models():
        label = object_type_of(model)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit_pre_save_{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit_post_save_{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit_post_delete_{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            receiver = _m2m_receiver(field)
            # Weak references would let the closure be collected at once.
            m2m_changed.connect(
                receiver, sender=through, weak=False, dispatch_uid=f"audit_m2m_{label}.{field.name}"
            )


connect()
