"""Documents and transfer tracing in the web app, the API and the command line: a planted paraphrase is
proposed first, official texts dated before the output are left out, decisions are kept across runs and
a confirmed transfer becomes evidence on an outcome; texts stay encrypted and other compartments unseen."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.audit.models import AuditEvent
from multitrack.web.evaluation.models import Outcome, Transfer
from multitrack.web.registry.models import Document
from tests import factories as f
from tests.conftest import client_with_role
from tests.sources.test_document_text import pdf_with_text

pytestmark = pytest.mark.django_db

PAPER = (
    "This non-paper sets out options discussed by participants from both sides. It commits no one.\n\n"
    "Option B proposes a joint verification committee with community monitors in each valley, reporting "
    "to both leaderships, and a phased withdrawal from the eastern sector.\n\n"
    "Participants also asked that herders be given safe passage to the summer pastures."
)
ACCORD = (
    "Article 1. Humanitarian organisations shall have unimpeded access to all districts, subject to "
    "notification forty-eight hours in advance.\n\n"
    "Article 2. Each Party shall release detainees held in connection with the conflict within "
    "sixty days.\n\n"
    "Article 3. The Parties set up a committee of both sides, with monitors drawn from the communities of "
    "every valley, to verify the ceasefire; it shall report to the two leaderships and to the Mediator.\n\n"
    "Article 4. This Agreement enters into force on signature."
)
EARLIER = (  # the output's own words, but issued before it: cannot be a transfer of it
    "Option B proposes a joint verification committee with community monitors in each valley, reporting "
    "to both leaderships, and a phased withdrawal from the eastern sector."
)


def documents(compartment):
    initiative = f.initiative(compartment=compartment)
    paper = Document.objects.create(
        initiative=initiative, title="Options paper", kind="non_paper", date=date(2019, 9, 20), text=PAPER
    )
    accord = Document.objects.create(
        compartment=compartment, title="Interim accord", kind="agreement", date=date(2021, 5, 14), text=ACCORD
    )
    earlier = Document.objects.create(
        compartment=compartment,
        title="Earlier statement",
        kind="official_statement",
        date=date(2018, 11, 2),
        text=EARLIER,
    )
    return SimpleNamespace(initiative=initiative, paper=paper, accord=accord, earlier=earlier)


def harvested(initiative, **kw):
    values = {
        "title": "Monitors agreed",
        "description": "d",
        "contribution": "c",
        "observed_on": date(2021, 5, 14),
    }
    return Outcome.objects.create(initiative=initiative, **{**values, **kw})


def test_a_document_by_form_with_an_uploaded_pdf(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    upload = pdf_with_text("Article 1. Herders pass safely.", "Article 2. Monitors in every valley.")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = auth_client.post(
        "/documents/new/",
        {
            "initiative": initiative.pk,
            "title": "Interim accord",
            "kind": "agreement",
            "date": "2021-05-14",
            "upload": SimpleUploadedFile("accord.pdf", upload, content_type="application/pdf"),
        },
    )
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    assert doc.compartment == compartment and doc.track == "one"
    assert doc.text == "Article 1. Herders pass safely.\n\nArticle 2. Monitors in every valley."
    page = auth_client.get(doc.get_absolute_url()).content.decode()
    assert 'id="p-1"' in page and "Monitors in every valley" in page and "an official text" in page
    assert "Trace into Track One texts" not in page  # official texts are traced into, not from
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM registry_document")
        assert "Herders" not in cursor.fetchone()[0]
    # a file that gives no text: the reason is named and nothing changes
    bad = auth_client.post(
        f"/documents/{doc.pk}/edit/",
        {
            "initiative": initiative.pk,
            "title": "Renamed",
            "kind": "agreement",
            "upload": SimpleUploadedFile("scan.pdf", pdf_with_text(""), content_type="application/pdf"),
        },
    )
    assert bad.status_code == 200 and "scan.pdf: no text could be read" in bad.content.decode()
    doc.refresh_from_db()
    assert doc.title == "Interim accord" and doc.text.startswith("Article 1.")
    assert auth_client.get(f"/documents/{doc.pk}/text.txt").content.decode() == doc.text


def test_the_list_filters_by_track_kind_and_initiative(auth_client, compartment):
    d = documents(compartment)
    initiative = d.initiative
    two = auth_client.get("/documents/?track=two").content.decode()
    assert "Options paper" in two and "Interim accord" not in two
    one = auth_client.get("/documents/?track=one").content.decode()
    assert "Interim accord" in one and "Earlier statement" in one and "Options paper" not in one
    assert "Options paper" not in auth_client.get("/documents/?kind=agreement").content.decode()
    by_initiative = auth_client.get(f"/documents/?initiative={initiative.pk}").content.decode()
    assert "Options paper" in by_initiative and "Interim accord" not in by_initiative
    assert "Interim accord" in auth_client.get("/documents/?q=accord").content.decode()


def test_tracing_proposes_the_paraphrase_first_and_leaves_out_earlier_texts(auth_client, compartment, user):
    d = documents(compartment)
    paper, accord = d.paper, d.accord
    response = auth_client.post(f"/evaluation/documents/{paper.pk}/trace/run/", {"k": 2, "limit": 10})
    assert response.status_code == 302
    proposals = list(Transfer.objects.filter(source=paper).order_by("rank"))
    assert proposals and all(t.target == accord for t in proposals)  # the earlier statement is left out
    best = proposals[0]
    assert (best.source_index, best.target_index, best.rank) == (1, 2, 1)
    assert best.target_text.startswith("Article 3.") and best.status == "proposed" and best.traced_by == user
    assert {"committee", "monitors", "valley", "leaderships"} <= {w.casefold() for w in best.shared}
    assert PAPER[best.source_start : best.source_end] == best.source_text
    assert ACCORD[best.target_start : best.target_end] == best.target_text
    page = auth_client.get(f"/evaluation/documents/{paper.pk}/trace/").content.decode()
    assert "<mark>committee</mark>" in page and "1 dated before this output is left out" in page
    assert "Earlier statement" in page and f'id="transfer-{best.pk}"' in page
    message = auth_client.get(f"/evaluation/documents/{paper.pk}/trace/", follow=True)
    assert message.status_code == 200
    # passages and shared words are encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_text, target_text, shared FROM evaluation_transfer")
        for row in cursor.fetchall():
            assert not any("committee" in value for value in row)


def test_decisions_are_kept_and_a_confirmed_transfer_is_evidence(auth_client, compartment, user):
    d = documents(compartment)
    initiative, paper, accord = d.initiative, d.paper, d.accord
    outcome = harvested(initiative)
    auth_client.post(f"/evaluation/documents/{paper.pk}/trace/run/", {"k": 2, "limit": 10})
    best, second = Transfer.objects.filter(source=paper).order_by("rank")[:2]
    response = auth_client.post(
        f"/evaluation/transfers/{best.pk}/decide/",
        {"status": "confirmed", "note": "An adviser carried the option.", "outcome": outcome.pk},
    )
    assert response.status_code == 302
    best.refresh_from_db()
    assert (best.status, best.outcome, best.decided_by) == ("confirmed", outcome, user)
    assert set(outcome.evidence.all()) == {paper, accord}
    auth_client.post(f"/evaluation/transfers/{second.pk}/decide/", {"status": "rejected", "note": "Generic."})
    # an outcome with a rejection is refused, nothing changes
    third = Transfer.objects.filter(source=paper, status="proposed").first()
    bad = auth_client.post(
        f"/evaluation/transfers/{third.pk}/decide/",
        {"status": "rejected", "outcome": outcome.pk},
        follow=True,
    )
    assert "Only a confirmed transfer can be evidence" in bad.content.decode()
    third.refresh_from_db()
    assert third.status == "proposed"
    # tracing again replaces the undecided proposals and keeps (does not repeat) the decided ones
    auth_client.post(f"/evaluation/documents/{paper.pk}/trace/run/", {"k": 2, "limit": 10})
    kept = Transfer.objects.filter(source=paper).exclude(status="proposed")
    assert {(t.pk, t.status) for t in kept} == {(best.pk, "confirmed"), (second.pk, "rejected")}
    again = Transfer.objects.filter(source=paper, status="proposed")
    assert not any(t.same_pair(best) or t.same_pair(second) for t in again)
    # the outcome shows the confirmed transfer with the shared words marked
    page = auth_client.get(outcome.get_absolute_url()).content.decode()
    assert "Confirmed transfers" in page and "<mark>committee</mark>" in page
    assert f'href="{accord.get_absolute_url()}"' in page
    # the official text lists what was confirmed into it; a document with decisions is not deleted
    assert "Confirmed transfers into this text" in auth_client.get(accord.get_absolute_url()).content.decode()
    auth_client.post(f"/documents/{paper.pk}/delete/")
    assert Document.objects.filter(pk=paper.pk).exists()
    # audited by field name, quoting no passage
    events = AuditEvent.objects.filter(object_type="evaluation.transfer")
    assert events.filter(action="update").exists() and events.filter(action="create").exists()
    assert not any("committee" in e.summary or "adviser" in e.summary.casefold() for e in events)


def test_only_outcomes_of_the_same_compartment_and_readable_texts(compartment, user):
    d = documents(compartment)
    paper = d.paper
    elsewhere = f.compartment()
    hidden = Document.objects.create(
        compartment=elsewhere, title="Hidden accord", kind="agreement", date=date(2020, 1, 1), text=EARLIER
    )
    foreign = harvested(f.initiative(compartment=elsewhere))
    editor = client_with_role("editor", compartment)
    editor.post(f"/evaluation/documents/{paper.pk}/trace/run/", {"k": 3, "limit": 20})
    assert not Transfer.objects.filter(target=hidden).exists()  # not readable: not searched
    item = Transfer.objects.filter(source=paper).first()
    editor.post(f"/evaluation/transfers/{item.pk}/decide/", {"status": "confirmed", "outcome": foreign.pk})
    item.refresh_from_db()
    assert item.status == "proposed" and not foreign.evidence.exists()
    # an analyst reads the proposals but cannot trace or decide
    analyst = client_with_role("analyst", compartment)
    page = analyst.get(f"/evaluation/documents/{paper.pk}/trace/").content.decode()
    assert "committee" in page and "Record decision" not in page and "Trace again" not in page
    assert analyst.post(f"/evaluation/transfers/{item.pk}/decide/", {"status": "rejected"}).status_code == 404


def test_nothing_to_trace_is_said_plainly(auth_client, compartment):
    empty = Document.objects.create(compartment=compartment, title="Draft", kind="workshop_paper")
    page = auth_client.post(
        f"/evaluation/documents/{empty.pk}/trace/run/", {"k": 3, "limit": 20}, follow=True
    )
    assert f"document {empty.pk} has no text to trace" in page.content.decode()
    accord = Document.objects.create(compartment=compartment, title="A", kind="agreement", text=ACCORD)
    page = auth_client.post(
        f"/evaluation/documents/{accord.pk}/trace/run/", {"k": 3, "limit": 20}, follow=True
    )
    assert "is an official text" in page.content.decode() and not Transfer.objects.exists()


def test_the_api_traces_lists_and_decides(auth_client, compartment):
    d = documents(compartment)
    initiative, paper, accord = d.initiative, d.paper, d.accord
    outcome = harvested(initiative)
    listed = auth_client.get("/api/documents?track=one").json()["items"]
    assert {d["title"] for d in listed} == {"Interim accord", "Earlier statement"}
    assert auth_client.get(f"/api/documents/{paper.pk}").json()["text"] == PAPER
    run = auth_client.post(
        f"/api/documents/{paper.pk}/trace", json.dumps({"k": 2, "limit": 5}), content_type="application/json"
    ).json()
    assert run["too_early"] == 1 and run["searched"] == 1 and run["method"]
    first = run["proposed"][0]
    assert first["target"] == accord.pk and first["target_passage"] == 3 and first["source_passage"] == 2
    decided = auth_client.post(
        f"/api/transfers/{first['id']}/decide",
        json.dumps({"status": "confirmed", "outcome": outcome.pk}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["outcome"] == outcome.pk
    assert [t["id"] for t in auth_client.get("/api/transfers?status=confirmed").json()["items"]] == [
        first["id"]
    ]
    wrong = auth_client.post(
        f"/api/transfers/{first['id']}/decide",
        json.dumps({"status": "maybe"}),
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "unknown decision 'maybe'" in wrong.json()["detail"]
    bad = auth_client.post(
        f"/api/documents/{paper.pk}/trace", json.dumps({"k": 50}), content_type="application/json"
    )
    assert bad.status_code == 400


def test_the_command_line_prints_and_saves(compartment):
    d = documents(compartment)
    paper, accord = d.paper, d.accord
    runner = CliRunner()
    result = runner.invoke(app, ["trace", str(paper.pk), "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["too_early"] == 1 and data["saved"] is False and not Transfer.objects.exists()
    assert data["proposals"][0]["target"] == accord.pk and data["proposals"][0]["target_passage"] == 3
    saved = runner.invoke(app, ["trace", str(paper.pk), "--save", "--lexical"])
    assert saved.exit_code == 0 and "Stored for review" in saved.stdout
    assert Transfer.objects.filter(source=paper, method="bm25").exists()
    missing = runner.invoke(app, ["trace", "999999"])
    assert missing.exit_code == 2 and "no document with id 999999" in missing.output
    official = runner.invoke(app, ["trace", str(accord.pk)])
    assert official.exit_code == 2 and "is an official text" in official.output
