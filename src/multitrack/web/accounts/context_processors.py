from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import compartment_ids


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_owner`: whether to offer the owners' pages (members, audit log) in the navigation."""
    return {"is_owner": bool(compartment_ids(request.user, "manage"))}
