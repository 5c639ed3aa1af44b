"""Editing conflict maps and theories of change in place (htmx): adding answers with the editor region and
the event that reloads the drawing; errors stay in the form; renaming in place (never a person's node);
removals that can be undone exactly, and refused when the draft was saved meanwhile or clashes."""

from __future__ import annotations

import re

import pytest

from multitrack.web.audit.models import AuditEvent
from multitrack.web.conflictmaps.models import MapComment, MapNode, MapTie
from multitrack.web.evaluation.models import TocElement, TocLink, TocNote
from multitrack.web.inplace import DRAWING_CHANGED
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(compartment):
    """A draft map: a registry person's node, a party and an issue, two ties, a comment on the party."""
    commander = f.actor(name="Amina Secretname", compartment=compartment)
    m = f.conflict_map(f.context(), compartment=compartment)
    cmd = f.map_node(m, "Amina Secretname", actor=commander)
    mov = f.map_node(m, "Northern Movement", power=2, notes="Met in March")
    land = f.map_node(m, "Land tenure", kind="issue")
    f.map_tie(cmd, mov, "discord", notes="Since 2019")
    f.map_tie(mov, land, "close")
    MapComment.objects.create(map=m, node=mov, text="Are they one group?")
    return m


def rows(m) -> list[tuple]:
    """Everything a removal may touch, as plain values (labels decrypted)."""
    return [
        *[(n.pk, n.key, n.kind, n.label, n.power, n.actor_id, n.notes, n.x, n.y) for n in m.nodes.all()],
        *[(t.pk, t.source_id, t.target_id, t.type, t.notes) for t in m.ties.all()],
        *[(c.pk, c.node_id, c.tie_id, c.text, c.created_at) for c in m.comments.all()],
    ]


def undo_path(html: str) -> str:
    found = re.search(r'hx-post="(/[^"]+/undo/[^"]+/)"', html)
    assert found, "no undo offered"
    return found.group(1)


def test_add_a_node_in_place_answers_with_the_region_and_the_event(auth_client, draft):
    response = auth_client.post(
        f"/maps/{draft.pk}/nodes/add/", {"kind": "party", "label": "Youth Assembly", "power": 1}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Trigger"] == DRAWING_CHANGED
    assert html.startswith('<div id="map-editor"') and "<html" not in html
    assert "Youth Assembly" in html and "Saved the map node." in html
    assert 'id="map-status" role="status" hx-swap-oob="true">4 parties and issues, 2 ties.' in html
    assert "Amina Secretname" not in html  # the person's node by pseudonym, in the table and the tie form
    assert draft.nodes.count() == 4


def test_a_bad_node_or_tie_stays_in_the_form_with_its_errors(auth_client, draft):
    response = auth_client.post(f"/maps/{draft.pk}/nodes/add/", {"kind": "issue", "power": 3}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert "Not added" in html and "Give a label" in html and "An issue has no power" in html
    assert 'id="add-node-label"' in html and draft.nodes.count() == 3
    mov, land = draft.nodes.get(label__isnull=False, kind="party", actor=None), draft.nodes.get(kind="issue")
    response = auth_client.post(
        f"/maps/{draft.pk}/ties/add/", {"source": mov.pk, "target": land.pk, "type": "close"}, **HX
    )
    assert "These two already have a line" in response.content.decode() and draft.ties.count() == 2


def test_without_htmx_the_forms_still_redirect(auth_client, draft):
    response = auth_client.post(
        f"/maps/{draft.pk}/nodes/add/", {"kind": "party", "label": "Youth", "power": 1}
    )
    assert response.status_code == 302 and response["Location"] == f"/maps/{draft.pk}/"


def test_data_gives_rows_and_persons_to_the_editor_only(auth_client, draft, compartment):
    nodes = auth_client.get(f"/maps/{draft.pk}/data.json").json()["nodes"]
    assert {n["label"]: n["person"] for n in nodes}["Northern Movement"] is False
    assert [n["person"] for n in nodes if n["label"].startswith("P-")] == [True]
    assert "Amina" not in str(nodes)
    reader = client_with_role("analyst", compartment)
    assert all("pk" not in n for n in reader.get(f"/maps/{draft.pk}/data.json").json()["nodes"])


def test_rename_in_place_but_not_a_persons_node(auth_client, draft):
    mov = next(n for n in draft.nodes.all() if n.label == "Northern Movement")
    opened = auth_client.get(f"/maps/nodes/{mov.pk}/rename/", **HX).content.decode()
    assert 'name="label"' in opened and 'value="Northern Movement"' in opened
    assert auth_client.get(f"/maps/nodes/{mov.pk}/rename/")["Location"] == f"/maps/nodes/{mov.pk}/edit/"
    empty = auth_client.post(f"/maps/nodes/{mov.pk}/rename/", {"label": ""}, **HX)
    assert "This field is required" in empty.content.decode() and "HX-Trigger" not in empty
    done = auth_client.post(f"/maps/nodes/{mov.pk}/rename/", {"label": "Northern Front"}, **HX)
    assert done["HX-Trigger"] == DRAWING_CHANGED and "Renamed to “Northern Front”." in done.content.decode()
    mov.refresh_from_db()
    assert (mov.label, mov.power, mov.notes) == ("Northern Front", 2, "Met in March")

    cmd = next(n for n in draft.nodes.select_related("actor") if n.is_person)
    refused = auth_client.post(f"/maps/nodes/{cmd.pk}/rename/", {"label": "Someone"}, **HX).content.decode()
    assert f"{cmd.actor.code} names a person" in refused and "Amina" not in refused
    cmd.refresh_from_db()
    assert cmd.label == "Amina Secretname"


def test_remove_a_node_then_undo_restores_exactly_and_is_audited_as_creations(auth_client, draft):
    before = rows(draft)
    mov = next(n for n in draft.nodes.all() if n.label == "Northern Movement")
    response = auth_client.post(f"/maps/node/{mov.pk}/remove/", **HX)
    html = response.content.decode()
    assert response["HX-Trigger"] == DRAWING_CHANGED
    assert "Removed “Northern Movement” and its 2 tie(s)." in html
    assert draft.nodes.count() == 2 and draft.ties.count() == 0 and draft.comments.count() == 0
    # What the session keeps of the removal is encrypted where the database encrypts it.
    kept = str(auth_client.session["mt_undo"])
    assert "Northern Movement" not in kept and "Met in March" not in kept and "one group" not in kept

    created = AuditEvent.objects.filter(action="create").count()
    undone = auth_client.post(undo_path(html), **HX)
    assert undone["HX-Trigger"] == DRAWING_CHANGED and "Restored" in undone.content.decode()
    assert rows(draft) == before
    assert AuditEvent.objects.filter(action="create").count() - created >= 4  # node, two ties, comment
    again = auth_client.post(undo_path(html), **HX).content.decode()
    assert "nothing to undo" in again and rows(draft) == before


def test_undo_without_htmx_redirects_and_the_page_offers_it_once(auth_client, draft):
    tie = draft.ties.get(type="close")
    assert auth_client.post(f"/maps/tie/{tie.pk}/remove/").status_code == 302
    page = auth_client.get(f"/maps/{draft.pk}/").content.decode()
    assert "Removed the tie Northern Movement — Close — Land tenure." in page
    assert "Removed the tie" not in auth_client.get(f"/maps/{draft.pk}/").content.decode()
    assert auth_client.post(undo_path(page)).status_code == 302
    assert draft.ties.filter(pk=tie.pk).exists()


def test_undo_is_refused_when_the_draft_was_saved_or_clashes(auth_client, draft, user):
    tie = draft.ties.get(type="close")
    page = auth_client.post(f"/maps/tie/{tie.pk}/remove/", **HX).content.decode()
    # The same tie drawn again meanwhile: the undo would clash.
    MapTie.objects.create(map=draft, source=tie.source, target=tie.target, type="close")
    refused = auth_client.post(undo_path(page), **HX)
    assert "cannot be undone" in refused.content.decode() and "HX-Trigger" not in refused
    assert draft.ties.count() == 2

    mov = next(n for n in draft.nodes.all() if n.label == "Northern Movement")
    html = auth_client.post(f"/maps/node/{mov.pk}/remove/", **HX).content.decode()
    draft.freeze(user)
    refused = auth_client.post(undo_path(html))  # a saved version: 403, as any change to it
    assert refused.status_code == 403 and not MapNode.objects.filter(pk=mov.pk).exists()


def test_undo_of_a_saved_version_through_the_session_says_so(draft, user):
    from django.contrib.sessions.backends.db import SessionStore

    from multitrack.web import undo

    session = SessionStore()
    land = draft.nodes.get(kind="issue")
    token = undo.remove(session, draft, land, "Land tenure")
    draft.freeze(user)
    with pytest.raises(undo.UndoRefused, match="saved meanwhile"):
        undo.restore(session, draft, token)
    assert not draft.nodes.filter(pk=land.pk).exists()


@pytest.mark.parametrize("role, status", [("analyst", 404), ("funder", 404)])
def test_others_cannot_edit_in_place(draft, compartment, role, status):
    client = client_with_role(role, compartment)
    mov = next(n for n in draft.nodes.all() if n.label == "Northern Movement")
    assert client.post(f"/maps/nodes/{mov.pk}/rename/", {"label": "X"}, **HX).status_code == status
    assert (
        client.post(f"/maps/{draft.pk}/nodes/add/", {"kind": "issue", "label": "X"}, **HX).status_code
        == status
    )
    assert client.post(f"/maps/{draft.pk}/undo/abc/", **HX).status_code == status


# Theories of change: the same shape.


@pytest.fixture
def toc(compartment):
    t = f.toc(f.initiative(compartment=compartment))
    a = f.toc_element(t, "Dialogue rounds")
    o = f.toc_element(t, "Joint non-paper", "output")
    link = TocLink.objects.create(toc=t, source=a, target=o, rationale="Advisers carry it.")
    TocNote.objects.create(toc=t, kind="risk", text="A leak", link=link)
    TocNote.objects.create(toc=t, kind="assumption", text="They meet", element=a)
    return t


def toc_rows(t) -> list[tuple]:
    return [
        *[(e.pk, e.key, e.level, e.label) for e in t.elements.all()],
        *[(x.pk, x.source_id, x.target_id, x.rationale) for x in t.links.all()],
        *[(n.pk, n.kind, n.text, n.element_id, n.link_id) for n in t.toc_notes.all()],
    ]


def test_toc_add_rename_remove_and_undo_in_place(auth_client, toc):
    added = auth_client.post(
        f"/evaluation/toc/{toc.pk}/elements/add/", {"level": "outcome", "label": "Talks resume"}, **HX
    )
    assert added["HX-Trigger"] == DRAWING_CHANGED and added.content.decode().startswith(
        '<div id="toc-editor"'
    )
    bad = auth_client.post(f"/evaluation/toc/{toc.pk}/elements/add/", {"level": "outcome"}, **HX)
    assert "Not added" in bad.content.decode() and "HX-Trigger" not in bad
    a, o, c = toc.elements.order_by("pk")
    linked = auth_client.post(f"/evaluation/toc/{toc.pk}/links/add/", {"source": o.pk, "target": c.pk}, **HX)
    assert linked["HX-Trigger"] == DRAWING_CHANGED and toc.links.count() == 2
    twice = auth_client.post(f"/evaluation/toc/{toc.pk}/links/add/", {"source": o.pk, "target": c.pk}, **HX)
    assert "already drawn" in twice.content.decode()
    data = auth_client.get(f"/evaluation/toc/{toc.pk}/data.json").json()["elements"]["nodes"]
    assert sorted(n["data"]["pk"] for n in data) == [a.pk, o.pk, c.pk]

    renamed = auth_client.post(f"/evaluation/toc/elements/{c.pk}/rename/", {"label": "Talks restart"}, **HX)
    assert renamed["HX-Trigger"] == DRAWING_CHANGED
    assert TocElement.objects.get(pk=c.pk).label == "Talks restart"

    before = toc_rows(toc)
    html = auth_client.post(f"/evaluation/toc/element/{o.pk}/remove/", **HX).content.decode()
    assert "Removed “Joint non-paper” and its 2 link(s)." in html
    assert toc.links.count() == 0 and toc.toc_notes.count() == 1
    undone = auth_client.post(undo_path(html), **HX)
    assert undone["HX-Trigger"] == DRAWING_CHANGED and toc_rows(toc) == before


def test_toc_undo_refused_on_a_saved_version(auth_client, toc, user):
    link = toc.links.get()
    html = auth_client.post(f"/evaluation/toc/link/{link.pk}/remove/", **HX).content.decode()
    toc.freeze(user)
    assert auth_client.post(undo_path(html), **HX).status_code == 403
    assert not TocLink.objects.filter(pk=link.pk).exists()


def test_undo_a_divider_restores_the_initiatives_it_informs(auth_client, draft, compartment):
    from multitrack.web.conflictmaps.models import DnhFactor

    initiative = f.initiative(compartment=compartment)
    divider = DnhFactor.objects.create(map=draft, kind="divider", category="values", description="Claims")
    divider.initiatives.add(initiative)
    assert auth_client.post(f"/maps/factor/{divider.pk}/remove/").status_code == 302
    page = auth_client.get(f"/maps/{draft.pk}/").content.decode()
    assert "Removed the divider." in page
    auth_client.post(undo_path(page))
    assert list(DnhFactor.objects.get(pk=divider.pk).initiatives.all()) == [initiative]
