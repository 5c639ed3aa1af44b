"""Inclusion analytics in the web app and the API: raw counts on the screen of a reader of rows, small
cells suppressed for funders and in every export, image and API answer that leaves it; intersections with
the organisation's own attributes (encrypted on the actor); reference lines; tokenism flags."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection

from multitrack.web.inclusion.models import PersonAttribute, ReferenceLine
from multitrack.web.registry.models import Actor
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def scene(compartment):
    """Initiative A: 9 women and 8 men participants, 2 men facilitate, 3 women negotiate; 2 of the women
    are displaced. Initiative B: 6 men negotiate, 2 women observe."""
    PersonAttribute.objects.create(code="displacement", label="Displacement", values=["displaced", "host"])
    a, b = f.initiative(compartment=compartment, title="A"), f.initiative(compartment=compartment, title="B")
    women = [
        f.actor(
            gender="woman",
            compartment=compartment,
            attributes={"displacement": "displaced" if i < 2 else "host"},
        )
        for i in range(9)
    ]
    men = [f.actor(gender="man", compartment=compartment) for _ in range(8)]
    for person in women + men:
        f.participate(a, person)
    for person in men[:2]:
        f.participate(a, person, "facilitator")
    for person in women[:3]:
        f.participate(a, person, "negotiator")
    for _ in range(6):
        f.participate(b, f.actor(gender="man", compartment=compartment), "negotiator")
    for person in women[3:5]:
        f.participate(b, person, "observer")
    return a, b


def published_numbers(rows: list[list[str]]) -> list[int]:
    return [int(c) for r in rows[1:] for c in r[1:] if c.isdigit()]


def test_a_reader_of_rows_sees_raw_counts_a_funder_the_suppressed_table(compartment):
    scene(compartment)
    url = "/inclusion/?rows=gender&rows=displacement&column=role_group"
    owner_client = client_with_role("owner", compartment)
    owner = owner_client.get(url).content.decode()
    assert "Raw counts, for your screen only" in owner
    assert "Woman × displaced" in owner and "<td>2</td>" in owner  # two displaced women: shown raw
    funder = client_with_role("funder", compartment).get(url).content.decode()
    assert "Counts below 5 are suppressed" in funder and "See what is published" not in funder
    assert 'class="suppressed"' in funder
    preview = owner_client.get(url + "&published=1").content.decode()
    assert "Counts below 5 are suppressed" in preview and "Back to raw counts" in preview


def test_exports_images_and_the_api_leave_the_screen_suppressed(compartment):
    scene(compartment)
    owner = client_with_role("owner", compartment)
    exported = owner.get("/inclusion/export.csv?rows=gender&rows=displacement&column=role_group")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["", "presence", "influence", "Total"]
    assert all(
        n == 0 or n >= 5 for n in published_numbers([r for r in rows if r and not r[0].startswith("#")])
    )
    assert rows[-2][0].startswith("# Counts below 5 are suppressed")
    image = owner.get("/inclusion/chart.svg?rows=gender&column=track")
    assert image["Content-Type"] == "image/svg+xml" and image.content.startswith(b"<svg")
    funder = client_with_role("funder", compartment)
    answer = funder.get("/api/inclusion/table?rows=gender&rows=displacement&column=role_group").json()
    shown = [n for r in answer["cells"] for n in r if n is not None]
    assert answer["suppressed"] and all(n == 0 or n >= 5 for n in shown)
    assert funder.get("/api/inclusion/table?rows=gender&raw=true").status_code == 403
    raw = owner.get("/api/inclusion/table?rows=gender&column=role_group&raw=true").json()
    # one role group per person: influence if they held an influence role anywhere (the column is role group)
    assert raw["row_labels"] == ["woman", "man"] and raw["column_labels"] == ["presence", "influence"]
    assert raw["cells"] == [[6, 3], [6, 8]] and not raw["suppressed"]
    bad = owner.get("/api/inclusion/table?rows=caste")
    assert bad.status_code == 400 and "unknown or missing dimension caste" in bad.json()["detail"]


def test_shares_flags_and_reference_lines(compartment):
    a, b = scene(compartment)
    analyst = client_with_role("analyst", compartment)
    raw = analyst.get("/api/inclusion/table?rows=gender&column=initiative&raw=true").json()
    page = analyst.get("/inclusion/?rows=gender&column=initiative").content.decode()
    assert f"{b.code}: Woman — 2 present; others hold influence roles (6)" in page
    assert "Per initiative: groups in the room" in page
    shares = {(s["column"], s["group"]): s for s in raw["shares"]}
    women_a = shares[(a.code, "woman")]
    # in A, 6 women are in the room without an influence role and the 3 negotiators with one: 9 of the 17
    # persons in the room, 3 of the 5 with influence
    assert (women_a["present"], women_a["influential"]) == (6, 3)
    assert women_a["presence_share"] == 9 / 17 and women_a["influence_share"] == 3 / 5
    # Initiative B: two women observe, no woman negotiates
    assert raw["flags"] == [{"column": b.code, "group": "woman", "present": 2, "influence_roles": 6}]
    negotiators = {r["key"]: r for r in raw["reference_lines"]}["cfr-2020-women-negotiators"]
    assert negotiators["share"] == 0.13 and negotiators["here"] == {a.code: 1.0, b.code: 0.0}
    assert negotiators["persons_in_roles"] == 9
    # a funder sees the flag with its small count suppressed (2 is below the threshold)
    funder = (
        client_with_role("funder", compartment)
        .get("/api/inclusion/table?rows=gender&column=initiative")
        .json()
    )
    assert [(f["column"], f["group"], f["present"]) for f in funder["flags"]] == [(b.code, "woman", None)]
    role_groups = funder["role_group_table"]
    shown = [n for r in role_groups["cells"] for n in r if n is not None]
    assert all(n == 0 or n >= 5 for n in shown) and None in role_groups["cells"][0]


def test_the_organisation_defines_attributes_and_reference_lines(compartment):
    owner, editor = client_with_role("owner", compartment), client_with_role("editor", compartment)
    assert editor.get("/inclusion/attributes/new/").status_code == 403
    response = owner.post(
        "/inclusion/attributes/new/",
        {
            "code": "religion",
            "label": "Religion",
            "values": "Faith A\nFaith B\n\nFaith A",
            "description": "Why",
        },
    )
    assert response.status_code == 302
    assert PersonAttribute.objects.get(code="religion").values == ["Faith A", "Faith B"]
    reserved = owner.post("/inclusion/attributes/new/", {"code": "gender", "label": "Gender again"})
    assert "already a dimension of every record" in reserved.content.decode()
    owner.post(
        "/inclusion/reference-lines/new/",
        {"key": "un-women-2012-signatories", "title": "Women among signatories, 1992–2011",
         "dimension": "gender", "value": "woman", "roles": ["signatory"], "share": "0.04",
         "period": "1992–2011", "source": "UN Women 2012"},
    )  # fmt: skip
    line = ReferenceLine.objects.get()
    assert line.roles == ["signatory"] and line.share == 0.04
    assert "Women among signatories, 1992–2011" in owner.get("/inclusion/settings/").content.decode()
    # the attribute is a field of the actor form; its value is encrypted at rest
    person = f.actor(compartment=compartment)
    form = owner.get(f"/actors/{person.pk}/edit/").content.decode()
    assert 'name="attr_religion"' in form and "Faith B" in form
    data = {
        "kind": "person",
        "compartment": compartment.pk,
        "name": person.name,
        "level": "middle",
        "official_status": "unofficial",
        "attr_religion": "Faith B",
    }
    saved = owner.post(f"/actors/{person.pk}/edit/", data)
    assert saved.status_code == 302, saved.context["form"].errors
    assert Actor.objects.get(pk=person.pk).attributes == {"religion": "Faith B"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT attributes FROM registry_actor WHERE id = %s", [person.pk])
        assert "Faith" not in cursor.fetchone()[0]
    assert "Faith B" in owner.get(f"/actors/{person.pk}/").content.decode()


def test_each_track_over_time(compartment):
    """Columns that combine track and year: persons per track and year, shares per track and year, a chart
    with one panel per track, suppressed together like any question."""
    a, _ = scene(compartment)
    meeting = f.event(a, start_date=date(2023, 5, 1))
    for _ in range(6):
        f.participate(a, f.actor(gender="woman", compartment=compartment), event=meeting)
    f.participate(a, f.actor(gender="man", compartment=compartment), "facilitator", event=meeting)
    owner = client_with_role("owner", compartment)
    raw = owner.get("/api/inclusion/table?rows=gender&column=track_period&raw=true").json()
    assert len(raw["column_labels"]) >= 2 and all(" × " in c for c in raw["column_labels"])
    assert {c.split(" × ")[1] for c in raw["column_labels"]} >= {"2023"}
    assert {s["column"].count(" × ") for s in raw["shares"]} == {1}
    page = owner.get("/inclusion/?rows=gender&column=track_period")
    spec = page.context["spec"]
    assert spec["vconcat"][0]["encoding"]["row"]["field"] == "track"
    funder = client_with_role("funder", compartment).get(
        "/api/inclusion/table?rows=gender&column=track_period"
    )
    shown = [n for r in funder.json()["cells"] for n in r if n is not None]
    assert all(n == 0 or n >= 5 for n in shown)
