"""Theories of change in the REST API: versions, one with its warnings, a diff; compartments respected."""

from __future__ import annotations

import pytest

from multitrack.web.evaluation.models import TocLink
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def test_list_get_and_diff(auth_client, compartment, user):
    initiative = f.initiative(compartment=compartment)
    first = f.toc(initiative)
    a = f.toc_element(first, "Dialogue rounds")
    f.toc_element(first, "Public support grows", "outcome")
    TocLink.objects.create(toc=first, source=a, target=f.toc_element(first, "Calm", "impact"), rationale="r")
    first.freeze(user)
    second = first.new_version(user, as_of=first.as_of)
    f.toc_element(second, "Radio show")

    page = auth_client.get(f"/api/tocs?initiative={initiative.code}").json()
    assert [t["id"] for t in page["items"]] == [first.pk, second.pk]
    body = auth_client.get(f"/api/tocs/{first.pk}").json()
    assert body["initiative"] == initiative.code and body["saved"] is not None
    assert [w["code"] for w in body["warnings"]] == ["orphan_outcome"]
    assert {e["label"] for e in body["elements"]} == {"Dialogue rounds", "Public support grows", "Calm"}
    d = auth_client.get(f"/api/tocs/{first.pk}/diff/{second.pk}").json()
    assert d["elements"]["added"] == ["Radio show"]

    funder = client_with_role("funder", compartment)
    assert funder.get("/api/tocs").json()["count"] == 0
    assert funder.get(f"/api/tocs/{first.pk}").status_code == 404
    outsider = client_with_role("owner", f.compartment())
    assert outsider.get(f"/api/tocs/{first.pk}/diff/{second.pk}").status_code == 404
