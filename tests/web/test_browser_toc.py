"""The theory-of-change diagram in Debian's Chromium: drawn under the strict CSP with no console errors,
elements in columns by level, a warning flag on the element concerned; and an element added by form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.evaluation.models import TocLink
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def scene(db):
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("evaluator", password=PASSWORD)
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="editor")
    toc = f.toc(f.initiative())
    a = f.toc_element(toc, "Dialogue rounds")
    o = f.toc_element(toc, "Joint non-paper", "output")
    c = f.toc_element(toc, "Negotiators adopt the idea", "outcome")
    i = f.toc_element(toc, "Fewer clashes", "impact")
    f.toc_element(toc, "Radio show")
    for source, target in ((a, o), (o, c), (c, i)):
        TocLink.objects.create(toc=toc, source=source, target=target, rationale="because")
    return toc


def positions(page: Any) -> dict[str, list[float]]:
    result: dict[str, list[float]] = page.evaluate(
        """() => {
            const cy = document.querySelector('[data-toc]')._cyreg.cy;
            const out = {};
            cy.nodes().forEach(n => { out[n.data('label')] = [n.position('x'), n.position('y'),
                                                              n.data('warnings').length]; });
            return out;
        }"""
    )
    return result


def test_the_diagram_is_drawn_and_an_element_added(live_server, scene, browser):
    page = browser.page
    page.goto(f"{live_server.url}{scene.get_absolute_url()}")
    page.get_by_label("Username").fill("evaluator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("[data-toc][data-ready=true]")
    box = page.locator("[data-toc]")
    assert box.get_attribute("data-nodes") == "5" and box.get_attribute("data-edges") == "3"
    drawn = positions(page)
    assert drawn["Dialogue rounds"][0] < drawn["Joint non-paper"][0] < drawn["Negotiators adopt the idea"][0]
    assert drawn["Negotiators adopt the idea"][0] < drawn["Fewer clashes"][0]
    assert drawn["Radio show"][2] == 1 and drawn["Dialogue rounds"][2] == 0  # leads nowhere: flagged
    assert "Radio show leads to no outcome or impact" in page.inner_text("body")

    page.locator("section", has_text="Elements").get_by_role("link", name="Add").nth(2).click()
    page.get_by_label("Label").fill("Public support grows")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("[data-toc][data-ready=true]")
    assert page.locator("[data-toc]").get_attribute("data-nodes") == "6"
    assert "nothing leads to Public support grows" in page.inner_text("body")
    browser.assert_clean()
