"""A consultation's analysis in the app: the cache that reads only new votes, the opinion groups page, the
report and the Track Two document it becomes, the Pol.is import and export, the API, inclusion analytics
and outcome evidence."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from multitrack.sources import polis
from multitrack.web.audit.models import AuditEvent
from multitrack.web.consultations.interchange import import_polis, to_polis
from multitrack.web.consultations.models import Consultation, Participant, Statement, Vote
from multitrack.web.consultations.publishing import publish_report
from multitrack.web.consultations.report import as_text, build
from multitrack.web.consultations.services import actions, analysis
from multitrack.web.registry.models import Document
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db
POLIS = Path(__file__).parents[1] / "data" / "polis"


def planted(compartment, per_group=12, user=None):
    """Three planted opinion groups of `per_group` participants over 9 statements: statements 0-2 split
    group 0 from the rest, 3-5 group 1, 6-8 group 2; statement 9 everyone agrees with."""
    c = Consultation.objects.create(
        initiative=f.initiative(compartment=compartment), title="Planted", question={"en": "Q?", "fr": "Q ?"},
        languages=["en", "fr"], demographics=["gender"],
    )  # fmt: skip
    statements = [actions.add_statement(c, {"en": f"S{i}", "fr": f"P{i}"}, user) for i in range(10)]
    people = Participant.objects.bulk_create(
        Participant(consultation=c, consented=True, answers={"gender": "woman" if g == 0 else "man"})
        for g in range(3)
        for _ in range(per_group)
    )
    votes = []
    for i, p in enumerate(people):
        group = i // per_group
        for s in statements:
            value = 1 if s.number == 9 or s.number // 3 == group else -1
            votes.append(Vote(consultation=c, participant=p, statement=s, value=value))
    Vote.objects.bulk_create(votes)
    return c, statements, people


def test_planted_groups_are_found_with_their_statements_and_common_ground(compartment):
    c, _statements, people = planted(compartment)
    result = analysis.current(c)
    assert result.analysis.k == 3 and result.votes == 360
    groups = {}
    for i, p in enumerate(people):
        groups.setdefault(result.group_of[p.pk], set()).add(i // 12)
    assert sorted(map(sorted, groups.values())) == [[0], [1], [2]]  # each planted group is one found group
    report = build(c, result)
    assert [row.said.number for row in report.consensus] == [9]
    for g in report.groups:
        planted_group = next(iter(groups[g.id]))
        agreed = {r.said.number for r in g.representative if r.direction == "agree"}
        assert agreed == {3 * planted_group, 3 * planted_group + 1, 3 * planted_group + 2}
    assert report.took_part == 36 and report.took_part_shown == "36"


def test_a_new_vote_reads_only_what_was_added(compartment):
    c, statements, people = planted(compartment)
    analysis.forget(c.pk)
    analysis.current(c)
    Vote.objects.create(consultation=c, participant=people[0], statement=statements[0], value=-1)
    with CaptureQueriesContext(connection) as queries:
        result = analysis.current(c)
    vote_reads = [q["sql"] for q in queries.captured_queries if "consultations_vote" in q["sql"]]
    assert any('"id" >' in sql or 'id" >' in sql or '."id" >' in sql for sql in vote_reads), vote_reads
    assert result.votes == 361
    assert result.statement_counts[statements[0].pk]["agree"] == 11  # the latest vote of participant 0 counts


def test_withdrawal_and_out_of_order_votes_are_not_missed(compartment):
    c, _statements, people = planted(compartment)
    analysis.current(c)
    actions.withdraw(people[0])
    assert analysis.current(c).votes == 350
    # A vote committed with a lower id than one already read (a concurrent transaction) is still counted.
    state = analysis._states[c.pk]
    state.last_id += 1000
    assert analysis.current(c).votes == 350


def test_opinion_groups_page_explains_and_suppresses(compartment):
    c, _statements, _people = planted(compartment, per_group=6)
    analyst = client_with_role("analyst", compartment)
    html = analyst.get(f"/consultations/{c.pk}/analysis/").content.decode()
    assert "Common ground" in html and "What each group stands for" in html and "silhouette" in html
    spec = json.loads(html.split('id="opinion-spec" type="application/json">')[1].split("</script>")[0])
    dots = spec["layer"][0]["data"]["values"]
    assert len(dots) == 18 and set(dots[0]) == {"x", "y", "group"}  # dots carry no identity
    # Gender by opinion group: groups of 6 hold 6 women or 6 men, never a count below 5 shown.
    table = html.split("Who is in each group")[1]
    for n in range(1, 5):
        assert f"<td>{n}</td>" not in table


def test_report_becomes_a_track_two_document_in_every_language(auth_client, compartment):
    c, _statements, _people = planted(compartment)
    auth_client.post(f"/consultations/{c.pk}/report/publish/")
    c.refresh_from_db()
    doc = Document.objects.get(pk=c.report_id)
    assert doc.kind == "consultation_report" and doc.track == "two" and doc.initiative_id == c.initiative_id
    assert "S9" in doc.text and "P9" in doc.text  # both languages, for tracing
    assert "What all opinion groups agree on" in doc.text
    again = publish_report(c, None)
    assert again.pk == doc.pk and Document.objects.filter(kind="consultation_report").count() == 1


def test_participation_by_invited_group_is_suppressed_in_the_report(compartment):
    c = Consultation.objects.create(
        initiative=f.initiative(compartment=compartment),
        title="Small",
        question={"en": "Q?"},
        languages=["en"],
    )
    big, small = actions.groups_from_lines(c, ["displaced women", "youth"])
    (s,) = [actions.add_statement(c, {"en": "Road"}, None)]
    for group, n in ((big, 9), (small, 2)):
        for card in actions.issue_cards(c, group, n, None):
            p = actions.participant_for_token(card.token)
            actions.start(p, "en", {})
            actions.cast_vote(p, s.number, 1)
    text = as_text(build(c))
    assert "- youth: suppressed" in text and "- displaced women: suppressed" in text  # the total would tell
    assert "Participants: 11." in text


def test_polis_import_is_atomic_idempotent_and_matches_the_export(compartment, tmp_path):
    initiative = f.initiative(compartment=compartment)
    export = polis.read_export(POLIS / "brexit-consensus")
    first = import_polis(export, initiative, None)
    assert (first.statements, first.participants, first.votes) == (50, 204, 5312)
    again = import_polis(export, initiative, None)
    assert not again.created and Consultation.objects.count() == 1
    c = first.consultation
    result = analysis.current(c)
    assert result.analysis.k == 2
    written = to_polis(c)
    mine = polis.PolisExport((), written.votes, (), {}, tmp_path).latest_votes()
    voters = sorted(export.voters)  # participants are numbered in the order they were imported
    theirs = {(voters.index(v.voter), v.comment, v.value) for v in export.latest_votes()}
    assert {(v.voter, v.comment, v.value) for v in mine} == theirs
    assert AuditEvent.objects.filter(action="import", object_type="consultations.consultation").count() == 1


def test_a_broken_export_imports_nothing(compartment, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(POLIS / "brexit-consensus", broken)
    lines = (broken / "votes.csv").read_text().splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",2"
    (broken / "votes.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(polis.PolisError, match=r"votes.csv, row 6, field vote"):
        polis.read_export(broken)
    assert not Consultation.objects.exists()


def test_export_zip_in_polis_layout(auth_client, compartment, tmp_path):
    c, _statements, _people = planted(compartment)
    response = auth_client.get(f"/consultations/{c.pk}/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "comments.csv",
        "participants-votes.csv",
        "summary.csv",
        "votes.csv",
    ]
    archive.extractall(tmp_path)
    back = polis.read_export(tmp_path)
    assert len(back.comments) == 10 and len(back.voters) == 36
    assert {p.group for p in back.participants} == {0, 1, 2}
    assert AuditEvent.objects.filter(action="export", object_type="consultations.consultation").exists()


def test_api_lists_and_analyses_by_role(compartment):
    c, _statements, _people = planted(compartment)
    analyst = client_with_role("analyst", compartment)
    funder = client_with_role("funder", compartment)
    listed = funder.get("/api/consultations").json()["items"]
    assert listed[0]["participants"] == "36" or listed[0]["participants"].startswith("fewer")
    assert funder.get(f"/api/consultations/{c.pk}/analysis").status_code == 403
    data = analyst.get(f"/api/consultations/{c.pk}/analysis").json()
    assert data["summary"]["groups"] == 3 and data["summary"]["consensus"] == [9]
    refs = set(Participant.objects.filter(consultation=c).values_list("ref", flat=True))
    assert {a["participant"] for a in data["summary"]["assignments"]} == refs
    statements_out = analyst.get(f"/api/consultations/{c.pk}/statements").json()
    assert statements_out[9] | {"texts": None} == {
        "number": 9, "texts": None, "language": "en", "status": "accepted", "seed": True, "agree": 36,
        "disagree": 0, "passes": 0,
    }  # fmt: skip
    outsider = client_with_role("owner", f.compartment(name="Elsewhere"))
    assert outsider.get(f"/api/consultations/{c.pk}/analysis").status_code == 404


def test_participation_feeds_inclusion_analytics(compartment):
    from multitrack.core.inclusion import CONSULTATION_ROLE
    from multitrack.web.inclusion.services.records import records

    c, _statements, people = planted(compartment, per_group=6)
    author = people[0]
    Statement.objects.create(
        consultation=c, number=99, texts={"en": "Mine"}, language="en", author=author, status="accepted"
    )
    owner = client_with_role("owner", compartment)
    viewer = owner.get("/consultations/").wsgi_request.user
    rows = [r for r in records(viewer) if r.role == CONSULTATION_ROLE]
    assert len(rows) == 18
    assert {r.person for r in rows if r.group == "influence"} == {f"consultation:{author.ref}"}
    assert {r.values["gender"] for r in rows} == {"woman", "man"}


def test_a_consultation_is_cited_as_evidence_on_an_outcome(auth_client, compartment):
    c, _statements, _people = planted(compartment)
    response = auth_client.post(
        "/evaluation/outcomes/new/",
        {"initiative": c.initiative_id, "title": "Road reopened", "description": "The road reopened.",
         "observed_on": "2021-06-01", "contribution": "The consultation's common ground.",
         "consultations": [c.pk], "positive": "on", "intended": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    from multitrack.web.evaluation.models import Outcome

    outcome = Outcome.objects.get()
    assert list(outcome.consultations.all()) == [c]
    assert "Planted" in auth_client.get(outcome.get_absolute_url()).content.decode()
