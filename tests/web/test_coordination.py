"""Coordination across organisations on one installation: spaces, invitations, cards — who sees what, and
what the raw database holds."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from multitrack.web.accounts.models import Membership, Organisation
from multitrack.web.audit.models import AuditEvent
from multitrack.web.coordination import services
from multitrack.web.coordination.models import Card, Space
from tests import factories as f

pytestmark = pytest.mark.django_db
CONTACT = "highlands-desk@example.org"


def member(org: Organisation, role: str, name: str):
    compartment = org.compartments.first() or f.compartment(name=f"{org.name} desk", organisation=org)
    user = get_user_model().objects.create_user(name, password="a-long-test-password")
    Membership.objects.create(user=user, compartment=compartment, role=role)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def world():
    a, b, c = (Organisation.objects.create(name=n) for n in ("Tessaly Centre", "Valley Forum", "Outsiders"))
    users = {
        "a_owner": member(a, "owner", "a-owner"), "a_editor": member(a, "editor", "a-editor"),
        "b_owner": member(b, "owner", "b-owner"), "b_analyst": member(b, "analyst", "b-analyst"),
        "b_funder": member(b, "funder", "b-funder"), "c_owner": member(c, "owner", "c-owner"),
    }  # fmt: skip
    context = f.context(name="Northern Highlands")
    initiative = f.initiative(
        compartment=a.compartments.get(), context=context, title="Secret-sounding title",
        discretion="discreet", start_date=date(2025, 3, 1), objectives=["relationship_building"],
    )  # fmt: skip
    f.participate(initiative, f.actor(name="Amina Example", compartment=a.compartments.get()))
    space = services.create_space("Highlands coordination", "Who does what where", a, users["a_owner"][0])
    return {"a": a, "b": b, "c": c, "space": space, "initiative": initiative, **users}


def share(world, fields=("context", "period", "track", "contact"), spaces=None):
    given = services.CardInput(list(fields), "Water dialogue", "", CONTACT, tuple(spaces or [world["space"]]))
    return services.share_card(world["initiative"], given, world["a_owner"][0])


def test_an_invited_organisation_joins_then_reads_only_what_was_ticked(world):
    services.invite(world["space"], world["a"], world["b"], world["a_owner"][0])
    share(world)
    _user, b_owner = world["b_owner"]
    url = f"/api/coordination/spaces/{world['space'].pk}/cards"
    assert b_owner.get(url).status_code == 403  # invited, not joined: no card yet
    page = b_owner.get(f"/coordination/spaces/{world['space'].pk}/").content.decode()
    assert "Valley Forum is invited to this space" in page and CONTACT not in page
    assert b_owner.post(f"/coordination/spaces/{world['space'].pk}/join/").status_code == 302
    cards = b_owner.get(url).json()
    assert cards == [{
        "organisation": "Tessaly Centre", "ours": False, "shared_at": cards[0]["shared_at"],
        "fields": {"context": "Northern Highlands", "period": {"start": "2025-03-01", "end": None},
                   "track": cards[0]["fields"]["track"], "contact": CONTACT},
    }]  # fmt: skip
    page = world["b_analyst"][1].get(f"/coordination/spaces/{world['space'].pk}/").content.decode()
    assert CONTACT in page and "Northern Highlands" in page
    for hidden in (
        "Secret-sounding title",
        world["initiative"].code,
        "Amina",
        "Water dialogue",
        "Relationship building",
    ):
        assert hidden not in page and hidden not in json.dumps(cards)


def test_who_may_not_see_the_space_or_act_for_an_organisation(world):
    services.invite(world["space"], world["a"], world["b"], world["a_owner"][0])
    services.join(world["space"], world["b"], world["b_owner"][0])
    share(world)
    space = world["space"].pk
    assert world["c_owner"][1].get(f"/coordination/spaces/{space}/").status_code == 404  # not invited
    assert world["c_owner"][1].get(f"/api/coordination/spaces/{space}/cards").status_code == 404
    assert world["b_funder"][1].get(f"/coordination/spaces/{space}/").status_code == 404
    assert world["b_funder"][1].get("/api/coordination/spaces").json() == []
    assert world["b_analyst"][1].post(f"/coordination/spaces/{space}/leave/").status_code == 403
    assert (
        world["a_editor"][1].get(f"/coordination/initiatives/{world['initiative'].pk}/card/").status_code
        == 403
    )
    assert (
        world["b_owner"][1].get(f"/coordination/initiatives/{world['initiative'].pk}/card/").status_code
        == 404
    )
    with pytest.raises(services.CoordinationError, match="only an owner"):
        services.create_space("Mine", "", world["a"], world["b_owner"][0])
    with pytest.raises(services.CoordinationError, match="not invited"):
        services.join(world["space"], world["c"], world["c_owner"][0])


def test_confidential_and_secret_initiatives_have_no_card_and_spaces_must_be_joined(world):
    other = Space.objects.create(name="Elsewhere", created_by=world["b"])
    with pytest.raises(services.CoordinationError, match="has not joined Elsewhere"):
        share(world, spaces=[other])
    for level in ("confidential", "secret"):
        world["initiative"].discretion = level
        world["initiative"].save()
        with pytest.raises(services.CoordinationError, match=f"a {level} initiative is not shared"):
            share(world)
    assert not Card.objects.exists()
    page = (
        world["a_owner"][1].get(f"/coordination/initiatives/{world['initiative'].pk}/card/").content.decode()
    )
    assert "partner organisations may not know of it" in page


def test_leaving_or_withdrawing_takes_the_cards_away(world):
    services.invite(world["space"], world["a"], world["b"], world["a_owner"][0])
    services.join(world["space"], world["b"], world["b_owner"][0])
    card = share(world)
    b_user = world["b_analyst"][0]
    assert len(services.cards_in(world["space"], b_user)) == 1
    services.withdraw_card(card, world["a_owner"][0])
    assert services.cards_in(world["space"], b_user) == []
    card = share(world)
    services.leave(world["space"], world["a"], world["a_owner"][0])
    assert services.cards_in(world["space"], b_user) == [] and not card.spaces.exists()
    services.leave(world["space"], world["b"], world["b_owner"][0])
    assert services.visible_spaces(b_user) == []


def test_the_card_form_shares_and_the_raw_database_holds_no_card_text(world):
    client = world["a_owner"][1]
    url = f"/coordination/initiatives/{world['initiative'].pk}/card/"
    form = client.get(url).content.decode()
    assert "Northern Highlands" in form and "Highlands coordination" in form  # the preview, the space
    response = client.post(url, {
        "fields_shared": ["context", "contact", "label"], "label": "Water dialogue", "contact": CONTACT,
        "target_groups": "youth\nwomen farmers", "spaces": [world["space"].pk],
    })  # fmt: skip
    assert response.status_code == 302
    card = Card.objects.get()
    assert card.content == {"label": "Water dialogue", "context": "Northern Highlands", "contact": CONTACT}
    with connection.cursor() as cursor:
        cursor.execute("SELECT label, target_groups, contact, content FROM coordination_card")
        raw = " ".join(str(v) for v in cursor.fetchone())
    for clear in (CONTACT, "Water dialogue", "women farmers", "Northern Highlands"):
        assert clear not in raw
    entry = AuditEvent.objects.filter(object_type="coordination.card").latest("pk")
    assert entry.compartment_id == world["initiative"].compartment_id and CONTACT not in entry.summary
    assert client.post(f"{url}withdraw/").status_code == 302
    assert Card.objects.get().content in ({}, [])


def test_a_card_is_withdrawn_when_its_initiative_becomes_confidential(world):
    services.invite(world["space"], world["a"], world["b"], world["a_owner"][0])
    services.join(world["space"], world["b"], world["b_owner"][0])
    share(world)
    world["initiative"].discretion = "confidential"
    world["initiative"].save()
    assert services.cards_in(world["space"], world["b_analyst"][0]) == []
    assert world["b_owner"][1].get(f"/api/coordination/spaces/{world['space'].pk}/cards").json() == []
    card = Card.objects.get(initiative=world["initiative"])
    assert not card.spaces.exists() and card.content in ({}, [])  # withdrawn, its content forgotten
    world["initiative"].discretion = "discreet"
    world["initiative"].save()
    assert services.cards_in(world["space"], world["b_analyst"][0]) == []  # not shown again by itself


def test_an_invitation_names_the_organisation_and_the_list_of_organisations_is_never_shown(world):
    client = world["a_owner"][1]
    page = client.get(f"/coordination/spaces/{world['space'].pk}/").content.decode()
    assert "Invite the organisation named" in page and "Outsiders" not in page and "Valley Forum" not in page
    client.post(f"/coordination/spaces/{world['space'].pk}/invite/", {"organisation": "nobody at all"})
    page = client.get(f"/coordination/spaces/{world['space'].pk}/").content.decode()
    assert "No organisation is called &#x27;nobody at all&#x27; on this installation." in page
    client.post(f"/coordination/spaces/{world['space'].pk}/invite/", {"organisation": "valley forum"})
    assert world["space"].members.filter(organisation=world["b"], joined_at__isnull=True).exists()


def test_the_landscape_shows_partners_cards_and_overlaps_to_members_of_joined_organisations(world):
    services.invite(world["space"], world["a"], world["b"], world["a_owner"][0])
    services.join(world["space"], world["b"], world["b_owner"][0])
    theirs = f.initiative(
        compartment=world["b"].compartments.get(), context=world["initiative"].context, title="B's own title",
        discretion="public", start_date=date(2025, 6, 1), format=world["initiative"].format,
        objectives=["relationship_building"],
    )  # fmt: skip
    given = services.CardInput(["label", "context", "period", "format", "objectives"], "Valley talks")
    services.share_card(theirs, services.CardInput(**{**given.__dict__, "spaces": (world["space"],)}),
                        world["b_owner"][0])  # fmt: skip
    url = f"/api/landscape/contexts/{world['initiative'].context.pk}"
    seen = world["a_editor"][1].get(url).json()
    assert [p["label"] for p in seen["partner_initiatives"]] == ["Valley talks"]
    assert seen["partner_initiatives"][0]["organisation"] == "Valley Forum"
    (overlap,) = seen["coordination"]["overlaps"]
    assert {overlap["a"]["label"], overlap["b"]["label"]} == {world["initiative"].code, "Valley talks"}
    assert "shared objectives: Relationship building" in overlap["reasons"]
    page = world["a_editor"][1].get(f"/landscape/{world['initiative'].context.pk}/").content.decode()
    assert "Partner organisations" in page and "Valley talks" in page
    assert "B&#x27;s own title" not in page and "B's own title" not in json.dumps(seen)
    for outsider in (world["c_owner"][1], world["b_funder"][1]):
        other = outsider.get(url).json()
        assert all(p["label"] != "Valley talks" for p in other["partner_initiatives"])


def test_a_card_can_tell_the_levels_its_participants_come_from_and_the_landscape_finds_the_gaps(world):
    card = share(world, fields=("context", "levels"))
    assert card.content == {"context": "Northern Highlands", "levels": ["middle"]}  # Amina: middle range
    assert ("Levels of the participants (Lederach)", "Middle-range leadership") in services.readable(
        card.content
    )
    seen = world["a_owner"][1].get(f"/api/landscape/contexts/{world['initiative'].context.pk}").json()
    assert seen["coordination"]["gaps"]["levels"] == ["Top leadership", "Grassroots leadership"]
