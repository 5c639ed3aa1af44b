"""Who is acting: the current request, kept for `log.record()` while a view runs.

A ContextVar rather than a thread-local, so that each request (thread or task) sees its own. It holds
the request, not the user, so that a login or logout during the request is seen by later entries.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("multitrack_audit_request", default=None)


def current_user() -> Any:
    """The authenticated user of the request being served, or None (command line, anonymous)."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user


class AuditUserMiddleware:
    """Make the request's user the default author of audit entries. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
