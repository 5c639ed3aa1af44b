"""An indicator's progress chart in Debian's Chromium: drawn by the vendored Vega under the strict CSP,
with a line per series, the targets and the baseline, and no console errors."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.evaluation.models import Measurement, Target
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def scene(db):
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("monitor", password=PASSWORD)
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="analyst")
    indicator = f.indicator(baseline_value=20, categories=["woman", "man"], disaggregation="gender")
    Target.objects.create(indicator=indicator, period="2019", value=30)
    for period, woman, man in (("2016", 4, 18), ("2017", 6, 17), ("2018", 8, 16)):
        Measurement.objects.create(indicator=indicator, period=period, category="woman", value=woman)
        Measurement.objects.create(indicator=indicator, period=period, category="man", value=man)
    return indicator


def test_the_progress_chart_is_drawn(live_server, scene, browser):
    page = browser.page
    page.goto(f"{live_server.url}{scene.get_absolute_url()}")
    page.get_by_label("Username").fill("monitor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    chart = page.locator("[data-vega-spec=indicator-spec]")
    chart.locator("svg.marks").first.wait_for(timeout=15000)
    assert chart.locator(".mark-line.role-mark path").count() == 3  # the total and the two categories
    assert (
        chart.locator(".mark-symbol.role-mark path").count() >= 9 + 1
    )  # the points, and the target's diamond
    assert chart.locator(".mark-rule.role-mark line").count() == 1  # the baseline
    assert "Totals: 2016 22 (sum of the categories)" in page.inner_text("body")
    browser.assert_clean()
