"""A context's landscape in Debian's Chromium: the timeline is drawn under the CSP with a lane for
agreements, mediation events and each initiative, and the filters narrow it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from multitrack.sources import trackone
from multitrack.web.accounts.models import Membership
from multitrack.web.landscape import services
from tests import factories as f
from tests import trackone_data as data
from tests.web.browser import PASSWORD, in_db

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def yemen(tmp_path):
    def make():
        services.import_file("pax", trackone.write_pax(tmp_path / "pax.csv", data.release_2020()))
        services.import_file("mend", trackone.write_mend(tmp_path / "mend.csv", data.events()))
        context = f.context(name="Yemen", countries=["YEM"], gw_codes=[679])
        compartment = f.compartment(name="Yemen desk")
        f.initiative(compartment=compartment, context=context, title="Taiz water talks",
                     start_date=date(2018, 3, 1), end_date=date(2019, 6, 30))  # fmt: skip
        user = get_user_model().objects.create_user("analyst", password=PASSWORD)
        Membership.objects.create(user=user, compartment=compartment, role="analyst")
        return context.pk

    return in_db(make)


def test_the_timeline_is_drawn_and_filtered(live_server, yemen, browser):
    page = browser.page
    page.goto(f"{live_server.url}/landscape/{yemen}/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("figure.chart svg.marks")
    labels = page.locator("figure.chart svg.marks").text_content() or ""
    assert "Track One agreements (PA-X)" in labels and "Mediation events (MEND)" in labels
    assert "Track" in labels and page.locator("figure.chart svg.marks path").count() > 10
    assert "<strong>37</strong>" in page.content()
    page.get_by_label("Years from").fill("2019")
    page.get_by_label("to", exact=True).fill("2019")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("figure.chart svg.marks")
    assert "<strong>6</strong> Track One agreements" in page.content()
    assert "2019-" in page.locator("#agreements-h + div table").inner_text()
