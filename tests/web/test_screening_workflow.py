"""Screening actors in the app: hits, decisions remembered until the entry changes, re-screening after a
list update, the proscribed_participant warning, and the four-eyes rule on engagement records."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from multitrack.core.screening.entries import ListedName, ListEntry, ParsedList
from multitrack.web.audit.models import AuditEvent
from multitrack.web.screening.models import EngagementRecord, ScreeningHit
from multitrack.web.screening.services import screen
from multitrack.web.screening.services.lists import store
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

GADDAFI = f.LISTED_GADDAFI
FRONT = ListEntry("un-sc", "QDe.001", "Organization", (ListedName("Example Liberation Front"),))


def lists(version: str = "2024-01-01", *entries: ListEntry):
    return store(ParsedList("un-sc", version, version, entries or (GADDAFI, FRONT)), "un.xml")


def index():
    return screen.build_index(screen.active_entities())


@pytest.fixture
def people(compartment):
    listed = f.actor(name="Muammar al-Gaddafi", compartment=compartment, date_of_birth=date(1942, 6, 7))
    innocent = f.actor(name="Amina Example", compartment=compartment)
    return listed, innocent


def test_screening_records_a_hit_for_the_listed_name_only(people, user):
    lists()
    listed, innocent = people
    report = screen.screen_actors([listed, innocent], index(), user)
    assert report.actors == 2 and report.new_hits == 1
    hit = ScreeningHit.objects.get()
    assert hit.actor == listed and hit.entity.entry_id == "LYi.001" and hit.open
    assert hit.score >= 0.86 and hit.explanation
    # the explanation quotes the actor's name: encrypted at rest; the audit entry names no one
    with connection.cursor() as cursor:
        cursor.execute("SELECT explanation FROM screening_screeninghit")
        (stored,) = cursor.fetchone()
    assert "gaddafi" not in stored.lower()
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Gaddafi" not in summaries and "1 new hit" in summaries


def test_a_decision_is_remembered_until_the_entry_changes(people, user):
    lists()
    listed, _ = people
    screen.screen_actors([listed], index(), user)
    hit = ScreeningHit.objects.get()
    screen.decide(hit, "true_match", "Same date of birth and nationality.", user)
    listed.refresh_from_db()
    assert listed.proscription_status == "listed" and not ScreeningHit.objects.get().open
    again = screen.screen_actors([listed], index(), user)
    assert again.still_decided == 1 and again.reopened == 0 and not ScreeningHit.objects.get().open
    # a newer list version changes the entry: only then is the hit asked again
    changed = ListEntry(**{**GADDAFI.__dict__, "remarks": "Deceased 20 Oct. 2011."})
    run = lists("2024-06-01", changed, FRONT)
    report = screen.rescreen_after_import(run, [listed], user)
    hit = ScreeningHit.objects.get()
    assert report.reopened == 1 and hit.open and "changed since the decision" in hit.reopened_because


def test_after_a_list_update_only_affected_entries_are_screened(people, user):
    lists()
    listed, innocent = people
    screen.screen_actors([listed, innocent], index(), user)
    newcomer = ListEntry("un-sc", "QDi.900", "Person", (ListedName("Amina Example"),))
    run = lists("2024-06-01", GADDAFI, FRONT, newcomer)
    report = screen.rescreen_after_import(run, [listed, innocent], user)
    assert report.new_hits == 1 and report.still_decided == 0
    assert ScreeningHit.objects.filter(actor=innocent, entity__entry_id="QDi.900").exists()
    # removing an entry reopens decided hits on it
    hit = ScreeningHit.objects.get(actor=listed)
    screen.decide(hit, "false_positive", "Different person: born 1975.", user)
    run = lists("2024-07-01", FRONT, newcomer)
    screen.rescreen_after_import(run, [listed, innocent], user)
    hit.refresh_from_db()
    assert hit.open and hit.reopened_because == "the entry was removed from the list"


def test_a_true_match_gives_the_initiative_its_warning(people, user):
    lists()
    listed, _ = people
    initiative = f.initiative()
    f.participate(initiative, listed)
    assert "proscribed_participant" not in initiative.classification().warning_codes()
    screen.screen_actors([listed], index(), user)
    screen.decide(ScreeningHit.objects.get(), "true_match", "Confirmed.", user)
    initiative.refresh_from_db()
    assert "proscribed_participant" in initiative.classification().warning_codes()


def test_review_in_the_web_app_and_four_eyes(people, compartment, auth_client, user):
    lists()
    listed, _ = people
    response = auth_client.post(f"/screening/actors/{listed.pk}/screen/")
    assert response.status_code == 302
    hit = ScreeningHit.objects.get()
    queue = auth_client.get("/screening/").content.decode()
    assert listed.code in queue and hit.matched_name in queue and "LYi.001" in queue
    assert "Muammar al-Gaddafi" not in queue  # the actor appears by code
    auth_client.post(f"/screening/hits/{hit.pk}/", {"verdict": "true_match", "rationale": "Same DOB."})
    hit.refresh_from_db()
    assert not hit.open and hit.latest_decision.verdict == "true_match"
    auth_client.post(
        f"/screening/hits/{hit.pk}/engagement/",
        {
            "purpose": "Humanitarian access talks",
            "legal_considerations": "Licence GL-1",
            "mitigations": "No funds",
        },
    )
    engagement = EngagementRecord.objects.get()
    assert engagement.recorded_by == user and not engagement.approved
    auth_client.post(f"/screening/engagements/{engagement.pk}/approve/")
    auth_client.post(f"/screening/engagements/{engagement.pk}/approve/")  # the same user again: refused
    engagement.refresh_from_db()
    assert engagement.first_approval == user and engagement.second_approval is None
    other = client_with_role("editor", compartment)
    other.post(f"/screening/engagements/{engagement.pk}/approve/")
    engagement.refresh_from_db()
    assert engagement.approved and engagement.second_approval != engagement.first_approval
    assert "approved by" in auth_client.get(f"/screening/hits/{hit.pk}/").content.decode()


def test_analysts_see_no_explanation_and_cannot_decide(people, compartment, user):
    lists()
    listed, _ = people
    screen.screen_actors([listed], index(), user)
    hit = ScreeningHit.objects.get()
    analyst = client_with_role("analyst", compartment)
    page = analyst.get(f"/screening/hits/{hit.pk}/").content.decode()
    assert "your role sees the score only" in page and "Record decision" not in page
    assert (
        analyst.post(
            f"/screening/hits/{hit.pk}/", {"verdict": "false_positive", "rationale": "x"}
        ).status_code
        == 403
    )
    assert not hit.decisions.exists()


def test_importing_a_newer_list_rescreens_screened_actors(people, user, tmp_path):
    from typer.testing import CliRunner

    from multitrack.cli import app

    lists()
    listed, innocent = people
    screen.screen_actors([listed, innocent], index(), user)
    newer = tmp_path / "ftm-2024-06-01.json"
    newer.write_text(
        '{"id": "NK-1", "schema": "Person", "properties": {"name": ["Amina Example"]}}\n', encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["watchlist", "import", "ftm", str(newer), "--json"])
    assert result.exit_code == 0, result.output
    assert "Re-screened after the update: 2 actor(s) screened: 1 new hit(s)" in result.stderr
    assert ScreeningHit.objects.filter(actor=innocent, entity__source="ftm").exists()
    assert "Amina" not in result.stderr


def test_the_index_is_built_once_per_state_of_the_lists():
    lists()
    first = screen.current_index()
    assert screen.current_index() is first
    changed = ListEntry(
        "un-sc",
        "QDe.001",
        "Organization",
        (ListedName("Example Liberation Front"), ListedName("ELF", "alias")),
    )
    lists("2024-02-01", GADDAFI, changed)
    second = screen.current_index()
    assert second is not first
    assert [h.entry_id for h in second.search("Example Liberation Front", "Organization")] == ["QDe.001"]
