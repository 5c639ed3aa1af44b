"""The inclusion page in Debian's Chromium: the chart of presence and influence with the reference lines
is drawn under the strict CSP with no console error, and the table shows the intersections."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f
from tests.web.test_inclusion import scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def setup(db):
    from multitrack.web.accounts.models import Membership

    compartment = f.default_compartment()
    user = get_user_model().objects.create_user("counter", password=PASSWORD)
    Membership.objects.create(user=user, compartment=compartment, role="funder")
    scene(compartment)


def test_the_chart_and_the_suppressed_table(live_server, setup, browser):
    page = browser.page
    page.goto(f"{live_server.url}/inclusion/")
    page.get_by_label("Username").fill("counter")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("displacement").check()
    page.get_by_label("Across").select_option("initiative")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector(".chart-area svg")
    assert page.locator(".chart-area svg path").count() > 0
    assert "Counts below 5 are suppressed" in page.locator("p.notice").inner_text()
    table = page.locator("table.numbers").first.inner_text()
    assert "Woman × displaced" in table and "suppressed" in table


@pytest.fixture
def keeper(db):
    from multitrack.web.accounts.models import Membership

    compartment = f.default_compartment()
    user = get_user_model().objects.create_user("keeper", password=PASSWORD)
    Membership.objects.create(user=user, compartment=compartment, role="owner")
    return f.actor(compartment=compartment, official_status="unofficial")


def test_an_owner_defines_an_attribute_and_records_it(live_server, keeper, browser):
    person = keeper
    page = browser.page
    page.goto(f"{live_server.url}/inclusion/settings/")
    page.get_by_label("Username").fill("keeper")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="New attribute").click()
    page.get_by_label("Code").fill("disability")
    page.get_by_label("Label").fill("Disability")
    page.get_by_label("Values").fill("yes\nno")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "disability" in page.locator("main table").first.inner_text()
    page.goto(f"{live_server.url}/actors/{person.pk}/edit/")
    page.get_by_label("Disability").select_option("yes")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.wait_for_selector("dl")
    assert "Disability" in page.locator("main").inner_text()
