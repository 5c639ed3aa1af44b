"""Consultations in the web app: the facilitator's forms, invitation cards, the participant's page
(no account, no name, one statement at a time), moderation, rate limits, withdrawal, and what each
role sees."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from multitrack.web.audit.models import AuditEvent
from multitrack.web.consultations.models import Consultation, Participant, Statement, Vote, hash_token
from multitrack.web.consultations.services import actions
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def consultation(initiative=None, **kw):
    values = {
        "title": "Valley priorities",
        "question": {
            "en": "What should the talks settle first?",
            "fr": "Que doivent régler les pourparlers d'abord ?",
        },
        "languages": ["en", "fr"],
        "moderation": "pre",
        "demographics": ["gender", "age"],
    }
    values.update(kw)
    return Consultation.objects.create(initiative=initiative or f.initiative(), **values)


def seeds(c, n=3, user=None):
    return [
        actions.add_statement(c, {"en": f"Statement number {i}", "fr": f"Proposition numéro {i}"}, user)
        for i in range(n)
    ]


def card(c, group=None):
    return actions.issue_cards(c, group, 1, None)[0].token


def test_facilitator_creates_a_consultation_with_groups_and_languages(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    response = auth_client.post(
        "/consultations/new/",
        {
            "initiative": initiative.pk, "title": "Valley priorities", "languages": ["en", "fr"],
            "question_en": "What first?", "question_fr": "Quoi d'abord ?", "moderation": "pre",
            "allow_statements": "on", "demographics": ["gender"],
            "groups": "displaced women\nyouth in the valley\n",
        },
    )  # fmt: skip
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/consultations/{c.pk}/"
    assert c.question == {"en": "What first?", "fr": "Quoi d'abord ?"}
    assert c.languages == ["en", "fr"] and c.compartment_id == compartment.pk
    assert [g.label for g in c.groups.all()] == ["displaced women", "youth in the valley"]
    assert AuditEvent.objects.filter(object_type="consultations.consultation", action="create").exists()


def test_the_question_is_needed_in_every_language_chosen(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    response = auth_client.post(
        "/consultations/new/",
        {"initiative": initiative.pk, "title": "T", "languages": ["en", "fr"], "question_en": "What first?",
         "moderation": "pre"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "missing Français" in response.content.decode()
    assert not Consultation.objects.exists()


def test_cards_are_shown_once_and_only_their_hash_is_kept(auth_client, compartment):
    c = consultation(f.initiative(compartment=compartment))
    group = actions.groups_from_lines(c, ["displaced women"])[0]
    response = auth_client.post(f"/consultations/{c.pk}/cards/", {"group": group.pk, "count": 3})
    html = response.content.decode()
    tokens = re.findall(r"/c/([A-Za-z0-9_-]{20,})/", html)
    assert len(set(tokens)) == 3
    assert html.count('src="data:image/svg+xml') == 3  # a QR code per card
    assert response["Cache-Control"] == "no-store"
    stored = set(Participant.objects.filter(consultation=c).values_list("token_hash", flat=True))
    assert stored == {hash_token(t) for t in set(tokens)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consultations_participant")
        raw = repr(cursor.fetchall())
    assert not any(t in raw for t in tokens)
    assert AuditEvent.objects.filter(summary__contains="3 invitation cards issued").exists()


def test_a_participant_votes_without_javascript_one_statement_at_a_time(compartment):
    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 3)
    token = card(c)
    client = Client()
    start = client.get(f"/c/{token}/")
    assert start.status_code == 200 and "Your name is never asked" in start.content.decode()
    assert start["Referrer-Policy"] == "no-referrer" and start["Cache-Control"] == "no-store"
    client.post(f"/c/{token}/start/", {"lang": "fr", "q_gender": "woman", "q_age": ""})
    p = Participant.objects.get(consultation=c)
    assert p.consented and p.language == "fr" and p.answers == {"gender": "woman"}
    seen = []
    for value in (1, -1, 0):
        page = client.get(f"/c/{token}/").content.decode()
        number = int(re.search(r'name="statement" value="(\d+)"', page).group(1))
        seen.append(number)
        assert f"Proposition numéro {number}" in page  # in the participant's language
        response = client.post(f"/c/{token}/vote/", {"statement": number, "value": value})
        assert response.status_code == 302
    assert sorted(seen) == [0, 1, 2]
    assert "Vous avez voté sur toutes les propositions" in client.get(f"/c/{token}/").content.decode()
    assert sorted(Vote.objects.filter(participant=p).values_list("value", flat=True)) == [-1, 0, 1]


def test_latest_vote_counts_and_votes_are_appended(compartment):
    c = consultation(f.initiative(compartment=compartment))
    (s,) = seeds(c, 1)
    p = Participant.objects.get(token_hash=hash_token(card(c)))
    actions.cast_vote(p, s.number, 1)
    actions.cast_vote(p, s.number, -1)
    assert Vote.objects.filter(participant=p).count() == 2
    assert actions.latest_votes(p) == {s.pk: -1}


def test_bad_and_revoked_tokens_get_the_same_plain_page(auth_client, compartment):
    c = consultation(f.initiative(compartment=compartment))
    token = card(c)
    number = Participant.objects.get(consultation=c).number
    bad = Client().get("/c/not-a-real-token-at-all/")
    assert bad.status_code == 404 and "This link is not valid." in bad.content.decode()
    auth_client.post(f"/consultations/{c.pk}/cards/revoke/", {"number": number})
    revoked = Client().get(f"/c/{token}/")
    assert revoked.status_code == 404 and revoked.content == bad.content
    assert Client().post(f"/c/{token}/vote/", {"statement": 0, "value": 1}).status_code == 404


def test_rate_limit_stops_ballot_stuffing_from_one_card(compartment, monkeypatch):
    monkeypatch.setattr(actions, "VOTES_PER_MINUTE", 3)
    c = consultation(f.initiative(compartment=compartment))
    (s,) = seeds(c, 1)
    token = card(c)
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en"})
    codes = [
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1}).status_code for _ in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Vote.objects.count() == 3
    page = client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1}).content.decode()
    assert "Too many votes in a short time" in page


def test_with_htmx_the_vote_answers_with_the_next_card_and_errors_are_swapped_in(compartment, monkeypatch):
    """The page's script posts the vote and swaps in the card it gets back: one round trip, not a
    redirect and a second page; a refused vote comes back as a card with the reason, in the participant's
    language (htmx is told to swap 4xx answers, or the participant would see nothing happen)."""
    monkeypatch.setattr(actions, "VOTES_PER_MINUTE", 2)
    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 3)
    token = card(c)
    client = Client(headers={"HX-Request": "true"})
    client.post(f"/c/{token}/start/", {"lang": "fr"})
    page = client.get(f"/c/{token}/").content.decode()
    assert '"responseHandling":[{"code":"204","swap":false},{"code":"[2345]..","swap":true' in page
    numbers = [int(re.search(r'name="statement" value="(\d+)"', page).group(1))]
    for _ in range(2):
        answer = client.post(f"/c/{token}/vote/", {"statement": numbers[-1], "value": 1})
        fragment = answer.content.decode()
        assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
        assert fragment.startswith('<section id="card"') and "<html" not in fragment
        assert "Votre vote est enregistré." in fragment
        numbers.append(int(re.search(r'name="statement" value="(\d+)"', fragment).group(1)))
        assert f"Proposition numéro {numbers[-1]}" in fragment
    assert len(set(numbers)) == 3
    refused = client.post(f"/c/{token}/vote/", {"statement": numbers[-1], "value": 1})
    assert refused.status_code == 429
    assert refused.content.decode().startswith('<section id="card"')
    assert 'role="alert"' in refused.content.decode()
    assert Vote.objects.count() == 2
    gone = client.post("/c/not-a-real-token-at-all/vote/", {"statement": 0, "value": 1})
    assert gone.status_code == 404 and '<section id="card">' in gone.content.decode()


def test_statements_are_held_for_moderation_then_shown(auth_client, compartment):
    c = consultation(f.initiative(compartment=compartment))
    token = card(c)
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en"})
    response = client.post(f"/c/{token}/statement/", {"text": "  Reopen   the valley road  "})
    assert response["Location"].endswith("?done=held")
    st = Statement.objects.get(consultation=c)
    assert st.status == "pending" and st.texts == {"en": "Reopen the valley road"} and st.author is not None
    assert "valley road" not in client.get(f"/c/{token}/").content.decode()
    auth_client.post(f"/consultations/{c.pk}/statements/{st.number}/moderate/", {"status": "accepted"})
    assert "Reopen the valley road" in client.get(f"/c/{token}/").content.decode()
    assert AuditEvent.objects.filter(object_type="consultations.statement", action="update").exists()


def test_post_moderation_shows_statements_at_once_and_long_ones_are_refused(compartment):
    c = consultation(f.initiative(compartment=compartment), moderation="post")
    token = card(c)
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en"})
    assert client.post(f"/c/{token}/statement/", {"text": "Share the water"})["Location"].endswith(
        "?done=shown"
    )
    too_long = client.post(f"/c/{token}/statement/", {"text": "x" * 281})
    assert too_long.status_code == 400 and "under 280 characters" in too_long.content.decode()
    assert Statement.objects.filter(consultation=c).count() == 1


def test_a_closed_or_unopened_consultation_takes_no_votes(compartment):
    c = consultation(f.initiative(compartment=compartment), closes_at=timezone.now() - timedelta(days=1))
    (s,) = seeds(c, 1)
    token = card(c)
    assert "This consultation is closed" in Client().get(f"/c/{token}/").content.decode()
    p = Participant.objects.get(consultation=c)
    with pytest.raises(actions.ConsultationError):
        actions.cast_vote(p, s.number, 1)
    later = consultation(f.initiative(compartment=compartment), opens_at=timezone.now() + timedelta(days=1))
    assert "has not opened yet" in Client().get(f"/c/{card(later)}/").content.decode()


def test_a_participant_withdraws_their_votes_and_answers(compartment):
    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 2)
    token = card(c)
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en", "q_gender": "man"})
    client.post(f"/c/{token}/vote/", {"statement": 0, "value": 1})
    mine = client.get(f"/c/{token}/votes/").content.decode()
    assert "Statement number 0" in mine and "Agree" in mine
    generation = c.generation
    client.post(f"/c/{token}/withdraw/")
    p = Participant.objects.get(consultation=c)
    assert not Vote.objects.filter(participant=p).exists() and p.answers == {} and p.withdrawn_at
    c.refresh_from_db()
    assert c.generation == generation + 1


def test_nothing_identifying_is_stored_and_answers_are_encrypted(compartment):
    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 1)
    token = card(c)
    client = Client(HTTP_USER_AGENT="Nokia-Test-Phone/1.0", REMOTE_ADDR="203.0.113.77")
    client.post(f"/c/{token}/start/", {"lang": "en", "q_gender": "non_binary"})
    client.post(f"/c/{token}/vote/", {"statement": 0, "value": 1})
    client.post(f"/c/{token}/statement/", {"text": "Commander Example must go"})
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            dump.append(repr(cursor.fetchall()))
    raw = "\n".join(dump)
    for secret in ("Nokia-Test-Phone", "203.0.113.77", token, "non_binary", "Commander Example",
                   "What should the talks settle first?", "Proposition numéro 0"):  # fmt: skip
        assert secret not in raw, secret


def test_participant_page_is_light(compartment):
    from django.contrib.staticfiles import finders

    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 1)
    token = card(c)
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en"})
    html = client.get(f"/c/{token}/").content.decode()
    assert "<form" in html and 'name="value" value="1"' in html  # works as a plain form
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    weight = len(html.encode()) + sum(Path(finders.find(a)).stat().st_size for a in assets)
    assert set(assets) == {"multitrack/participate.css", "vendor/htmx.min.js"}
    assert weight < 100_000, weight


def test_roles_see_what_they_may(compartment):
    c = consultation(f.initiative(compartment=compartment))
    seeds(c, 1)
    funder = client_with_role("funder", compartment)
    analyst = client_with_role("analyst", compartment)
    page = funder.get(f"/consultations/{c.pk}/").content.decode()
    assert "Statement number 0" not in page and "What should the talks settle first?" not in page
    for url in ("analysis/", "report/", "export.zip"):
        assert funder.get(f"/consultations/{c.pk}/{url}").status_code == 403
    assert "Statement number 0" in analyst.get(f"/consultations/{c.pk}/").content.decode()
    assert analyst.post(f"/consultations/{c.pk}/cards/", {"count": 2}).status_code == 403
    assert analyst.get(f"/consultations/{c.pk}/export.zip").status_code == 403
    outsider = client_with_role("owner", f.compartment(name="Elsewhere"))
    assert outsider.get(f"/consultations/{c.pk}/").status_code == 404
    assert outsider.get("/consultations/").status_code == 200
    assert "Valley priorities" not in outsider.get("/consultations/").content.decode()
