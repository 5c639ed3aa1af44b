"""The audit pages: owners see their compartments' entries and their own; everyone else gets 404."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from multitrack.web.audit.export import COLUMNS
from tests import factories as f
from tests.conftest import client_with_role

from .conftest import entries

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.audit.urls")]


@pytest.fixture
def scene(compartment):
    """An actor in the owner's compartment and one in another compartment."""
    mine = f.actor(name="Amina Example", compartment=compartment)
    other = f.actor(compartment=f.compartment())
    return {"mine": mine, "other": other}


def csv_of(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_an_owner_sees_their_compartments_entries_only(auth_client: Client, scene):
    response = auth_client.get("/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Actor {scene['mine'].code} created" in html
    assert f"Actor {scene['other'].code} created" not in html
    assert "Amina" not in html


@pytest.mark.parametrize("role", ["editor", "analyst", "funder"])
def test_other_roles_get_404(compartment, scene, role):
    client = client_with_role(role, compartment)
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404


def test_anonymous_users_are_sent_to_log_in(scene):
    response = Client().get("/audit/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_superuser_sees_everything(scene):
    admin = get_user_model().objects.create_superuser("root", password="a-long-test-password")
    client = Client()
    client.force_login(admin)
    html = client.get("/audit/").content.decode()
    assert f"Actor {scene['mine'].code} created" in html
    assert f"Actor {scene['other'].code} created" in html


def test_an_owner_sees_their_own_actions_elsewhere(auth_client: Client, user, scene):
    from multitrack.web.audit.log import record

    record("reveal", user=user, obj=scene["other"], summary="identity revealed")
    html = auth_client.get("/audit/").content.decode()
    assert "identity revealed" in html


def test_filter_by_action(auth_client: Client, scene):
    scene["mine"].delete()
    html = auth_client.get("/audit/?action=delete").content.decode()
    assert f"Actor {scene['mine'].code} deleted" in html
    assert f"Actor {scene['mine'].code} created" not in html


def test_the_list_is_paginated_newest_first(auth_client: Client, scene, settings):
    settings.PAGE_SIZE = 2
    response = auth_client.get("/audit/")
    seqs = [e.seq for e in response.context["events"]]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == 2
    assert response.context["is_paginated"]


def test_export_csv_is_audited_and_holds_its_own_entry(auth_client: Client, user, scene):
    response = auth_client.get("/audit/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = csv_of(response)
    assert tuple(rows[0]) == COLUMNS
    export = entries(action="export")[-1]
    assert export.user_id == user.pk and export.summary.startswith("audit log exported as CSV")
    assert rows[-1]["seq"] == str(export.seq)
    assert all(r["compartment_id"] in {"", str(scene["mine"].compartment_id)} for r in rows)
    assert not any(
        r["object_id"] == str(scene["other"].pk) and r["object_type"] == "registry.actor" for r in rows
    )
