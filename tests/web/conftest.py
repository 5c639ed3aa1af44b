"""Fixtures of the browser tests: a live server that serves one request at a time, and a Chromium page
whose every request, console message and failure is watched (see tests/web/browser.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, Browser, OneRequestAtATime


@pytest.fixture(scope="module")
def live_server() -> Any:
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.server_class = OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser() -> Any:
    """A fresh Chromium page; at the end, fails on any request to an outside host, uncaught error, failed
    request, or console error or warning."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        b = Browser(context.new_page())
        b.watch(context)
        yield b
        context.close()
        chromium.close()
        b.assert_clean()


@pytest.fixture
def page(browser: Browser) -> Any:
    return browser.page
