"""Conflict maps through the web app: the form-based editor, versions, comparison, discretion."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from multitrack.web.audit.models import AuditEvent
from multitrack.web.conflictmaps.models import ConflictMap, DnhFactor, MapContributor, MapTie
from multitrack.web.registry.models import Relationship
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(compartment):
    """A draft map of a context: a government (a registry organisation), a commander named on the map
    (a registry person), a movement and an issue."""
    context = f.context(name="Highlands")
    gov_actor = f.actor(kind="organisation", name="Ministry of Interior", compartment=compartment)
    commander = f.actor(name="Amina Secretname", compartment=compartment)
    m = f.conflict_map(context, compartment=compartment, perspective="women's groups in the north")
    gov = f.map_node(m, "Ministry of Interior", actor=gov_actor, power=5)
    cmd = f.map_node(m, "Amina Secretname", actor=commander, power=3)
    mov = f.map_node(m, "Northern Movement", power=2)
    land = f.map_node(m, "Land tenure", kind="issue")
    f.map_tie(gov, cmd, "discord")
    f.map_tie(mov, land, "close")
    return m


def test_create_a_map_and_draw_it_with_forms_only(auth_client, compartment):
    context = f.context()
    response = auth_client.post(
        "/maps/new/",
        {"compartment": compartment.pk, "context": context.pk, "as_of": "2025-02-01", "perspective": "team"},
    )
    m = ConflictMap.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/maps/{m.pk}/"
    auth_client.post(f"/maps/{m.pk}/nodes/add/", {"kind": "party", "label": "Government", "power": 5})
    auth_client.post(f"/maps/{m.pk}/nodes/add/", {"kind": "external", "label": "Neighbour", "power": 4})
    a, b = m.nodes.all()
    auth_client.post(f"/maps/{m.pk}/ties/add/", {"source": b.pk, "target": a.pk, "type": "influence"})
    assert [(t.source.label, t.type, t.target.label) for t in m.ties.all()] == [
        ("Neighbour", "influence", "Government")
    ]
    page = auth_client.get(f"/maps/{m.pk}/").content.decode()
    assert "Government" in page and "Save as version" in page and "Add a tie" in page
    # A draft is not copied into a new version; saving and deleting it ask first (static/multitrack/app.js),
    # and so does each removal (2 nodes, 1 tie), which can be undone.
    assert "New version from this" not in page
    assert page.count('data-confirm="') == 2 + 3


def test_bad_input_says_what_is_wrong_and_changes_nothing(auth_client, drawn):
    gov, cmd = drawn.nodes.all()[:2]
    response = auth_client.post(
        f"/maps/{drawn.pk}/ties/add/", {"source": cmd.pk, "target": gov.pk, "type": "close"}
    )
    assert response.status_code == 200
    assert "already have a line" in response.content.decode()
    response = auth_client.post(
        f"/maps/{drawn.pk}/nodes/add/", {"kind": "issue", "label": "Water", "power": 3}
    )
    assert "An issue has no power" in response.content.decode()
    response = auth_client.post(f"/maps/{drawn.pk}/nodes/add/", {"kind": "party", "label": ""})
    assert "Give a label" in response.content.decode()
    assert drawn.nodes.count() == 4 and drawn.ties.count() == 2


def test_a_node_linked_to_an_actor_takes_its_name_when_no_label_is_given(auth_client, drawn):
    org = f.actor(kind="organisation", name="Chamber of Commerce")
    auth_client.post(f"/maps/{drawn.pk}/nodes/add/", {"kind": "party", "actor": org.pk, "power": 2})
    assert drawn.nodes.filter(actor=org).get().label == "Chamber of Commerce"


def test_saving_a_version_freezes_it(auth_client, drawn):
    node = drawn.nodes.first()
    response = auth_client.post(f"/maps/{drawn.pk}/save/")
    assert response.status_code == 302
    drawn.refresh_from_db()
    assert drawn.is_saved
    page = auth_client.get(f"/maps/{drawn.pk}/").content.decode()
    assert "Save as version" not in page and "Add a party" not in page and "New version from this" in page
    # every way of changing it is refused, and nothing changes
    assert (
        auth_client.post(f"/maps/{drawn.pk}/nodes/add/", {"kind": "party", "label": "X"}).status_code == 403
    )
    assert (
        auth_client.post(f"/maps/nodes/{node.pk}/edit/", {"kind": "party", "label": "Y"}).status_code == 403
    )
    assert auth_client.post(f"/maps/node/{node.pk}/remove/").status_code == 403
    positions = json.dumps({"positions": {node.key: {"x": 5, "y": 5}}})
    assert (
        auth_client.post(
            f"/maps/{drawn.pk}/positions/", positions, content_type="application/json"
        ).status_code
        == 403
    )
    assert auth_client.post(f"/maps/{drawn.pk}/delete/").status_code == 403
    assert drawn.nodes.count() == 4
    node.refresh_from_db()
    assert node.x is None


def test_saving_a_map_with_problems_reports_them(auth_client, drawn):
    a, b = drawn.nodes.all()[2:4]
    MapTie.objects.create(map=drawn, source=b, target=a, type="alliance")  # a second line, bypassing the form
    response = auth_client.post(f"/maps/{drawn.pk}/save/", follow=True)
    assert "already have a line" in response.content.decode()
    drawn.refresh_from_db()
    assert not drawn.is_saved


def test_a_new_version_starts_as_a_copy_and_the_difference_is_shown(auth_client, user, drawn):
    drawn.freeze(user)
    response = auth_client.post(
        f"/maps/{drawn.pk}/new-version/", {"as_of": "2025-06-01", "perspective": drawn.perspective}
    )
    copy = ConflictMap.objects.exclude(pk=drawn.pk).get()
    assert response["Location"] == f"/maps/{copy.pk}/"
    assert copy.nodes.count() == 4 and copy.ties.count() == 2 and copy.based_on == drawn
    gov = copy.nodes.get(power=5)
    auth_client.post(
        f"/maps/nodes/{gov.pk}/edit/",
        {"kind": "party", "label": gov.label, "power": 4, "actor": gov.actor_id},
    )
    tie = copy.ties.get(type="discord")
    auth_client.post(
        f"/maps/ties/{tie.pk}/edit/", {"source": tie.source_id, "target": tie.target_id, "type": "broken"}
    )
    auth_client.post(
        f"/maps/{copy.pk}/nodes/add/", {"kind": "party", "label": "Council of Elders", "power": 2}
    )
    page = auth_client.get(f"/maps/compare/?a={drawn.pk}&b={copy.pk}").content.decode()
    assert "Council of Elders" in page
    assert "Ministry of Interior: 5 → 4" in page
    assert "Ties broken" in page and "was Discord" in page
    timeline = auth_client.get(f"/maps/context/{drawn.context_id}/").content.decode()
    assert "1 added, 0 gone, 1 power change(s), 0 tie(s) formed, 0 changed, 1 broken" in timeline


def test_two_perspectives_of_the_same_date_side_by_side(auth_client, drawn):
    team = f.conflict_map(drawn.context, compartment=drawn.compartment, perspective="facilitation team")
    f.map_node(team, "northern movement", power=4)
    timeline = auth_client.get(f"/maps/context/{drawn.context_id}/").content.decode()
    assert "Perspectives of the same date" in timeline
    page = auth_client.get(f"/maps/compare/?a={drawn.pk}&b={team.pk}").content.decode()
    assert page.count("data-conflictmap") == 2
    assert "northern movement: 2 → 4" in page  # matched by label across the two views


def test_analysts_see_pseudonyms_everywhere(drawn, compartment):
    analyst = client_with_role("analyst", compartment)
    commander = drawn.nodes.get(actor__kind="person").actor
    for url in (
        f"/maps/{drawn.pk}/",
        f"/maps/{drawn.pk}/data.json",
        f"/maps/{drawn.pk}/map.svg",
        f"/maps/{drawn.pk}/?reveal=1",
    ):
        body = analyst.get(url).content.decode()
        assert "Secretname" not in body, url
        assert commander.code in body, url
    assert "Ministry of Interior" in analyst.get(f"/maps/{drawn.pk}/").content.decode()
    assert not AuditEvent.objects.filter(action="reveal").exists()


def test_the_png_is_the_svgs_drawing_with_title_date_and_legend(auth_client, drawn):
    import vl_convert

    png = auth_client.get(f"/maps/{drawn.pk}/map.png")
    assert png["Content-Type"] == "image/png" and png["Content-Disposition"].endswith(f'map-{drawn.pk}.png"')
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.content[16:20], "big"), int.from_bytes(png.content[20:24], "big")
    svg = auth_client.get(f"/maps/{drawn.pk}/map.svg").content.decode()
    assert f"{drawn.as_of:%Y-%m-%d} (map {drawn.pk})" in svg and "Legend" in svg
    assert png.content == vl_convert.svg_to_png(svg, scale=2) and width > 1000 and height > 700
    assert AuditEvent.objects.filter(
        action="export", summary=f"conflict map {drawn.pk} exported as PNG"
    ).exists()


def test_editors_may_reveal_and_it_is_audited(drawn, compartment):
    editor = client_with_role("editor", compartment)
    assert "Secretname" not in editor.get(f"/maps/{drawn.pk}/").content.decode()
    assert "Secretname" in editor.get(f"/maps/{drawn.pk}/?reveal=1").content.decode()
    event = AuditEvent.objects.get(action="reveal")
    assert str(drawn.pk) in event.summary and "Secretname" not in event.summary


def test_data_json_places_every_node_and_svg_draws_the_legend(auth_client, drawn):
    data = auth_client.get(f"/maps/{drawn.pk}/data.json").json()
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 2 and data["editable"] is True
    assert all({"x", "y"} <= set(n["position"]) for n in data["nodes"])
    assert {e["type"] for e in data["edges"]} == {"discord", "close"}
    response = auth_client.get(f"/maps/{drawn.pk}/map.svg")
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("svg")
    assert AuditEvent.objects.filter(action="export").exists()


def test_dragging_stores_positions_on_a_draft(auth_client, drawn):
    node = drawn.nodes.first()
    body = json.dumps({"positions": {node.key: {"x": 120.5, "y": -40}, "unknown": {"x": 1, "y": 1}}})
    response = auth_client.post(f"/maps/{drawn.pk}/positions/", body, content_type="application/json")
    assert response.json() == {"saved": 1}
    node.refresh_from_db()
    assert (node.x, node.y) == (120.5, -40.0)
    data = auth_client.get(f"/maps/{drawn.pk}/data.json").json()
    assert len({(n["position"]["x"], n["position"]["y"]) for n in data["nodes"]}) == 4
    bad = auth_client.post(f"/maps/{drawn.pk}/positions/", "{not json", content_type="application/json")
    assert bad.status_code == 400 and "expected" in bad.json()["error"]


def test_consent_can_be_withdrawn_after_saving_and_hides_the_contributor(auth_client, user, drawn):
    person = f.actor(name="Contributor Secretname")
    drawn.freeze(user)
    auth_client.post(
        f"/maps/{drawn.pk}/contributors/add/",
        {"actor": person.pk, "consent": "given", "consent_on": "2025-02-01", "consent_note": "verbally"},
    )
    who = MapContributor.objects.get()
    assert person.code in auth_client.get(f"/maps/{drawn.pk}/").content.decode()
    auth_client.post(
        f"/maps/contributors/{who.pk}/edit/", {"consent": "withdrawn", "consent_on": "2025-03-01"}
    )
    who.refresh_from_db()
    assert who.consent == "withdrawn" and who.actor == person  # who it was cannot be changed in the form
    page = auth_client.get(f"/maps/{drawn.pk}/").content.decode()
    assert person.code not in page and "1 more contributor(s) not named" in page


def test_comments_on_elements_of_a_saved_version(auth_client, user, drawn):
    drawn.freeze(user)
    tie = drawn.ties.first()
    auth_client.post(f"/maps/{drawn.pk}/comments/add/", {"text": "Since when?", "element": f"tie:{tie.pk}"})
    comment = drawn.comments.get()
    assert comment.tie == tie and comment.author == user
    assert "Since when?" in auth_client.get(f"/maps/{drawn.pk}/").content.decode()
    other = f.conflict_map()
    stranger = f.map_node(other, "X")
    auth_client.post(f"/maps/{drawn.pk}/comments/add/", {"text": "Nope", "element": f"node:{stranger.pk}"})
    assert drawn.comments.count() == 1


def test_a_tie_between_registry_actors_can_be_proposed_as_a_relationship(auth_client, drawn):
    page = auth_client.get(f"/maps/{drawn.pk}/").content.decode()
    assert "Propose as a relationship" in page
    tie = drawn.ties.get(type="discord")
    ends = f"source={tie.source.actor_id}&target={tie.target.actor_id}"
    url = f"/relationships/new/?{ends}&type=discord&context={drawn.context_id}&valid_from=2024-03-01"
    form = auth_client.get(url).context["form"]
    assert form.initial["type"] == "discord" and str(form.initial["target"]) == str(tie.target.actor_id)
    f.relationship(tie.source.actor, tie.target.actor, "discord", compartment=drawn.compartment)
    assert "recorded (" in auth_client.get(f"/maps/{drawn.pk}/").content.decode()


def test_dividers_and_connectors_inform_initiatives(auth_client, user, drawn):
    initiative = f.initiative(context=drawn.context, compartment=drawn.compartment)
    auth_client.post(
        f"/maps/{drawn.pk}/factors/add/",
        {
            "kind": "divider",
            "category": "symbols",
            "description": "Rival flags at the market",
            "initiatives": [initiative.pk],
        },
    )
    auth_client.post(
        f"/maps/{drawn.pk}/factors/add/",
        {"kind": "connector", "category": "systems", "description": "The shared water board"},
    )
    assert DnhFactor.objects.count() == 2
    assert "Rival flags at the market" in auth_client.get(initiative.get_absolute_url()).content.decode()
    drawn.freeze(user)
    context_page = auth_client.get(f"/contexts/{drawn.context_id}/").content.decode()
    assert "The shared water board" in context_page and "Symbols and occasions" in context_page


def test_funders_and_outsiders_see_no_map(drawn, compartment):
    funder = client_with_role("funder", compartment)
    assert funder.get(f"/maps/{drawn.pk}/").status_code == 404
    assert "Conflict maps" not in funder.get(f"/contexts/{drawn.context_id}/").content.decode()
    outsider = client_with_role("owner", f.compartment())
    assert outsider.get(f"/maps/{drawn.pk}/").status_code == 404
    assert outsider.get(f"/maps/compare/?a={drawn.pk}&b={drawn.pk}").status_code == 404
    assert "women's groups" not in outsider.get("/maps/").content.decode()


def test_deleting_a_draft(auth_client, drawn):
    assert auth_client.post(f"/maps/{drawn.pk}/delete/").status_code == 302
    assert not ConflictMap.objects.exists()


def test_relationship_is_not_created_without_the_user_confirming(auth_client, drawn):
    auth_client.get(f"/maps/{drawn.pk}/")
    assert not Relationship.objects.exists()
    assert date(2024, 3, 1) == drawn.as_of


def test_api_lists_shows_and_diffs_maps_with_pseudonyms(user, drawn, compartment):
    analyst = client_with_role("analyst", compartment)
    listed = analyst.get("/api/maps").json()
    assert [m["id"] for m in listed["items"]] == [drawn.pk]
    one = analyst.get(f"/api/maps/{drawn.pk}").json()
    assert one["perspective"] == "women's groups in the north" and one["saved"] is None
    assert {n["kind"] for n in one["nodes"]} == {"party", "issue"}
    assert {t["type"] for t in one["ties"]} == {"discord", "close"}
    assert "Secretname" not in json.dumps(one)
    drawn.freeze(user)
    copy = drawn.new_version(user, as_of=date(2025, 1, 1))
    copy.nodes.get(power=2).delete()
    changes = analyst.get(f"/api/maps/{drawn.pk}/diff/{copy.pk}").json()
    assert [n["label"] for n in changes["parties_gone"]] == ["Northern Movement"]
    assert len(changes["ties_removed"]) == 1
    assert client_with_role("funder", compartment).get(f"/api/maps/{drawn.pk}").status_code == 404


def test_consent_of_a_team_member_who_left_can_still_be_withdrawn(auth_client, user, drawn):
    from django.contrib.auth import get_user_model

    former = get_user_model().objects.create_user("former-colleague")
    who = MapContributor.objects.create(map=drawn, user=former)
    response = auth_client.post(
        f"/maps/contributors/{who.pk}/edit/", {"consent": "withdrawn", "consent_on": "2025-03-01"}
    )
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.consent == "withdrawn" and who.user == former


def test_two_versions_drawn_side_by_side_keep_each_party_in_place(auth_client, user, drawn):
    drawn.freeze(user)
    copy = drawn.new_version(user, as_of=date(2025, 1, 1))
    f.map_node(copy, "Council of Elders", power=2)
    page = auth_client.get(f"/maps/compare/?a={drawn.pk}&b={copy.pk}").content.decode()
    assert f"/maps/{drawn.pk}/data.json?beside={copy.pk}" in page
    one = auth_client.get(f"/maps/{drawn.pk}/data.json?beside={copy.pk}").json()
    two = auth_client.get(f"/maps/{copy.pk}/data.json?beside={drawn.pk}").json()
    where = {n["id"]: n["position"] for n in one["nodes"]}
    assert all(where[n["id"]] == n["position"] for n in two["nodes"] if n["id"] in where)
    alone = auth_client.get(f"/maps/{drawn.pk}/data.json").json()
    assert [n["position"] for n in alone["nodes"]] != [n["position"] for n in one["nodes"]]
