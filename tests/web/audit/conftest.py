from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import connection

# tests/conftest.py sets the shared test key; this only guards running this folder on its own.
os.environ.setdefault("MULTITRACK_KEY", "qR1Jm0ZkU3pJ5mYbqkQm2yXoV8tGm7vq0m1Xw1f4b2c")

MIDDLEWARE = "multitrack.web.audit.middleware.AuditUserMiddleware"


def sql(statement: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run plain SQL on the audit table (named `{t}` in the statement), beneath the ORM."""
    from multitrack.web.audit.models import AuditEvent

    with connection.cursor() as cursor:
        cursor.execute(statement.format(t=AuditEvent._meta.db_table), params or [])
        return list(cursor.fetchall()) if cursor.description else []


def entries(**filters: Any) -> list[Any]:
    from multitrack.web.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(**filters).order_by("seq"))


@pytest.fixture
def audit_middleware(settings):  # type: ignore[no-untyped-def]
    """The middleware that names the request's user in entries (settings.py may not list it yet)."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        at = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:at], MIDDLEWARE, *settings.MIDDLEWARE[at:]]
    return settings
