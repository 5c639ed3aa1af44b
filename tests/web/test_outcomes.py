"""Outcome harvesting in the web app and the API: an outcome by form with its classification, its
substantiation, the list filtered by every dimension with the RPP matrix, encryption and roles."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from multitrack.web.audit.models import AuditEvent
from multitrack.web.evaluation.models import Outcome, Substantiation
from multitrack.web.registry.models import Document
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def outcome(initiative, **kw):
    values = {
        "title": "Formula tabled",
        "description": "The chief negotiator tabled the water-sharing formula in March 2020.",
        "observed_on": date(2020, 3, 12),
        "contribution": "Two workshop participants advise the chief negotiator.",
        "direction": "upward",
        "pathway": "indirect",
        "transferred": "ideas",
        "effect_on": "outcome",
        "rpp_reach": "key_people",
        "rpp_level": "socio_political",
        "dac_criteria": ["effectiveness", "impact"],
    }
    values.update(kw)
    return Outcome.objects.create(initiative=initiative, **values)


def test_harvest_an_outcome_by_form_and_substantiate_it(auth_client, compartment, user):
    initiative = f.initiative(compartment=compartment)
    toc = f.toc(initiative)
    element = f.toc_element(toc, "Negotiators take up the options", "outcome")
    commander = f.actor(name="Commander Example", compartment=compartment)
    paper = Document.objects.create(
        compartment=compartment, title="Options paper on water", kind="non_paper", date=date(2019, 9, 1)
    )
    response = auth_client.post(
        "/evaluation/outcomes/new/",
        {
            "initiative": initiative.pk, "title": "Formula tabled",
            "description": "Commander Example tabled the water-sharing formula.",
            "social_actor": commander.pk,
            "observed_on": "2020-03-12", "place": "Geneva", "significance": "First joint proposal in years.",
            "contribution": "Participants drafted it in the workshops.", "sources": "Two interviews.",
            "positive": "on", "intended": "on", "direction": "upward", "pathway": "indirect",
            "transferred": "ideas", "effect_on": "outcome", "rpp_reach": "key_people",
            "rpp_level": "socio_political", "dac_criteria": ["effectiveness", "impact"],
            "toc_elements": [element.pk], "evidence": [paper.pk],
        },
    )  # fmt: skip
    o = Outcome.objects.get()
    assert response["Location"] == o.get_absolute_url()
    assert o.compartment == compartment and o.harvested_by == user and list(o.toc_elements.all()) == [element]
    assert o.rpp_quadrant == "Key people × Socio-political"
    data = {
        "substantiator": "Adviser to the chief negotiator",
        "agreement": "agree_fully",
        "on": "2020-06-01",
    }
    assert auth_client.post(f"/evaluation/outcomes/{o.pk}/substantiations/add/", data).status_code == 302
    page = auth_client.get(f"/evaluation/outcomes/{o.pk}/").content.decode()
    assert (
        "Agrees fully" in page
        and "Negotiators take up the options" in page
        and "Effectiveness, Impact" in page
    )
    # bad input: named, nothing written
    html = auth_client.post(f"/evaluation/outcomes/{o.pk}/substantiations/add/", {"agreement": "maybe"})
    assert "Select a valid choice" in html.content.decode() and Substantiation.objects.count() == 1
    # encrypted at rest; the audit log names no one
    with connection.cursor() as cursor:
        cursor.execute("SELECT description, contribution, place FROM evaluation_outcome")
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT substantiator FROM evaluation_substantiation")
        stored += cursor.fetchone()[0]
    assert "Commander" not in stored and "Geneva" not in stored and "negotiator" not in stored
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Commander" not in summaries and "negotiator" not in summaries


def test_the_list_filters_by_every_dimension_and_counts_the_rpp_quadrants(auth_client, compartment):
    initiative = f.initiative(compartment=compartment)
    a = outcome(initiative)
    b = outcome(
        initiative, title="Radio tone softens", direction="outward", pathway="direct", transferred="skills",
        effect_on="process", rpp_reach="more_people", rpp_level="individual", dac_criteria=["relevance"],
        positive=False, intended=False,
    )  # fmt: skip
    c = outcome(initiative, title="Unplaced", rpp_reach="", rpp_level="", dac_criteria=[])
    Substantiation.objects.create(outcome=a, substantiator="x", agreement="agree_fully", on=date(2020, 5, 1))
    Substantiation.objects.create(outcome=b, substantiator="y", agreement="disagree", on=date(2020, 5, 1))

    def shown(query: str) -> set[int]:
        return {o.pk for o in auth_client.get(f"/evaluation/outcomes/?{query}").context["outcomes"]}

    assert shown("") == {a.pk, b.pk, c.pk}
    assert shown("direction=outward") == {b.pk}
    assert shown("pathway=indirect&transferred=ideas") == {a.pk, c.pk}
    assert shown("effect_on=process") == {b.pk}
    assert shown("rpp_reach=key_people&rpp_level=socio_political") == {a.pk}
    assert shown("dac=impact") == {a.pk}
    assert shown("positive=no") == {b.pk} and shown("intended=no") == {b.pk}
    assert shown("substantiated=none") == {c.pk}
    assert shown("substantiated=agreed") == {a.pk} and shown("substantiated=disputed") == {b.pk}
    assert shown(f"initiative={initiative.pk}") == {a.pk, b.pk, c.pk}
    page = auth_client.get("/evaluation/outcomes/")
    assert page.context["matrix"] == [("Individual or personal", [1, 0]), ("Socio-political", [0, 1])]
    assert "1 outcome not placed in the matrix yet." in page.content.decode()


def test_api_and_roles(auth_client, compartment):
    o = outcome(f.initiative(compartment=compartment))
    body = auth_client.get(f"/api/outcomes/{o.pk}").json()
    assert body["transfer"] == {
        "direction": "upward",
        "pathway": "indirect",
        "object": "ideas",
        "effect_on": "outcome",
    }
    assert body["rpp"] == {"reach": "key_people", "level": "socio_political"}
    assert body["description"].startswith("The chief negotiator")
    assert [x["id"] for x in auth_client.get("/api/outcomes?direction=upward").json()["items"]] == [o.pk]
    assert auth_client.get("/api/outcomes?direction=outward").json()["count"] == 0
    analyst = client_with_role("analyst", compartment)
    assert "Edit" not in analyst.get(f"/evaluation/outcomes/{o.pk}/").content.decode().split("</h1>")[0]
    assert analyst.post(f"/evaluation/outcomes/{o.pk}/substantiations/add/").status_code == 404
    funder = client_with_role("funder", compartment)
    assert funder.get(f"/evaluation/outcomes/{o.pk}/").status_code == 404
    assert funder.get(f"/api/outcomes/{o.pk}").status_code == 404
