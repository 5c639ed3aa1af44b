"""Theories of change in the web app: the form editor end to end, warnings, the diagram's data, saving a
version (immutable), a new version keeping keys, comparison, encryption at rest and the audit log."""

from __future__ import annotations

import pytest
from django.db import connection

from multitrack.web.audit.models import AuditEvent
from multitrack.web.evaluation.models import SavedToc, TheoryOfChange, TocElement, TocLink, TocNote
from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db


def test_build_a_theory_by_form_and_see_its_warnings(auth_client, compartment, user):
    initiative = f.initiative(compartment=compartment)
    response = auth_client.post(
        "/evaluation/toc/new/",
        {"initiative": initiative.pk, "title": "Water dialogue", "as_of": "2024-03-01", "notes": ""},
    )
    toc = TheoryOfChange.objects.get()
    assert response.status_code == 302 and response["Location"] == toc.get_absolute_url()
    assert toc.compartment == compartment and toc.created_by == user
    base = f"/evaluation/toc/{toc.pk}"
    for level, label in [
        ("activity", "Dialogue rounds"),
        ("activity", "Radio show"),
        ("output", "Joint non-paper"),
        ("outcome", "Negotiators adopt the water-sharing idea"),
        ("outcome", "Public support grows"),
        ("impact", "Fewer clashes over water"),
    ]:
        assert auth_client.post(f"{base}/elements/add/", {"level": level, "label": label}).status_code == 302
    el = {e.label: e for e in TocElement.objects.filter(toc=toc)}
    for source, target, why in [
        ("Dialogue rounds", "Joint non-paper", "They draft together."),
        ("Joint non-paper", "Negotiators adopt the water-sharing idea", "Advisers carry it."),
        ("Negotiators adopt the water-sharing idea", "Fewer clashes over water", ""),
    ]:
        data = {"source": el[source].pk, "target": el[target].pk, "rationale": why}
        assert auth_client.post(f"{base}/links/add/", data).status_code == 302
    link = TocLink.objects.get(source=el["Joint non-paper"])
    note = {"kind": "assumption", "text": "Advisers keep access.", "link": link.pk, "element": ""}
    assert auth_client.post(f"{base}/notes/add/", note).status_code == 302

    page = auth_client.get(f"{base}/").content.decode()
    assert "nothing leads to Public support grows" in page
    assert "Radio show leads to no outcome or impact" in page
    assert (
        "1 link without a rationale: Negotiators adopt the water-sharing idea → Fewer clashes over water"
        in page
    )
    assert "Advisers keep access." in page and "Joint non-paper → Negotiators adopt" in page

    data = auth_client.get(f"{base}/data.json").json()
    nodes = {n["data"]["label"]: n for n in data["elements"]["nodes"]}
    assert nodes["Radio show"]["data"]["warnings"] == ["activity_leads_nowhere"]
    assert nodes["Dialogue rounds"]["data"]["warnings"] == []
    assert nodes["Dialogue rounds"]["position"]["x"] < nodes["Joint non-paper"]["position"]["x"]
    assert nodes["Joint non-paper"]["position"]["x"] < nodes["Fewer clashes over water"]["position"]["x"]
    bare = [e["data"]["bare"] for e in data["elements"]["edges"]]
    assert sorted(bare) == [False, False, True]


def test_bad_input_names_the_field_and_changes_nothing(auth_client, compartment):
    toc = f.toc(f.initiative(compartment=compartment))
    a = f.toc_element(toc, "Dialogue rounds")
    b = f.toc_element(toc, "Joint paper", "output")
    TocLink.objects.create(toc=toc, source=a, target=b, rationale="r")
    base = f"/evaluation/toc/{toc.pk}"
    page = auth_client.post(f"{base}/links/add/", {"source": a.pk, "target": a.pk}).content.decode()
    assert "An element cannot lead to itself." in page
    page = auth_client.post(f"{base}/links/add/", {"source": a.pk, "target": b.pk}).content.decode()
    assert "This link is already drawn; edit it instead." in page
    page = auth_client.post(
        f"{base}/notes/add/", {"kind": "risk", "text": "x", "element": a.pk, "link": TocLink.objects.get().pk}
    ).content.decode()
    assert "Attach the note to an element or to a link, not both." in page
    page = auth_client.post("/evaluation/toc/new/", {"title": "T", "as_of": "2024-01-01"}).content.decode()
    assert "Choose the initiative, or the compartment of a portfolio." in page
    assert (
        TocLink.objects.count() == 1 and TocNote.objects.count() == 0 and TheoryOfChange.objects.count() == 1
    )


def test_a_saved_version_never_changes_and_a_new_version_keeps_keys(auth_client, compartment, user):
    toc = f.toc(f.initiative(compartment=compartment))
    a = f.toc_element(toc, "Dialogue rounds")
    i = f.toc_element(toc, "Fewer clashes", "impact")
    TocLink.objects.create(toc=toc, source=a, target=i, rationale="r")
    TocNote.objects.create(toc=toc, kind="risk", text="A leak", element=a)
    assert auth_client.post(f"/evaluation/toc/{toc.pk}/save/").status_code == 302
    toc.refresh_from_db()
    assert toc.is_saved and toc.saved_by == user
    with pytest.raises(SavedToc):
        a.refresh_from_db() or a.save()
    with pytest.raises(SavedToc):
        TocElement.objects.create(toc=toc, label="More")
    with pytest.raises(SavedToc):
        toc.delete()
    assert (
        auth_client.post(
            f"/evaluation/toc/{toc.pk}/elements/add/", {"level": "output", "label": "x"}
        ).status_code
        == 403
    )
    assert auth_client.post(f"/evaluation/toc/element/{a.pk}/remove/").status_code == 403

    response = auth_client.post(f"/evaluation/toc/{toc.pk}/new-version/", {"as_of": "2024-09-01"})
    copy = TheoryOfChange.objects.exclude(pk=toc.pk).get()
    assert response["Location"] == copy.get_absolute_url()
    assert copy.based_on == toc and not copy.is_saved
    assert set(copy.elements.values_list("key", flat=True)) == set(toc.elements.values_list("key", flat=True))
    assert copy.links.count() == 1 and copy.toc_notes.get().element.label == "Dialogue rounds"

    (moved,) = [e for e in copy.elements.all() if e.label == "Dialogue rounds"]  # labels are encrypted
    auth_client.post(
        f"/evaluation/toc/elements/{moved.pk}/edit/", {"level": "activity", "label": "Monthly dialogue"}
    )
    auth_client.post(
        f"/evaluation/toc/{copy.pk}/elements/add/", {"level": "output", "label": "Media briefing"}
    )
    page = auth_client.get(f"/evaluation/toc/compare/?a={toc.pk}&b={copy.pk}").content.decode()
    assert "Dialogue rounds → Monthly dialogue" in page and "Media briefing" in page
    assert "Unchanged: 1 elements, 1 links." in page


def test_labels_are_encrypted_and_the_audit_names_nothing(compartment, user):
    toc = f.toc(f.initiative(compartment=compartment))
    a = f.toc_element(toc, "Talks with Commander Example")
    TocLink.objects.create(
        toc=toc, source=a, target=f.toc_element(toc, "Ceasefire", "outcome"), rationale="Trust"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM evaluation_tocelement")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert "Commander" not in stored and "Ceasefire" not in stored
    events = AuditEvent.objects.filter(object_type__startswith="evaluation.")
    assert events.count() >= 4
    assert all(e.compartment_id == compartment.pk for e in events)
    assert "Commander" not in " ".join(events.values_list("summary", flat=True))


def test_roles(compartment):
    toc = f.toc(f.initiative(compartment=compartment))
    f.toc_element(toc, "Dialogue rounds")
    analyst = client_with_role("analyst", compartment)
    page = analyst.get(f"/evaluation/toc/{toc.pk}/").content.decode()
    assert "Dialogue rounds" in page and "Add a link" not in page and "Save as version" not in page
    assert analyst.post(f"/evaluation/toc/{toc.pk}/save/").status_code == 404
    funder = client_with_role("funder", compartment)
    assert funder.get(f"/evaluation/toc/{toc.pk}/").status_code == 404
    assert funder.get("/evaluation/toc/").status_code == 404
