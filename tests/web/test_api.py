from __future__ import annotations

import json

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db

CLASSIFY_INPUT = {
    "title": "Village talks",
    "third_party": {"type": "faith_based"},
    "participants": [
        {
            "label": "elders",
            "official_status": "unofficial",
            "acting_capacity": "private",
            "level": "grassroots",
            "count": 4,
        }
    ],
    "format": "local_mediation",
    "objectives": ["local_agreement"],
}


def test_api_needs_a_login(client: Client):
    assert client.get("/api/initiatives").status_code == 401


def test_openapi_schema_and_docs_are_served_locally(auth_client: Client):
    schema = auth_client.get("/api/openapi.json").json()
    assert {"/api/initiatives", "/api/classify", "/api/vocabularies"} <= set(schema["paths"])
    docs = auth_client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_initiative_carries_its_classification_and_override(auth_client: Client, user):
    ini = f.initiative(ref="I-1", third_party_type="ngo_mediator", format="dialogue_series")
    f.participate(ini, f.actor(level="middle"))
    ini.overrides.create(
        track="1.5", reason="Advisers brief the cabinet.", created_by=user, computed_track="2"
    )
    data = auth_client.get(f"/api/initiatives/{ini.pk}").json()
    assert data["classification"]["track"] == "2"
    assert data["effective_track"] == "1.5"
    assert data["override"]["reason"] == "Advisers brief the cabinet."
    listing = auth_client.get("/api/initiatives").json()
    assert listing["count"] == 1 and listing["items"][0]["ref"] == "I-1"
    assert listing["items"][0]["code"] == ini.code and ini.code.startswith("I-")


def test_actors_never_expose_a_person_name(auth_client: Client):
    person = f.actor(name="Amina Example")
    org = f.actor(kind="organisation", name="Peace Forum")
    body = auth_client.get("/api/actors").content.decode()
    assert "Amina" not in body and person.code in body and "Peace Forum" in body
    assert auth_client.get(f"/api/actors/{person.pk}").json()["display"] == person.code
    assert auth_client.get(f"/api/actors/{org.pk}").json()["display"] == f"Peace Forum ({org.code})"


def test_classify_endpoint(auth_client: Client):
    one = auth_client.post("/api/classify", json.dumps(CLASSIFY_INPUT), content_type="application/json")
    assert one.status_code == 200 and one.json()["track"] == "3" and one.json()["phase"] == "new"
    many = auth_client.post("/api/classify", json.dumps([CLASSIFY_INPUT]), content_type="application/json")
    assert [r["track"] for r in many.json()] == ["3"]


def test_classify_endpoint_rejects_bad_input_with_the_field(auth_client: Client):
    bad = {**CLASSIFY_INPUT, "format": "picnic"}
    response = auth_client.post("/api/classify", json.dumps([bad]), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("object 0: field format: unknown code 'picnic'")
    broken = auth_client.post("/api/classify", "{", content_type="application/json")
    assert broken.status_code == 422 and broken.json()["detail"].startswith("the body is not JSON")


def test_vocabularies_have_definitions_and_sources(auth_client: Client):
    tracks = auth_client.get("/api/vocabularies/tracks").json()
    assert [t["code"] for t in tracks["terms"]] == ["1", "1.5", "2", "3"]
    assert all(t["definition"] and t["source"] for t in tracks["terms"])
    assert auth_client.get("/api/vocabularies/nothing").status_code == 404
