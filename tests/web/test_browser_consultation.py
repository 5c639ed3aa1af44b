"""Consultations in Debian's Chromium: a facilitator issues a card; a participant votes with htmx and with
JavaScript switched off, in French; the opinion map is drawn under the CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.consultations.models import Consultation, Participant, Vote
from multitrack.web.consultations.services import actions
from tests import factories as f
from tests.web.browser import in_db

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
# The statement card was swapped by htmx: another statement, or none left.
CHANGED = (
    "old => { const s = document.querySelector('blockquote.statement'); return !s || s.innerText !== old; }"
)


@pytest.fixture
def scene(db):
    from multitrack.web.accounts.models import Membership

    user = get_user_model().objects.create_user("facilitator", password=PASSWORD)
    compartment = f.default_compartment()
    Membership.objects.create(user=user, compartment=compartment, role="editor")
    c = Consultation.objects.create(
        initiative=f.initiative(compartment=compartment),
        title="Valley priorities",
        question={"en": "What first?", "fr": "Quoi d'abord ?"},
        languages=["en", "fr"],
        demographics=["gender"],
    )
    actions.groups_from_lines(c, ["youth in the valley"])
    for i in range(3):
        actions.add_statement(c, {"en": f"Statement {i}", "fr": f"Proposition {i}"}, user)
    return c


def _login(page, url):
    page.goto(url)
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_issue_a_card_and_vote_with_htmx(live_server, scene, browser):
    page = browser.page
    _login(page, f"{live_server.url}/consultations/{scene.pk}/")
    page.get_by_label("Number of cards").fill("2")
    page.get_by_role("button", name="Issue and print cards").click()
    links = page.locator("code.link").all_inner_texts()
    assert len(links) == 2 and all("/c/" in link for link in links)
    token = re.search(r"/c/([^/]+)/", links[0]).group(1)
    page.goto(f"{live_server.url}/c/{token}/?lang=fr")
    assert page.locator("h1").inner_text() == "Quoi d'abord ?"
    page.get_by_label("Genre").select_option("woman")
    page.get_by_role("button", name="Commencer").click()
    for _ in range(3):
        statement = page.locator("blockquote.statement").inner_text()
        assert statement.startswith("Proposition")
        page.get_by_role("button", name="D'accord", exact=True).click()
        page.wait_for_function(CHANGED, arg=statement)
    assert "Vous avez voté sur toutes les propositions" in page.locator("#card").inner_text()
    assert in_db(lambda: Vote.objects.filter(value=1).count()) == 3
    assert in_db(lambda: Participant.objects.get(number=1).answers) == {"gender": "woman"}


def test_vote_without_javascript(live_server, scene, browser):
    token = in_db(lambda: actions.issue_cards(Consultation.objects.get(), None, 1, None)[0].token)
    context = browser.page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    browser.watch(context)
    plain = context.new_page()
    plain.goto(f"{live_server.url}/c/{token}/")
    plain.get_by_role("button", name="Start").click()
    plain.get_by_role("button", name="Disagree").click()
    assert "Your vote was recorded." in plain.locator("#card").inner_text()
    plain.get_by_role("button", name="Pass / unsure").click()
    plain.get_by_text("Add your own statement").click()
    plain.locator("#text").fill("Open the school")
    plain.get_by_role("button", name="Send").click()
    assert "once a facilitator has read it" in plain.locator("#card").inner_text()
    context.close()
    assert sorted(in_db(lambda: list(Vote.objects.values_list("value", flat=True)))) == [-1, 0]


def test_opinion_map_is_drawn(live_server, scene, browser):
    c = scene

    def votes():
        statements = list(c.statements.all())
        for i, card in enumerate(actions.issue_cards(c, None, 12, None)):
            p = actions.participant_for_token(card.token)
            actions.start(p, "en", {})
            for s in statements:
                actions.cast_vote(p, s.number, 1 if (s.number == 0) == (i < 6) else -1)

    in_db(votes)
    page = browser.page
    _login(page, f"{live_server.url}/consultations/{c.pk}/analysis/")
    page.wait_for_selector(".opinion-map svg")
    assert page.locator(".opinion-map svg circle, .opinion-map svg path").count() > 0
    assert "Common ground" in page.content()


def test_with_htmx_a_vote_is_one_request_and_a_refusal_is_shown(live_server, scene, browser, monkeypatch):
    monkeypatch.setattr(actions, "VOTES_PER_MINUTE", 1)
    token = in_db(lambda: actions.issue_cards(Consultation.objects.get(), None, 1, None)[0].token)
    page = browser.page
    page.goto(f"{live_server.url}/c/{token}/")
    page.get_by_role("button", name="Start").click()
    page.wait_for_load_state("networkidle")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url.removeprefix(live_server.url)}"))
    statement = page.locator("blockquote.statement").inner_text()
    page.get_by_role("button", name="Agree", exact=True).click()
    page.wait_for_function(CHANGED, arg=statement)
    assert sent == [f"POST /c/{token}/vote/"]  # the next card came with the answer to the vote
    assert "Your vote was recorded." in page.locator("#card").inner_text()
    page.get_by_role("button", name="Agree", exact=True).click()  # over the limit of one a minute
    page.locator("#card .error").wait_for()
    assert "Too many votes in a short time" in page.locator("#card .error").inner_text()
    assert page.locator("#card blockquote.statement").count() == 1  # the same card, to vote on later
    assert in_db(lambda: Vote.objects.count()) == 1
    # The refusal is the one failed request, expected; Chromium also logs it as a failed resource.
    assert browser.failed == [f"429 {live_server.url}/c/{token}/vote/"]
    browser.failed.clear()
    browser.console[:] = [m for m in browser.console if "status of 429" not in m]
