"""Transfer tracing in Debian's Chromium: a document pasted by form, traced, the planted paraphrase
proposed first with the shared words marked, confirmed as evidence for an outcome, and seen in the
initiative's contribution story."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.evaluation.models import Outcome
from multitrack.web.registry.models import Document
from tests import factories as f
from tests.web.test_tracing import ACCORD, PAPER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def scene(db):
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("tracer", password=PASSWORD)
    compartment = f.default_compartment()
    Membership.objects.create(user=user, compartment=compartment, role="editor")
    initiative = f.initiative(compartment=compartment, title="Valley dialogue")
    Document.objects.create(
        compartment=compartment, title="Interim accord", kind="agreement", date=date(2021, 5, 14), text=ACCORD
    )
    outcome = Outcome.objects.create(
        initiative=initiative,
        title="Monitors agreed",
        description="d",
        contribution="c",
        observed_on=date(2021, 5, 14),
    )
    return initiative, outcome


def test_paste_trace_and_confirm(live_server, scene, browser):
    initiative, outcome = scene
    page = browser.page
    page.goto(f"{live_server.url}/documents/new/")
    page.get_by_label("Username").fill("tracer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Initiative").select_option(label=str(initiative))
    page.get_by_label("Title").fill("Options paper")
    page.get_by_label("Kind").select_option("non_paper")
    page.get_by_label("Date").fill("2019-09-20")
    page.locator("#id_text").fill(PAPER)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Trace into Track One texts").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Trace").click()
    first = page.locator("article.transfer").first
    assert "#1" in first.locator("h3").inner_text()
    assert first.locator("blockquote.official").inner_text().count("Article 3.") == 1
    marked = first.locator("blockquote.official mark").all_inner_texts()
    assert {"committee", "monitors", "valley"} <= {m.casefold() for m in marked}
    first.get_by_label("Confirmed").check()
    first.get_by_label("Note").fill("An adviser carried option B into the talks.")
    first.get_by_label("Evidence for outcome").select_option(
        label=f"Outcome {outcome.pk}: Monitors agreed ({initiative.code})"
    )
    with page.expect_navigation():
        first.get_by_role("button", name="Record decision").click()
    page.wait_for_selector("#flash li")
    assert "Both documents are now evidence for outcome" in page.locator("#flash").inner_text()
    page.goto(f"{live_server.url}{outcome.get_absolute_url()}")
    assert page.get_by_role("heading", name="Confirmed transfers").is_visible()
    assert page.locator("article.transfer mark").count() >= 3
    assert "Article 3." in page.locator("article.transfer blockquote.official").inner_text()
    assert "An adviser carried option B" in page.locator("article.transfer").inner_text()
    # the contribution story shows the transfer and the outcome (drawn under the strict CSP)
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    page.get_by_role("link", name="Contribution story").click()
    page.wait_for_selector("h2#s1")
    assert page.get_by_role("heading", name="1. The question").is_visible()
    story = page.locator(".story").inner_text()
    assert "“Options paper” (non-paper or proposal, 2019-09-20) → “Interim accord” (2021-05-14)" in story
    assert "Monitors agreed" in story and "not yet substantiated" in story
