"""The network pages: what each role sees, pseudonyms in the drawing data, brokers and gaps."""

from __future__ import annotations

import json
from datetime import date

import pytest

from multitrack.web.registry.models import Participation
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(compartment):
    """A grassroots elder, an NGO, a minister: the NGO links Track Three to Track One."""
    elder = f.actor(name="Elder Farida Example", level="grassroots", compartment=compartment)
    ngo = f.actor(kind="organisation", name="Peace Forum", level="middle", compartment=compartment)
    minister = f.actor(name="Minister Example", level="top", official_status="serving_official",
                       compartment=compartment)  # fmt: skip
    lonely = f.actor(name="Isolated Example", level="grassroots", compartment=compartment)
    f.relationship(elder, ngo, "close", valid_from=date(2020, 1, 1))
    f.relationship(ngo, minister, "influence", valid_from=date(2021, 1, 1))
    f.relationship(lonely, elder, "broken", valid_from=date(2019, 1, 1), valid_to=date(2019, 12, 31))
    return elder, ngo, minister, lonely


def test_network_page_names_the_broker_and_the_gap(chain, compartment):
    _elder, ngo, _minister, lonely = chain
    html = client_with_role("analyst", compartment).get("/network/").content.decode()
    assert "Brokers between tracks" in html and ngo.code in html
    assert "Gaps: Track 3 actors with no path to Track 1" in html
    assert lonely.code in html.split("Gaps:")[1]
    assert "Elder Farida" not in html and "Minister Example" not in html


def test_drawing_data_uses_pseudonyms_and_the_legend_types(chain, compartment):
    elder, ngo, minister, _lonely = chain
    data = json.loads(client_with_role("analyst", compartment).get("/network/map/data.json").content)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[elder.code] == elder.code and labels[ngo.code] == f"Peace Forum ({ngo.code})"
    assert {e["type"] for e in data["edges"]} == {"close", "influence", "broken"}
    assert next(e for e in data["edges"] if e["type"] == "influence")["directed"] is True
    assert {n["track"] for n in data["nodes"] if n["id"] == minister.code} == {"1"}
    assert data["layout"] == "cose"


def test_as_of_a_date_drops_ties_not_valid_then(chain, compartment):
    client = client_with_role("analyst", compartment)
    data = json.loads(client.get("/network/map/data.json", {"as_of": "2020-06-01"}).content)
    assert {e["type"] for e in data["edges"]} == {"close"}


def test_pyramid_and_nine_tracks_place_every_actor(chain, compartment):
    client = client_with_role("editor", compartment)
    for view in ("pyramid", "ninetrack"):
        data = json.loads(client.get(f"/network/{view}/data.json").content)
        actors = [n for n in data["nodes"] if not n.get("guide")]
        assert data["layout"] == "preset" and all("position" in n for n in actors)
    pyramid = json.loads(client.get("/network/pyramid/data.json").content)
    y = {n["id"]: n["position"]["y"] for n in pyramid["nodes"] if not n.get("guide")}
    elder, ngo, minister, _ = chain
    assert y[minister.code] < y[ngo.code] < y[elder.code]


def test_co_participation_ties(compartment):
    initiative = f.initiative()
    event = f.event(initiative)
    a, b = f.actor(), f.actor()
    for actor in (a, b):
        Participation.objects.create(initiative=initiative, event=event, actor=actor, role="participant")
    data = json.loads(client_with_role("analyst", compartment).get(
        "/network/map/data.json", {"source": "participation"}
    ).content)  # fmt: skip
    assert [(e["type"], {e["source"], e["target"]}) for e in data["edges"]] == [
        ("co_participation", {a.code, b.code})
    ]


def test_funders_and_outsiders_see_nothing(chain, compartment):
    assert client_with_role("funder", compartment).get("/network/").status_code == 404
    other = f.compartment()
    data = json.loads(client_with_role("analyst", other).get("/network/map/data.json").content)
    assert data["nodes"] == [] and data["edges"] == []


def test_brokers_by_level_with_expected_counts(chain, compartment):
    _elder, ngo, _minister, _lonely = chain
    html = client_with_role("analyst", compartment).get("/network/", {"group_by": "level"}).content.decode()
    assert "Brokers between Lederach levels" in html and "liaison expected" in html
    row = html.split(f">{ngo.label}</a>")[1].split("</tr>")[0]
    assert "<td>middle</td>" in row


def test_linkage_change_between_dates(chain, compartment):
    elder, _ngo, _minister, _lonely = chain
    client = client_with_role("analyst", compartment)
    html = client.get("/network/", {"compare": "2020-06-01", "as_of": "2021-06-01"}).content.decode()
    assert "Change from 2020-06-01 to 2021-06-01" in html
    newly = html.split("<dt>Newly linked</dt><dd>")[1].split("</dd>")[0]
    assert elder.code in newly  # the NGO's tie to the minister came in 2021


def test_single_points_of_failure_and_nine_track_grouping(chain, compartment):
    _elder, ngo, _minister, _lonely = chain
    client = client_with_role("analyst", compartment)
    html = client.get("/network/").content.decode()
    failures = html.split("Single points of failure")[1].split("</ul>")[0]
    assert ngo.code in failures and "separates Track 1 and Track 3" in failures
    assert (
        "Brokers between Diamond–McDonald tracks"
        in client.get("/network/", {"group_by": "nine_track"}).content.decode()
    )


def test_period_keeps_ties_valid_at_some_point(chain, compartment):
    client = client_with_role("analyst", compartment)
    data = json.loads(
        client.get(
            "/network/map/data.json", {"period_start": "2019-06-01", "period_end": "2020-06-01"}
        ).content
    )
    assert {e["type"] for e in data["edges"]} == {"close", "broken"}


def test_filter_by_compartment(chain, compartment):
    """A member of two compartments can look at one of them alone."""
    from multitrack.web.accounts.models import Membership

    other = f.compartment(name="Second team")
    a, b = f.actor(compartment=other), f.actor(compartment=other)
    f.relationship(a, b, "alliance")
    client = client_with_role("analyst", compartment)
    user = Membership.objects.get(compartment=compartment, role="analyst").user
    Membership.objects.create(user=user, compartment=other, role="analyst")
    both = json.loads(client.get("/network/map/data.json").content)
    only = json.loads(client.get("/network/map/data.json", {"compartment": other.pk}).content)
    assert {a.code, b.code} <= {n["id"] for n in both["nodes"]}
    assert {n["id"] for n in only["nodes"]} == {a.code, b.code}
    assert [e["type"] for e in only["edges"]] == ["alliance"]
