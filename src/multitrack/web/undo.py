"""Undo for removals from a draft version (a conflict map, a theory of change).

A removal deletes a row and whatever its deletion cascades to (a node's ties and comments, an element's
links and notes). `remove()` deletes them and keeps, in the user's session, what was deleted: every
column of every row, encrypted columns as their encrypted tokens (the session table is not encrypted, and
labels may name people), and so is the description of the removal. `restore()` puts the same rows back,
with the same primary keys and values, in one transaction, or nothing: not when the version was saved
meanwhile, nor when a row would clash with what the draft holds now (the same tie drawn again, an end
removed since).

Restored rows are saved one by one, so the audit signals record each as a creation.
"""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from multitrack.web.crypto import EncryptedMixin, keyring
from multitrack.web.versioning import Versioned

SESSION_KEY = "mt_undo"
OFFER_KEY = "mt_undo_offer"
KEPT = 10  # removals a session can still undo; older ones are forgotten
WHAT = "session.undo.what"  # the context the description of a removal is encrypted under


class UndoRefused(Exception):
    """The removal cannot be undone; nothing was restored."""


def _version_id(version: Versioned) -> str:
    return f"{version._meta.label_lower}:{version.pk}"


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if isinstance(field, EncryptedMixin):
        return field.get_prep_value(value)  # a token, never the plain value
    if isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)


def _collect(obj: models.Model) -> list[models.Model]:
    """The row and every row its deletion cascades to."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    rows: list[models.Model] = [row for instances in collector.data.values() for row in instances]
    for qs in collector.fast_deletes:
        rows.extend(qs)
    return rows


def remove(session: MutableMapping[str, Any], version: Versioned, obj: models.Model, what: str) -> str:
    """Delete `obj` (and what cascades) and remember it for `restore`; returns the token of the undo.
    `what` describes the removal to the user; it must name no one the user may not see."""
    rows = _collect(obj)
    kept = [[r._meta.label_lower, {f.attname: _value(f, r) for f in r._meta.concrete_fields}] for r in rows]
    with transaction.atomic():
        obj.delete()
    token = secrets.token_urlsafe(9)
    entries = dict(session.get(SESSION_KEY, {}))
    entries[token] = {"version": _version_id(version), "what": keyring().encrypt(what, WHAT), "rows": kept}
    session[SESSION_KEY] = dict(list(entries.items())[-KEPT:])
    session[OFFER_KEY] = token
    return token


def offer(session: MutableMapping[str, Any], version: Versioned) -> dict[str, str] | None:
    """The removal just made from this version, to offer its undo once (then the offer is gone)."""
    token = session.pop(OFFER_KEY, None)
    entry = session.get(SESSION_KEY, {}).get(token) if token else None
    if entry is None or entry["version"] != _version_id(version):
        return None
    return {"token": token, "what": keyring().decrypt(entry["what"], WHAT)}


Row = tuple[type[models.Model], dict[str, Any]]  # a model, and the stored values of one of its rows


def _order(rows: list[Row]) -> list[Row]:
    """Rows a row refers to come before it (nodes before their ties, ties before their comments)."""
    models_in = {model for model, _ in rows}

    def refers(f: Any, seen: frozenset[Any]) -> bool:
        return (
            isinstance(f, models.ForeignKey) and f.related_model in models_in and f.related_model not in seen
        )

    def depth(model: type[models.Model], seen: frozenset[Any] = frozenset()) -> int:
        parents = [f.related_model for f in model._meta.concrete_fields if refers(f, seen)]
        return 1 + max((depth(p, seen | {model}) for p in parents), default=0)  # type: ignore[arg-type]

    return sorted(rows, key=lambda row: depth(row[0]))


def _build(model: type[models.Model], stored: dict[str, Any]) -> models.Model:
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        raw = stored.get(f.attname)
        if raw is None:
            values[f.attname] = None
        elif isinstance(f, EncryptedMixin):
            values[f.attname] = f.from_db_value(raw, None, None)
        else:
            values[f.attname] = f.to_python(raw)
    return model(**values)


def _check(row: models.Model, restoring: set[tuple[type[models.Model], Any]]) -> None:
    for f in row._meta.concrete_fields:
        value = getattr(row, f.attname)
        if not isinstance(f, models.ForeignKey) or value is None or (f.related_model, value) in restoring:
            continue
        target: Any = f.related_model
        if not target._base_manager.filter(pk=value).exists():
            raise UndoRefused(_("Something it was attached to has been removed since."))
    row.clean()
    row.validate_unique()
    row.validate_constraints()


def restore(session: MutableMapping[str, Any], version: Versioned, token: str) -> str:
    """Put back what the removal `token` deleted from `version`; returns its description. Raises
    UndoRefused, having restored nothing, when that cannot be done."""
    entries = dict(session.get(SESSION_KEY, {}))
    entry = entries.pop(token, None)
    session[SESSION_KEY] = entries
    if entry is None or entry["version"] != _version_id(version):
        raise UndoRefused(_("There is nothing to undo here (an undo is kept for the last few removals)."))
    version.refresh_from_db()
    if version.is_saved:
        raise UndoRefused(_("This version was saved meanwhile and no longer changes; nothing was restored."))
    rows = _order([(apps.get_model(label), stored) for label, stored in entry["rows"]])
    built = [_build(model, stored) for model, stored in rows]
    restoring = {(type(row), row.pk) for row in built}
    try:
        with transaction.atomic():
            for row, (model, stored) in zip(built, rows, strict=True):
                _check(row, restoring)
                row.save(force_insert=True)
                stamps = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
                if stamps:  # keep when it was made, not when it was restored
                    model._base_manager.filter(pk=row.pk).update(
                        **{f.attname: f.to_python(stored[f.attname]) for f in stamps}
                    )
    except UndoRefused as err:
        why = _("The removal cannot be undone: %(why)s Nothing was restored.") % {"why": err}
        raise UndoRefused(why) from None
    except (ValidationError, ObjectDoesNotExist, IntegrityError):
        raise UndoRefused(
            _(
                "The removal cannot be undone: the draft has changed since in a way that clashes with it "
                "(the same element or tie added again, or one end removed). Nothing was restored."
            )
        ) from None
    return keyring().decrypt(entry["what"], WHAT)
