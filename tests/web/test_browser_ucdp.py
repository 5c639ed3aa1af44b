"""The UCDP chart in Debian's Chromium: Vega draws it under the strict CSP, with no console errors and
nothing loaded from the internet."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from multitrack.sources.ucdp import UCDP_ACD
from tests import factories as f

ACD = UCDP_ACD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    """Rows made before the browser starts (Playwright's sync API runs an event loop in this thread)."""
    from multitrack.web.accounts.models import Membership
    from multitrack.web.ucdp import services

    user = get_user_model().objects.create_user("reader", password="a-long-test-password")
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="funder")
    services.import_acd(ACD)


def test_the_chart_is_drawn_without_console_errors(live_server, scene, browser):
    # The `browser` fixture fails the test on console errors or warnings (a CSP violation is one),
    # uncaught errors, failed requests and requests to outside hosts.
    page = browser.page

    page.goto(f"{live_server.url}/ucdp/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1:has-text('Armed conflicts per year')")
    page.wait_for_load_state("networkidle")

    chart = page.locator("[data-vega-spec=ucdp-spec]")
    chart.locator("svg.marks, canvas.marks").first.wait_for(timeout=15000)
    # Vega drew the bars (one path per conflict type and year) and the export menu.
    assert chart.locator("svg.marks .mark-rect path").count() > 100
    assert chart.locator(".vega-actions a").all_text_contents() == ["Save as SVG", "Save as PNG"]
    assert "needs JavaScript" not in chart.inner_text()
    # The table stays under the chart with the same figures.
    assert page.locator("table.figures tbody tr").last.inner_text().split()[:3] == ["2024", "61", "11"]
    browser.assert_clean()
