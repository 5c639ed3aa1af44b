"""The UCDP yearly chart page and its JSON: the published ACD 25.1 figures, who sees them, the empty state."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from multitrack.sources.ucdp import UCDP_ACD
from multitrack.web.ucdp import services
from multitrack.web.ucdp.models import UcdpDyadYear
from tests.conftest import client_with_role

ACD = UCDP_ACD

pytestmark = pytest.mark.django_db


@pytest.fixture
def acd(db):
    return services.import_acd(ACD)


def _years(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content[:300]
    return {row["year"]: row for row in json.loads(response.content)["years"]}


def test_data_gives_the_published_counts(acd, compartment):
    years = _years(client_with_role("funder", compartment).get("/ucdp/yearly.json"))
    assert (years[2023]["conflicts"], years[2023]["wars"]) == (59, 9)
    assert (years[2024]["conflicts"], years[2024]["wars"]) == (61, 11)
    assert min(years) == 1946 and max(years) == 2024
    assert years[2023]["by_type"]["intrastate"] == 36


def test_data_keeps_to_the_years_asked_and_to_the_data(acd, compartment):
    client = client_with_role("analyst", compartment)
    assert sorted(_years(client.get("/ucdp/yearly.json", {"from": 2023, "to": 2024}))) == [2023, 2024]
    # Before 1946 and after 2024 the dataset says nothing: those years are not listed as zeros.
    assert sorted(_years(client.get("/ucdp/yearly.json", {"from": 1900, "to": 1947}))) == [1946, 1947]
    assert client.get("/ucdp/yearly.json", {"from": 2024, "to": 2023}).status_code == 400
    assert client.get("/ucdp/yearly.json", {"from": "soon"}).status_code == 400
    data = json.loads(client.get("/ucdp/yearly.json").content)
    assert [(i["dataset"], i["version"], i["versions"]) for i in data["imports"]] == [
        ("acd", "25.1", ["25.1"])
    ]


def test_page_shows_the_table_the_spec_and_the_source(acd, compartment):
    response = client_with_role("funder", compartment).get("/ucdp/", {"from": 2020, "to": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<th scope=\"row\">2023</th><td>59</td><td>9</td>", html)
    assert re.search(r"<th scope=\"row\">2024</th><td>61</td><td>11</td>", html)
    assert 'data-vega-spec="ucdp-spec"' in html
    spec = json.loads(
        re.search(r'<script id="ucdp-spec" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert spec["$schema"].endswith("vega-lite/v6.json")
    bars, lines = spec["layer"]
    assert sum(v["count"] for v in bars["data"]["values"] if v["year"] == 2024) == 61
    assert {v["count"] for v in lines["data"]["values"] if v["year"] == 2024} == {11}
    assert "vendor/vega-embed.min.js" in html and "multitrack/charts.js" in html
    assert "version 25.1" in html and "Journal of Peace Research" in html
    assert "Dyads" not in html  # no dyadic data imported
    # No inline script or style: the Content-Security-Policy would block it.
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", html)
    assert "style=" not in html


def test_dyads_appear_once_the_dyadic_data_is_there(acd, compartment):
    for dyad_id in (1, 2, 3):
        UcdpDyadYear.objects.create(dyad_id=dyad_id, conflict_id=dyad_id, year=2024, side_a="A", side_b="B",
                                    intensity_level=1, type_of_conflict=3, version="25.1")  # fmt: skip
    client = client_with_role("analyst", compartment)
    assert _years(client.get("/ucdp/yearly.json", {"from": 2024}))[2024]["dyads"] == 3
    html = client.get("/ucdp/", {"from": 2023}).content.decode()
    assert '<th scope="col">Dyads</th>' in html and "Active dyads" in html


def test_empty_state_says_how_to_import(compartment):
    html = client_with_role("analyst", compartment).get("/ucdp/").content.decode()
    assert "No UCDP data has been imported yet" in html
    assert "multitrack import ucdp-acd" in html
    assert "ucdp-spec" not in html and "vega.min.js" not in html
    assert json.loads(client_with_role("owner", compartment).get("/ucdp/yearly.json").content)["years"] == []


def test_anonymous_is_sent_to_login_and_a_user_without_compartment_gets_404(acd):
    for path in ("/ucdp/", "/ucdp/yearly.json"):
        response = Client().get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    loner = Client()
    loner.force_login(get_user_model().objects.create_user("no-compartment"))
    assert loner.get("/ucdp/").status_code == 404
    assert loner.get("/ucdp/yearly.json").status_code == 404
