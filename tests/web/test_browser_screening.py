"""Screening in Debian's Chromium: screen an actor from its page, review the hit in the queue, record a
true match, fill the engagement record and approve it with two different users (four eyes)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def scene(db):
    """Two owners of one compartment, an actor and a list naming it (made before the browser starts)."""
    from multitrack.web.accounts.models import Membership

    for name in ("first-reviewer", "second-reviewer"):
        user = get_user_model().objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=user, compartment=f.default_compartment(), role="owner")
    f.watchlist()
    return f.actor(name="Muammar al-Gaddafi", date_of_birth=date(1942, 6, 7))


def log_in(page: Any, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_screen_decide_and_approve_with_four_eyes(live_server, scene, browser):
    page = browser.page
    actor_url = f"{live_server.url}{scene.get_absolute_url()}"
    log_in(page, actor_url, "first-reviewer")
    page.get_by_role("button", name="Screen against the sanctions lists").click()
    page.wait_for_selector("h1:has-text('Screening: review queue')")
    assert f"Screened {scene.code}: 1 actor(s) screened: 1 new hit(s)" in page.inner_text("body")
    row = page.locator("table tbody tr").first
    assert "LYi.001" in row.inner_text() and scene.code in row.inner_text()

    row.get_by_role("link", name=re.compile(r"^Hit \d+$")).click()
    page.wait_for_selector("h2:has-text('Why it scored')")
    assert "birth years agree" in page.inner_text("body")
    page.get_by_label("True match").check()
    page.get_by_label("Rationale").fill("Same person: name, year of birth and role agree.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_selector("text=True match by first-reviewer")

    page.get_by_role("link", name="Record the engagement").click()
    page.get_by_label("Purpose").fill("Humanitarian access talks.")
    page.get_by_label("Legal considerations").fill("No funds or resources reach the listed person.")
    page.get_by_label("Risk mitigations").fill(
        "Legal review; no travel support; meetings in a third country."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=first approval by first-reviewer; needs a second, different user")
    # the same user cannot give the second approval
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=You gave the first approval: the second must come from a different user.")
    assert "approved by first-reviewer and" not in page.inner_text("body")
    hit_url = page.url

    page.get_by_role("button", name="Log out").click()
    log_in(page, hit_url, "second-reviewer")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=approved by first-reviewer and second-reviewer")
    assert page.get_by_role("button", name="Approve").count() == 0
    browser.assert_clean()
