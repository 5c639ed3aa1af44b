"""Screening in the REST API: list imports, hits by pseudonym without the explanation, screening one
actor (write capability, audited), and compartments respected."""

from __future__ import annotations

from datetime import date

import pytest

from multitrack.web.audit.models import AuditEvent
from multitrack.web.screening.models import ScreeningHit
from multitrack.web.screening.services import screen
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(compartment):
    return f.actor(name="Muammar al-Gaddafi", compartment=compartment, date_of_birth=date(1942, 6, 7))


def test_screen_one_actor_then_read_the_hits(listed, compartment, auth_client, user):
    url = f"/api/screening/actors/{listed.pk}"
    assert auth_client.post(url).status_code == 409  # no list yet: says so, nothing screened
    f.watchlist()
    body = auth_client.post(url).json()
    assert body["actor"] == listed.code and body["new_hits"] == 1
    (hit,) = body["hits"]
    assert hit["list"] == "un-sc" and hit["entry_id"] == "LYi.001" and hit["entity_schema"] == "Person"
    assert hit["open"] is True and hit["verdict"] is None and hit["score"] >= 0.86
    assert "explanation" not in hit
    assert "Gaddafi" not in auth_client.get("/api/screening/hits").content.decode().replace(
        "Moammar Gaddafi", ""
    )  # the listed name is public; the actor's own name never appears
    assert "screening of the API" in " ".join(AuditEvent.objects.values_list("summary", flat=True))

    # decide, then the API shows the verdict and the list version; filters work
    screen.decide(ScreeningHit.objects.get(), "false_positive", "different person", user)
    page = auth_client.get("/api/screening/hits?open=false").json()
    assert page["count"] == 1
    assert page["items"][0]["verdict"] == "false_positive"
    assert page["items"][0]["list_version"] == "2024-01-01"
    assert auth_client.get("/api/screening/hits?open=true").json()["count"] == 0
    assert auth_client.get(f"/api/screening/hits?actor={listed.code}").json()["count"] == 1
    assert auth_client.get("/api/screening/hits?actor=P-NONE").json()["count"] == 0
    hit_id = page["items"][0]["id"]
    assert auth_client.get(f"/api/screening/hits/{hit_id}").json()["actor"] == listed.code

    imports = auth_client.get("/api/screening/lists").json()
    assert [(i["source"], i["version"], i["total"], i["added"]) for i in imports] == [
        ("un-sc", "2024-01-01", 1, 1)
    ]


def test_roles_and_compartments(listed, compartment, user):
    f.watchlist()
    screen.screen_actors([listed], screen.build_index(screen.active_entities()), user)
    hit = ScreeningHit.objects.get()
    analyst = client_with_role("analyst", compartment)
    assert analyst.get("/api/screening/hits").json()["count"] == 1
    assert analyst.post(f"/api/screening/actors/{listed.pk}").status_code == 404  # cannot screen
    for role in ("funder", None):
        other = client_with_role(role, compartment) if role else client_with_role("owner", f.compartment())
        assert other.get("/api/screening/hits").json()["count"] == 0
        assert other.get(f"/api/screening/hits/{hit.pk}").status_code == 404
        assert other.post(f"/api/screening/actors/{listed.pk}").status_code == 404
        assert other.get("/api/screening/lists").status_code == 200  # public reference data
