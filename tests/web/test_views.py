from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from multitrack.web.registry.models import (
    Actor,
    Context,
    Event,
    Initiative,
    Participation,
    TrackOverride,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client: Client):
    response = client.get("/initiatives/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/initiatives/"


def test_login_with_password(client: Client, user):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    bad = Client().post("/accounts/login/", {"username": "analyst", "password": "wrong"})
    assert bad.status_code == 200 and b"Please enter a correct username and password" in bad.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/contexts/",
        "/actors/",
        "/initiatives/",
        "/relationships/",
        "/contexts/new/",
        "/actors/new/",
        "/initiatives/new/",
        "/relationships/new/",
    ],
)
def test_every_page_renders(auth_client: Client, url: str):
    f.initiative()
    assert auth_client.get(url).status_code == 200


def test_create_context_then_see_it(auth_client: Client):
    response = auth_client.post(
        "/contexts/new/",
        {
            "name": "Northern Highlands",
            "summary": "Land dispute",
            "countries": "col, ven",
            "gw_codes": "100, 101",
            "ucdp_conflict_ids": "",
        },
    )
    context = Context.objects.get(name="Northern Highlands")
    assert response.status_code == 302 and response["Location"] == context.get_absolute_url()
    assert context.countries == ["COL", "VEN"] and context.gw_codes == [100, 101]
    page = auth_client.get(context.get_absolute_url())
    assert "Colombia (COL)" in page.content.decode()


def test_invalid_form_reshows_input_with_errors(auth_client: Client):
    response = auth_client.post(
        "/contexts/new/", {"name": "Typed name", "countries": "COL, XXX", "gw_codes": "12a"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Typed name"' in html
    assert "Not ISO 3166 alpha-3 codes: XXX" in html
    assert "Not whole numbers: 12a" in html
    assert not Context.objects.exists()


def test_create_person_assigns_pseudonym_and_message_omits_name(auth_client: Client, compartment):
    response = auth_client.post(
        "/actors/new/",
        {
            "kind": "person",
            "compartment": compartment.pk,
            "name": "Amina Example",
            "level": "grassroots",
            "official_status": "unofficial",
            "nine_tracks": ["4", "6"],
            "gender": "woman",
            "identity_groups": "Highland Ayari, youth council",
        },
        follow=True,
    )
    actor = Actor.objects.get()
    html = response.content.decode()
    assert actor.code.startswith("P-") and actor.nine_tracks == ["4", "6"]
    assert actor.identity_groups == ["Highland Ayari", "youth council"]
    assert f"Saved actor “{actor.code}”." in html


def test_actor_list_searches_and_filters(auth_client: Client):
    org = f.actor(kind="organisation", name="Highland Peace Forum", level="middle")
    person = f.actor(name="Highland Person", level="grassroots")
    html = auth_client.get("/actors/?q=Highland").content.decode()
    assert org.code in html and person.code not in html
    html = auth_client.get("/actors/?level=grassroots").content.decode()
    assert person.code in html and org.code not in html


def test_htmx_search_returns_only_the_results_table(auth_client: Client):
    f.initiative(title="Water dialogue")
    response = auth_client.get(
        "/initiatives/?q=water", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.content.decode()
    assert "Water dialogue" in html and "<html" not in html


def test_lists_are_paginated(auth_client: Client, settings):
    settings.PAGE_SIZE = 25
    context = f.context()
    for i in range(30):
        f.initiative(context=context, title=f"Initiative {i:02d}")
    first = auth_client.get("/initiatives/").content.decode()
    assert "Page 1 of 2 · 30 in all" in first
    second = auth_client.get("/initiatives/?page=2").content.decode()
    assert second.count('<tr><td><a href="/initiatives/') == 5


def test_initiative_list_classifies_in_a_fixed_number_of_queries(
    auth_client: Client, django_assert_max_num_queries
):
    context = f.context()
    for _ in range(10):
        ini = f.initiative(context=context)
        for _ in range(3):
            f.participate(ini, f.actor())
    with django_assert_max_num_queries(12):
        auth_client.get("/initiatives/")


def _track_two_initiative() -> Initiative:
    ini = f.initiative(
        title="Highlands dialogue",
        third_party_type="ngo_mediator",
        format="dialogue_series",
        objectives=["relationship_building"],
    )
    f.participate(ini, f.actor(level="middle"))
    return ini


def test_create_initiative_and_see_components(auth_client: Client, compartment):
    context = f.context()
    response = auth_client.post(
        "/initiatives/new/",
        {
            "title": "Water talks",
            "compartment": compartment.pk,
            "context": context.pk,
            "third_party_type": "scholar_practitioner",
            "format": "problem_solving_workshop",
            "objectives": ["transfer_to_track_one"],
            "discretion": "discreet",
            "status": "active",
            "start_date": "2024-01-10",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    html = auth_client.get(initiative.get_absolute_url()).content.decode()
    assert "Problem-solving workshop" in html or "problem" in html.lower()
    assert "no_participants" in html
    assert initiative.created_by is not None


def test_initiative_dates_are_checked(auth_client: Client, compartment):
    context = f.context()
    response = auth_client.post(
        "/initiatives/new/",
        {
            "title": "Backwards",
            "compartment": compartment.pk,
            "context": context.pk,
            "format": "dialogue_series",
            "discretion": "discreet",
            "status": "active",
            "start_date": "2024-05-10",
            "end_date": "2024-05-01",
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not Initiative.objects.exists()


def test_initiative_page_explains_its_classification(auth_client: Client):
    ini = _track_two_initiative()
    html = auth_client.get(ini.get_absolute_url()).content.decode()
    assert 'data-testid="computed-track">Track 2<' in html
    for line in ini.classification().explanation:
        assert line.replace("'", "&#x27;").replace('"', "&quot;") in html


def test_add_participant_with_htmx_refreshes_classification(auth_client: Client):
    ini = _track_two_initiative()
    minister = f.actor(official_status="serving_official", level="top")
    response = auth_client.post(
        reverse("registry:participation_add", args=[ini.pk]),
        {"actor": minister.pk, "role": "participant", "acting_capacity": "official", "attended": "on"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert minister.code in html
    assert 'hx-swap-oob="true"' in html and 'data-testid="computed-track">Track 1.5<' in html


def test_add_participant_to_an_event(auth_client: Client):
    ini = _track_two_initiative()
    event = f.event(ini)
    person = f.actor(level="grassroots", gender="woman")
    response = auth_client.post(
        reverse("registry:participation_add", args=[ini.pk]),
        {"event": event.pk, "actor": person.pk, "role": "resource_person", "attended": "on", "spoke": "on"},
    )
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    p = Participation.objects.get(actor=person)
    assert (p.event, p.initiative, p.role, p.spoke) == (event, ini, "resource_person", True)


def test_duplicate_participation_is_refused_with_a_message(auth_client: Client):
    ini = _track_two_initiative()
    existing = ini.participations.get()
    response = auth_client.post(
        reverse("registry:participation_add", args=[ini.pk]),
        {"actor": existing.actor.pk, "role": "participant"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert f"{existing.actor.code} already has this role here." in response.content.decode()
    assert ini.participations.count() == 1


def test_event_from_another_initiative_is_not_found(auth_client: Client):
    ini, other = _track_two_initiative(), f.initiative()
    foreign_event = f.event(other)
    response = auth_client.post(
        reverse("registry:participation_add", args=[ini.pk]),
        {"event": foreign_event.pk, "actor": f.actor().pk, "role": "participant"},
    )
    assert response.status_code == 404


def test_remove_participation(auth_client: Client):
    ini = _track_two_initiative()
    p = ini.participations.get()
    response = auth_client.post(reverse("registry:participation_remove", args=[p.pk]))
    assert response.status_code == 302 and not ini.participations.exists()


def test_create_event(auth_client: Client):
    ini = _track_two_initiative()
    response = auth_client.post(
        reverse("registry:event_create", args=[ini.pk]),
        {"title": "Round 1", "format": "exposure_trip", "start_date": "2024-02-01", "location": "Lakeside"},
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.initiative == ini and event.format == "exposure_trip"


def test_override_needs_a_reason_and_keeps_both_tracks(auth_client: Client, user):
    ini = _track_two_initiative()
    url = reverse("registry:initiative_override", args=[ini.pk])
    refused = auth_client.post(url, {"track": "1.5", "reason": ""})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert not TrackOverride.objects.exists()

    auth_client.post(url, {"track": "1.5", "reason": "The ministry adviser reports back to the cabinet."})
    html = auth_client.get(ini.get_absolute_url()).content.decode()
    assert 'data-testid="effective-track">Track 1.5<' in html
    assert 'data-testid="computed-track">Track 2<' in html
    assert "The ministry adviser reports back to the cabinet." in html
    override = TrackOverride.objects.get()
    assert (override.created_by, override.computed_track, override.withdrawn_at) == (user, "2", None)


def test_new_override_supersedes_and_withdrawal_is_recorded(auth_client: Client, user):
    ini = _track_two_initiative()
    url = reverse("registry:initiative_override", args=[ini.pk])
    auth_client.post(url, {"track": "1.5", "reason": "First judgement by the team."})
    auth_client.post(url, {"track": "3", "reason": "Second judgement after the field visit."})
    first, second = TrackOverride.objects.order_by("created_at")
    assert first.withdrawn_at is not None and first.withdrawn_by == user and second.withdrawn_at is None
    auth_client.post(reverse("registry:override_withdraw", args=[ini.pk]))
    assert not TrackOverride.objects.filter(withdrawn_at__isnull=True).exists()
    assert TrackOverride.objects.count() == 2  # history is kept
    html = auth_client.get(ini.get_absolute_url()).content.decode()
    assert "Override history (2)" in html and 'data-testid="effective-track"' not in html


def test_relationship_create_and_self_tie_refused(auth_client: Client, compartment):
    a, b = f.actor(), f.actor(kind="organisation", name="Forum")
    ok = auth_client.post(
        "/relationships/new/",
        {
            "compartment": compartment.pk,
            "source": a.pk,
            "target": b.pk,
            "type": "influence",
            "confidence": "high",
        },
    )
    assert ok.status_code == 302
    bad = auth_client.post(
        "/relationships/new/",
        {"compartment": compartment.pk, "source": a.pk, "target": a.pk, "type": "close", "confidence": "low"},
    )
    assert "An actor cannot have a relationship with itself." in bad.content.decode()


def test_edit_participation(auth_client: Client):
    ini = _track_two_initiative()
    p = ini.participations.get()
    url = reverse("registry:participation_update", args=[p.pk])
    page = auth_client.get(url).content.decode()
    assert p.actor.code in page
    response = auth_client.post(url, {"actor": p.actor.pk, "role": "observer", "acting_capacity": "private"})
    assert response.status_code == 302 and response["Location"] == ini.get_absolute_url()
    p.refresh_from_db()
    assert (p.role, p.acting_capacity, p.attended) == ("observer", "private", False)


def test_relationships_filter_by_type_and_search_by_code(auth_client: Client):
    a, b, c = f.actor(), f.actor(), f.actor()
    f.relationship(a, b, "discord", evidence="interview 4")
    f.relationship(b, c, "alliance")
    html = auth_client.get("/relationships/?type=discord").content.decode()
    assert a.code in html and c.code not in html
    html = auth_client.get(f"/relationships/?q={c.code}").content.decode()
    assert c.code in html and a.code not in html


def test_context_page_shows_its_ucdp_conflict_timeline(auth_client: Client):
    from multitrack.web.ucdp.models import UcdpConflictYear

    common = {"location": "Veloria", "side_a": "Government of Veloria", "side_b": "HLM", "incompatibility": 1,
              "type_of_conflict": 3, "region": "3", "version": "25.1"}  # fmt: skip
    UcdpConflictYear.objects.create(conflict_id=901, year=2019, intensity_level=1, gwno_loc=[999], **common)
    UcdpConflictYear.objects.create(conflict_id=901, year=2020, intensity_level=2, gwno_loc=[999], **common)
    UcdpConflictYear.objects.create(conflict_id=902, year=2020, intensity_level=1, gwno_loc=[998], **common)
    by_id = f.context(name="By id", ucdp_conflict_ids=[901])
    by_state = f.context(name="By state", gw_codes=[998])
    html = auth_client.get(by_id.get_absolute_url()).content.decode()
    assert "Conflict 901: Veloria — HLM" in html and "Conflict 902" not in html
    assert '<li class="intensity-2"' in html and "<span>2020</span> war" in html
    html = auth_client.get(by_state.get_absolute_url()).content.decode()
    assert "Conflict 902" in html and "Conflict 901" not in html
    assert "No UCDP conflict is linked" in auth_client.get(f.context().get_absolute_url()).content.decode()
