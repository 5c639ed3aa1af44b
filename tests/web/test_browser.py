"""End to end in Debian's Chromium: log in, record an initiative with participants, see its classification."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    """Rows made before the browser starts (Playwright's sync API runs an event loop in this thread)."""
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("mediator", password="a-long-test-password")
    Membership.objects.create(user=user, compartment=f.default_compartment(), role="editor")
    context = f.context(name="Northern Highlands")
    minister = f.actor(name="Minister", official_status="serving_official", level="top")
    elder = f.actor(name="Elder", level="grassroots")
    return context, minister, elder


def test_log_in_create_initiative_add_participants_see_classification(live_server, scene, page):
    context, minister, elder = scene

    page.goto(f"{live_server.url}/initiatives/new/")
    page.get_by_label("Username").fill("mediator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Title").fill("Highland water talks")
    page.get_by_label("Context").select_option(label=context.name)
    page.get_by_label("Third-party type").select_option("ngo_mediator")
    page.locator("#id_format").select_option("dialogue_series")
    page.get_by_label("Link Track Three to Track One").check()
    page.get_by_role("button", name="Save").click()

    page.wait_for_selector("h1:has-text('Highland water talks')")
    assert "no_participants" in page.locator("#classification").inner_text()

    for actor in (minister, elder):
        page.locator("#participants #id_actor").select_option(label=str(actor))
        page.locator("#participants #id_role").select_option("participant")
        page.get_by_role("button", name="Add", exact=True).click()
        page.locator("#participants table").get_by_role("link", name=actor.code, exact=True).wait_for()
        # Keyboard focus stays in the form that was swapped in (static/multitrack/app.js), not on <body>.
        focused = page.evaluate("document.activeElement.closest('#participants') !== null")
        assert focused, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")

    badge = page.get_by_test_id("computed-track")
    badge.wait_for()
    page.wait_for_function("document.querySelector('[data-testid=computed-track]').innerText.includes('1.5')")
    text = page.locator("#classification").inner_text()
    assert "Track 1.5" in text
    assert "no_participants" not in text
    assert "Three" in text  # the explanation names the Track Three to Track One link
    page.reload()
    assert "Track 1.5" in page.get_by_test_id("computed-track").inner_text()
    # Other pages render under the same policy without violations (checked when the page fixture closes).
    for path in ("/", "/glossary/", "/network/pyramid/", "/api/docs"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        if path.startswith("/network/"):
            # Cytoscape drew the actors (its canvases exist) and reported the count.
            page.wait_for_function("document.querySelector('#network-status').textContent.includes('shown')")
            assert page.locator("[data-network] canvas").count() > 0
    assert page.locator(".swagger-ui").count() == 1


def test_an_actors_form_hides_what_does_not_apply_and_counts_characters(live_server, scene, page):
    page.goto(f"{live_server.url}/actors/new/")
    page.get_by_label("Username").fill("mediator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    gender = page.locator("#id_gender")
    assert gender.is_visible()
    page.locator("#id_kind").select_option("organisation")
    assert not gender.is_visible() and not page.locator("#id_date_of_birth").is_visible()
    page.locator("#id_kind").select_option("person")
    assert gender.is_visible()
    page.locator("#id_notes").fill("Met twice.")
    assert page.locator("#id_notes + .char-count").inner_text() == "10 of 4000 characters"


@pytest.fixture
def talks(scene):
    return f.initiative(context=scene[0], title="Water talks")


def test_find_a_participant_by_name_and_add_them(live_server, scene, talks, page):
    elder = scene[2]
    initiative = talks
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    page.get_by_label("Username").fill("mediator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Find by code or name").fill("eld")
    page.get_by_role("button", name=f"{elder.code} — Elder").click()
    assert page.locator("#participants #id_actor").input_value() == str(elder.pk)
    page.locator("#participants #id_role").select_option("participant")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("#participants table").get_by_role("link", name=elder.code, exact=True).wait_for()
