"""The sanctions lists in the web app: imports with their delta, entries searchable, public to members."""

from __future__ import annotations

import pytest

from multitrack.core.screening.entries import BirthDate, ListedName, ListEntry, ParsedList
from multitrack.web.screening.models import ListedEntity
from multitrack.web.screening.services.lists import store
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists():
    person = ListEntry(
        "un-sc",
        "QDi.001",
        "Person",
        (
            ListedName("Ahmad Example"),
            ListedName("Abu Example", "alias", "low"),
            ListedName("أحمد", "original_script"),
        ),
        birth_dates=(BirthDate("between", start="1955", end="1960"),),
        nationalities=("AF",),
        programmes=("Al-Qaida",),
    )
    store(
        ParsedList(
            "un-sc",
            "2024-01-01",
            "a" * 64,
            (person, ListEntry("un-sc", "QDe.001", "Organization", (ListedName("Example Front"),))),
        ),
        "un.xml",
    )
    store(ParsedList("un-sc", "2024-06-01", "b" * 64, (person,)), "un2.xml")


def test_lists_page_shows_versions_and_deltas(lists, compartment):
    page = client_with_role("funder", compartment).get("/screening/lists/").content.decode()
    assert "UN Security Council Consolidated List" in page and "2024-06-01" in page
    assert "1 entries listed" in page
    assert "un2.xml" in page and "un.xml" in page


def test_entries_are_searchable_and_shown_in_full(lists, compartment):
    client = client_with_role("analyst", compartment)
    found = client.get("/screening/lists/entries/?q=ahmad").content.decode()
    assert "Ahmad Example" in found and "Example Front" not in found
    removed = client.get("/screening/lists/entries/?q=QDe.001").content.decode()
    assert "Example Front" in removed and "removed" in removed
    entity = ListedEntity.objects.get(entry_id="QDi.001")
    detail = client.get(f"/screening/lists/entries/{entity.pk}/").content.decode()
    assert (
        "Abu Example" in detail
        and "أحمد" in detail
        and "between 1955 and 1960" in detail
        and "Al-Qaida" in detail
    )


def test_empty_state_and_non_members(db):
    outsider = client_with_role("owner", f.compartment())
    assert "No list has been imported yet" in outsider.get("/screening/lists/").content.decode()
    from django.contrib.auth import get_user_model
    from django.test import Client

    nobody = Client()
    nobody.force_login(get_user_model().objects.create_user("nobody"))
    assert nobody.get("/screening/lists/").status_code == 404
