from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import compartment_ids


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_owner`: offer the owners' pages (members, audit log); `can_write_any`: offer "New …" buttons."""
    return {
        "is_owner": bool(compartment_ids(request.user, "manage")),
        "can_write_any": bool(compartment_ids(request.user, "write")),
        "can_rows_any": bool(compartment_ids(request.user, "rows")),
    }
