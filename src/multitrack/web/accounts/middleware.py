"""Every page needs a logged-in user, except the login page, static files, the API (own auth) and the
consultation participant's pages under /c/ (a card's token is their credential)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OPEN_PREFIXES = ("/accounts/login/", "/static/", "/api/", "/healthz", "/c/")


class AuthenticatedRequest(HttpRequest):
    """A request for a page behind LoginRequiredMiddleware (any page but OPEN_PREFIXES): its user has
    logged in. For type checking: a view that says it gets one may use `request.user` as a User."""

    user: User


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
