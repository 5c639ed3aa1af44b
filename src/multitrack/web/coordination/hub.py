"""This installation as a hub: partner organisations on other installations push the signed bundle of
their cards for a space and pull the others', through the API, each with its own token.

A token is random, shown once, kept only as its SHA-256, revocable, and tied to the public key its
organisation signs with: a push is accepted only if the bundle verifies against that key. Pulled bundles
are handed over as they were signed; the puller checks them with the keys it pinned itself. Only joined
members of the space push or pull; every push and pull is in the audit log.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.core import bundles
from multitrack.web.accounts.models import Organisation
from multitrack.web.audit.log import record

from .models import HubBundle, HubToken, Space


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(organisation: Organisation, label: str, public_key: str) -> tuple[HubToken, str]:
    """A new token for the organisation (returned once, with its record)."""
    public = bundles.check_public_key(public_key)
    token = "mth_" + secrets.token_urlsafe(32)
    row = HubToken.objects.create(
        organisation=organisation, label=label.strip() or "hub", token_hash=_hash(token), public_key=public,
        fingerprint=bundles.fingerprint(public),
    )  # fmt: skip
    return row, token


@transaction.atomic
def revoke_token(pk: int) -> HubToken:
    row = HubToken.objects.filter(pk=pk).first()
    if row is None:
        raise bundles.BundleError(f"no hub token {pk}")
    row.revoked_at = timezone.now()
    row.save()
    return row


def authenticate(token: str) -> HubToken | None:
    """The live token record for a presented token, or None (unknown, malformed or revoked alike)."""
    if not token or len(token) > 100:
        return None
    row = HubToken.objects.filter(token_hash=_hash(token), revoked_at__isnull=True).select_related(
        "organisation"
    ).first()  # fmt: skip
    if row is not None:
        HubToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row


def space_for(token: HubToken, space_id: int) -> Space | None:
    """The space, when the token's organisation has joined it (None otherwise: not found)."""
    return Space.objects.filter(
        pk=space_id, members__organisation=token.organisation, members__joined_at__isnull=False
    ).first()


@transaction.atomic
def push(token: HubToken, space: Space, text: str) -> int:
    """Keep the organisation's bundle for the space; BundleError unless signed with the token's key."""
    checked = bundles.verify(text, {token.fingerprint: token.public_key})
    HubBundle.objects.update_or_create(
        space=space, organisation=token.organisation, defaults={"bundle": json.loads(text)}
    )
    summary = f"Hub: {len(checked.cards)} cards pushed by organisation {token.organisation_id}"
    record("import", summary=summary, object_type="coordination.space", object_id=str(space.pk))
    return len(checked.cards)


def pull(token: HubToken, space: Space) -> list[dict[str, Any]]:
    """The bundles the space's other joined members pushed, as signed."""
    joined = set(space.joined().values_list("organisation_id", flat=True))
    found = [
        dict(b.bundle)
        for b in HubBundle.objects.filter(space=space).exclude(organisation=token.organisation)
        if b.organisation_id in joined
    ]
    summary = f"Hub: {len(found)} bundles pulled by organisation {token.organisation_id}"
    record("export", summary=summary, object_type="coordination.space", object_id=str(space.pk))
    return found
