"""A context's landscape on the page and in the API: Track One rows linked by country, Gleditsch–Ward code
and UCDP id; the initiatives the user may see, by track and phase; filters; who may look."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from multitrack.sources import trackone
from multitrack.web.landscape import services
from tests import factories as f
from tests import trackone_data as data
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(tmp_path):
    services.import_file("pax", trackone.write_pax(tmp_path / "pax.csv", data.release_2020()))
    services.import_file("mend", trackone.write_mend(tmp_path / "mend.csv", data.events()))
    services.import_file("padd", trackone.write_padd(tmp_path / "padd.csv", data.delegations()))
    yemen = f.context(name="Yemen", countries=["YEM"], gw_codes=[679])
    ours, theirs = f.compartment(name="Ours"), f.compartment(name="Theirs")
    mine = f.initiative(compartment=ours, context=yemen, title="Taiz water talks",
                        start_date=date(2018, 3, 1), end_date=date(2019, 6, 30))  # fmt: skip
    hidden = f.initiative(
        compartment=theirs, context=yemen, title="Quiet channel", start_date=date(2018, 1, 1)
    )
    return {"context": yemen, "ours": ours, "mine": mine, "hidden": hidden}


def test_the_page_shows_track_one_beside_our_initiatives_and_nothing_of_other_compartments(scene):
    for role in ("owner", "analyst", "funder"):
        client = client_with_role(role, scene["ours"])
        page = client.get(f"/landscape/{scene['context'].pk}/").content.decode()
        # 183 agreements, every fifth in Yemen (i % 5 == 1): 8 + 10 + 13 + 6 = 37
        assert "<strong>37</strong> Track One agreements" in page
        assert "<strong>3</strong> mediation events" in page  # YEM-1..3 by Gleditsch–Ward 679
        assert scene["mine"].code in page and "Taiz water talks" in page
        assert scene["hidden"].code not in page and "Quiet channel" not in page
        assert 'data-vega-spec="landscape-spec"' in page and "(PA-X 2020-01" not in page
        assert "PA-X v6" in page  # the version shown is named
    index = client_with_role("editor", scene["ours"]).get("/landscape/").content.decode()
    assert "Yemen" in index and "<td>37</td><td>3</td><td>1</td>" in index.replace("\n", "")


def test_filters_by_period_and_track_on_the_page_and_in_the_api(scene):
    client = client_with_role("analyst", scene["ours"])
    url = f"/api/landscape/contexts/{scene['context'].pk}"
    whole = client.get(url).json()
    assert whole["datasets"]["pax"]["version"] == "v6" and len(whole["agreements"]) == 37
    assert [i["code"] for i in whole["initiatives"]] == [scene["mine"].code]
    assert {e["id"] for e in whole["mediation_events"]} == {"YEM-1", "YEM-2", "YEM-3"}
    only_2019 = client.get(url, {"from": 2019, "to": 2019}).json()
    assert len(only_2019["agreements"]) == 6 and {e["id"] for e in only_2019["mediation_events"]} == {"YEM-3"}
    assert [i["code"] for i in only_2019["initiatives"]] == [scene["mine"].code]  # ran into 2019
    later = client.get(url, {"from": 2020}).json()
    assert later["initiatives"] == [] and later["agreements"] == []
    track = whole["initiatives"][0]["track"]
    other = next(t for t in ("1", "2", "3") if t != track)
    filtered = client.get(url, {"track": other}).json()
    assert filtered["initiatives"] == [] and (filtered["agreements"] == []) == (other != "1")
    assert client.get(url, {"track": "9"}).status_code == 400
    assert client.get(url, {"from": 2020, "to": 2019}).status_code == 400
    page = client.get(f"/landscape/{scene['context'].pk}/", {"from": 2020, "to": 2019}).content.decode()
    assert "“From” (2020) is after “to” (2019)." in page


def test_figures_in_the_api_are_those_of_the_command_line(scene):
    client = client_with_role("funder", scene["ours"])
    assert client.get("/api/landscape/agreements", {"from": 2018, "to": 2018}).json() == {
        "dataset": "pax", "version": "v6", "years": [{"year": 2018, "agreements": 62, "gender_provisions": 7}]
    }  # fmt: skip
    assert client.get("/api/landscape/mediation", {"by": "year"}).json() == services.mediation("year")
    assert client.get("/api/landscape/delegates").json() == services.delegates()
    assert client.get("/api/landscape/mediation", {"by": "party"}).status_code == 400
    assert client.get("/api/landscape/agreements", {"version": "v9"}).status_code == 404


def test_only_members_see_the_landscape(scene):
    stranger = get_user_model().objects.create_user("stranger", password="a-long-test-password")
    client = Client()
    client.force_login(stranger)
    assert client.get("/landscape/").status_code == 403
    assert client.get(f"/landscape/{scene['context'].pk}/").status_code == 403
    assert client.get("/api/landscape/versions").status_code == 403
    assert client.get(f"/api/landscape/contexts/{scene['context'].pk}").status_code == 403
    assert Client().get("/landscape/").status_code == 302  # to the login page


def test_armed_conflict_by_year_joins_the_timeline(scene):
    from multitrack.web.landscape.charts import CONFLICT, timeline
    from multitrack.web.landscape.context import build
    from multitrack.web.ucdp.models import UcdpConflictYear

    common = {"side_a": "Government of Yemen", "side_b": "AQAP", "incompatibility": 2, "type_of_conflict": 3,
              "version": "25.1"}  # fmt: skip
    UcdpConflictYear.objects.create(conflict_id=230, year=2018, location="Yemen", intensity_level=2,
                                    gwno_loc=[679], **common)  # fmt: skip
    UcdpConflictYear.objects.create(conflict_id=231, year=2019, location="Yemen", intensity_level=1,
                                    gwno_loc=[679], **common)  # fmt: skip
    UcdpConflictYear.objects.create(conflict_id=9, year=2019, location="Elsewhere", intensity_level=2,
                                    gwno_loc=[1], **common)  # fmt: skip
    land = build(scene["context"], None, 2018, 2019)
    assert land.conflict_years == [
        {"year": 2018, "intensity": 2, "conflicts": 1}, {"year": 2019, "intensity": 1, "conflicts": 1}
    ]  # fmt: skip
    spec = timeline(land)
    bars = next(layer for layer in spec["layer"] if layer["data"]["values"][0]["lane"] == CONFLICT)
    assert [v["intensity"] for v in bars["data"]["values"]] == [
        "war (1,000+ battle deaths)",
        "minor (25–999)",
    ]
    assert CONFLICT in spec["encoding"]["y"]["sort"]


def test_mediation_events_are_coloured_by_their_third_parties(scene):
    from multitrack.web.landscape.charts import EVENTS, timeline
    from multitrack.web.landscape.context import build

    spec = timeline(build(scene["context"], None))
    layer = next(layer for layer in spec["layer"] if layer["data"]["values"][0]["lane"] == EVENTS)
    assert {v["by"] for v in layer["data"]["values"]} == {"UN", "Oman"}  # Yemen's events: UN, Oman
    assert layer["encoding"]["color"]["scale"]["domain"][-1] == "other third parties"
