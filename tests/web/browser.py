"""Driving Debian's Chromium with Playwright against the live test server: the pieces every browser test
shares. The fixtures that use them are in tests/web/conftest.py."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.core.servers.basehttp import WSGIServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-test-password"


@dataclass
class Browser:
    page: Any
    external: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, context: Any) -> None:
        """Record what leaves the test server, console errors and warnings, uncaught errors and failed
        requests."""

        def request(r: Any) -> None:
            if not r.url.startswith(("http://localhost", "blob:http://localhost", "data:")):
                self.external.append(r.url)

        def console(m: Any) -> None:
            if m.type in ("error", "warning"):
                self.console.append(f"{m.type}: {m.text} ({m.location.get('url', '')})")

        def response(r: Any) -> None:
            if r.status >= 400:
                self.failed.append(f"{r.status} {r.url}")

        context.on("request", request)
        self.page.on("console", console)
        self.page.on("response", response)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_clean(self) -> None:
        """No request left the test server, no script failed, and nothing was logged as an error or a
        warning (CSP violations are console errors; Cytoscape warns about style it does not support)."""
        assert self.external == [], f"requests to outside hosts: {self.external}"
        assert self.errors == [], f"uncaught errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.console == [], f"console errors or warnings: {self.console}"


class OneRequestAtATime(WSGIServer):
    """The live server, serving requests one after the other. The test database is an in-memory SQLite
    whose one connection the threads of the usual server share: two requests at once (the drawing's data
    and the favicon, or the two drawings of the compare page) then meet "database table is locked" when
    the session is saved, and the session middleware answers 400."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # the server's own thread already uses the shared connection


def in_db(query: Any) -> Any:
    """Run an ORM query in a thread of its own: Playwright's sync API runs an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(query).result()
