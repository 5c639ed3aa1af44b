"""Attacks on coordination across organisations and on the landscape, as ordinary logged-in users (every
role of a partner organisation, mixed roles, members of two organisations) and as someone reading the raw
database without the key. Each test asserts the secure behaviour; `xfail(strict=True)` marks a hole found
(the reason says what leaks and how)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from multitrack.web.accounts.models import Compartment, Membership, Organisation
from multitrack.web.audit.models import AuditEvent
from multitrack.web.coordination import services
from multitrack.web.coordination.models import Card, Space, SpaceMember
from multitrack.web.registry.models import Initiative
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CONTACT = "highlands-desk@example.org"
LABEL = "Water dialogue"
GROUPS = "youth in the valley\nwomen farmers"
TITLE = "Secret-sounding title"
QUIET_TITLE = "Quiet valley channel"
PARTICIPANT = "Amina Example"
ROLES = ("owner", "editor", "analyst", "funder")


def person(name: str, *memberships: tuple[Compartment, str]) -> tuple[Any, Client]:
    user = get_user_model().objects.create_user(name, password=PASSWORD)
    for compartment, role in memberships:
        Membership.objects.create(user=user, compartment=compartment, role=role)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def world() -> dict[str, Any]:
    """Organisation A (two compartments), B, C and D; a space opened by A that B has joined; a discreet
    initiative of A's first compartment with a participant, and one of its second compartment."""
    a, b, c, d = (
        Organisation.objects.create(name=n)
        for n in ("Tessaly Centre", "Valley Forum", "Outsiders", "Quiet Neighbours")
    )
    a1 = f.compartment(name="Tessaly programmes", organisation=a)
    a2 = f.compartment(name="Tessaly quiet desk", organisation=a)
    b1 = f.compartment(name="Valley desk", organisation=b)
    c1 = f.compartment(name="Outsider desk", organisation=c)
    f.compartment(name="Neighbours desk", organisation=d)
    w: dict[str, Any] = {"a": a, "b": b, "c": c, "d": d, "a1": a1, "a2": a2, "b1": b1, "c1": c1}
    w["a_owner"] = person("a-owner", (a1, "owner"))
    w["a2_owner"] = person("a2-owner", (a2, "owner"))
    w["a_editor"] = person("a-editor", (a1, "editor"))
    w["a_mixed"] = person("a-mixed", (a1, "owner"), (a2, "analyst"))
    w["a1_analyst"] = person("a1-analyst", (a1, "analyst"))
    for role in ROLES:
        w[f"b_{role}"] = person(f"b-{role}", (b1, role))
    w["c_owner"] = person("c-owner", (c1, "owner"))
    w["c_analyst"] = person("c-analyst", (c1, "analyst"))
    w["context"] = f.context(name="Northern Highlands")
    w["initiative"] = f.initiative(
        compartment=a1, context=w["context"], title=TITLE, discretion="discreet",
        start_date=date(2025, 3, 1), objectives=["transfer_to_track_one"],
        format="problem_solving_workshop", third_party_type="scholar_practitioner",
    )  # fmt: skip
    f.participate(w["initiative"], f.actor(name=PARTICIPANT, compartment=a1))
    w["quiet"] = f.initiative(
        compartment=a2, context=w["context"], title=QUIET_TITLE, discretion="discreet",
        start_date=date(2025, 5, 1),
    )  # fmt: skip
    w["b_initiative"] = f.initiative(compartment=b1, context=w["context"], title="Valley own work")
    w["space"] = services.create_space("Highlands coordination", "Who does what", a, w["a_owner"][0])
    services.invite(w["space"], a, b, w["a_owner"][0])
    services.join(w["space"], b, w["b_owner"][0])
    return w


def share(w: dict[str, Any], fields: tuple[str, ...] = ("context", "period", "track"), **kw: Any) -> Card:
    """A's owner shares the initiative's card in the space, with every text filled in but only `fields`
    ticked."""
    initiative = kw.pop("initiative", w["initiative"])
    user = kw.pop("user", w["a_owner"][0])
    spaces = kw.pop("spaces", (w["space"],))
    given = services.CardInput(list(fields), LABEL, GROUPS, CONTACT, tuple(spaces))
    return services.share_card(initiative, given, user)


def join_c(w: dict[str, Any]) -> None:
    services.invite(w["space"], w["a"], w["c"], w["a_owner"][0])
    services.join(w["space"], w["c"], w["c_owner"][0])


def read(client: Client, space: Space) -> tuple[str, str]:
    """The space page and its cards in the API, as text."""
    page = client.get(f"/coordination/spaces/{space.pk}/").content.decode()
    api = client.get(f"/api/coordination/spaces/{space.pk}/cards")
    return page, api.content.decode()


def secrets_of_a(w: dict[str, Any]) -> list[str]:
    """What a partner must never read of A: titles, codes, participants, compartment names."""
    return [
        TITLE, w["initiative"].code, PARTICIPANT, QUIET_TITLE, w["quiet"].code,
        "Tessaly programmes", "Tessaly quiet desk",
    ]  # fmt: skip


def edit_initiative(client: Client, initiative: Initiative, **changes: Any) -> Any:
    """Post the initiative's edit form as it stands, with `changes`."""
    data = {
        "title": initiative.title, "compartment": initiative.compartment_id,
        "context": initiative.context_id, "format": initiative.format,
        "third_party_type": initiative.third_party_type, "objectives": initiative.objectives,
        "discretion": initiative.discretion, "status": initiative.status,
        "start_date": initiative.start_date.isoformat() if initiative.start_date else "",
    }  # fmt: skip
    data.update(changes)
    return client.post(f"/initiatives/{initiative.pk}/edit/", data)


# ---------------------------------------------------------------------------------------------------
# What held


def test_partners_of_every_role_read_only_the_ticked_fields(world):
    share(world, fields=("context", "period"))  # label, target groups and contact filled, not ticked
    for role in ("owner", "editor", "analyst"):
        page, api = read(world[f"b_{role}"][1], world["space"])
        assert "Northern Highlands" in page and "Northern Highlands" in api
        assert set(json.loads(api)[0]["fields"]) == {"context", "period"}
        unticked = [LABEL, "women farmers", "youth in the valley", CONTACT, "Problem-solving workshop",
                    "problem_solving_workshop", "Transfer into Track One", "transfer_to_track_one",
                    "Scholar-practitioner", "scholar_practitioner"]  # fmt: skip
        for hidden in [*secrets_of_a(world), *unticked]:
            assert hidden not in page and hidden not in api, (role, hidden)
        index = world[f"b_{role}"][1].get("/coordination/").content.decode()
        assert TITLE not in index and world["initiative"].code not in index


def test_no_role_of_a_partner_reaches_an_initiatives_card_form_or_withdraws_it(world):
    card = share(world)
    url = f"/coordination/initiatives/{world['initiative'].pk}/card/"
    for role in ROLES:
        client = world[f"b_{role}"][1]
        assert client.get(url).status_code == 404, role
        response = client.post(url, {"fields_shared": ["label"], "label": "hijacked", "spaces": []})
        assert response.status_code == 404, role
        assert client.post(f"{url}withdraw/").status_code == 404, role
    card.refresh_from_db()
    assert card.label == LABEL and card.spaces.count() == 1 and card.content


def test_a_funder_of_a_partner_reads_no_space_and_no_card(world):
    share(world)
    client = world["b_funder"][1]
    assert client.get("/coordination/").status_code == 403
    assert client.get(f"/coordination/spaces/{world['space'].pk}/").status_code == 404
    assert client.get("/api/coordination/spaces").json() == []
    assert client.get(f"/api/coordination/spaces/{world['space'].pk}/cards").status_code == 404


def test_an_organisation_not_invited_learns_nothing_and_an_invited_one_reads_no_card(world):
    share(world)
    space = world["space"].pk
    client = world["c_owner"][1]
    for path in ("join", "leave", "invite"):
        assert client.post(f"/coordination/spaces/{space}/{path}/").status_code == 404
    assert client.get(f"/coordination/spaces/{space}/").status_code == 404
    assert client.get(f"/api/coordination/spaces/{space}/cards").status_code == 404
    assert client.get("/api/coordination/spaces").json() == []
    services.invite(world["space"], world["a"], world["c"], world["a_owner"][0])
    page, _api = read(client, world["space"])
    assert client.get(f"/api/coordination/spaces/{space}/cards").status_code == 403
    for hidden in [*secrets_of_a(world), "Northern Highlands", "2025-03-01"]:
        assert hidden not in page


def test_crafted_posts_cannot_act_for_another_organisation_or_share_where_not_joined(world):
    b_user, b_owner = world["b_owner"]
    # Open a space on behalf of A.
    response = b_owner.post("/coordination/", {"name": "Forged", "organisation": world["a"].pk})
    assert response.status_code == 200 and not Space.objects.filter(name="Forged").exists()
    # A space C opened, which B is not in: no join, no invitation, no sharing into it.
    other = services.create_space("Outsiders' own", "", world["c"], world["c_owner"][0])
    assert b_owner.post(f"/coordination/spaces/{other.pk}/join/").status_code == 404
    invited = b_owner.post(f"/coordination/spaces/{other.pk}/invite/", {"organisation": world["b"].pk})
    assert invited.status_code == 404
    url = f"/coordination/initiatives/{world['b_initiative'].pk}/card/"
    response = b_owner.post(url, {"fields_shared": ["context"], "spaces": [other.pk]})
    assert response.status_code == 200 and "Outsiders&#x27; own" not in response.content.decode()
    assert not Card.objects.filter(spaces=other).exists()
    assert set(SpaceMember.objects.filter(space=other).values_list("organisation_id", flat=True)) == {
        world["c"].pk
    }
    # C's invitation to the space B has joined: B's owner cannot accept it for C.
    services.invite(world["space"], world["a"], world["c"], world["a_owner"][0])
    b_owner.post(f"/coordination/spaces/{world['space'].pk}/join/", {"organisation": world["c"].pk})
    assert SpaceMember.objects.get(space=world["space"], organisation=world["c"]).joined_at is None
    # The services refuse B's owner acting for A, whatever the caller.
    for call in (
        lambda: services.invite(world["space"], world["a"], world["c"], b_user),
        lambda: services.join(world["space"], world["a"], b_user),
        lambda: services.leave(world["space"], world["a"], b_user),
        lambda: services.create_space("Forged", "", world["a"], b_user),
        lambda: share(world, user=b_user),
    ):
        with pytest.raises(services.CoordinationError, match="only an owner"):
            call()
    assert SpaceMember.objects.filter(space=world["space"], organisation=world["a"]).exists()


def test_an_owner_of_one_compartment_cannot_share_or_withdraw_the_card_of_another_where_analyst(world):
    mixed, client = world["a_mixed"]
    url = f"/coordination/initiatives/{world['quiet'].pk}/card/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"fields_shared": ["context"], "spaces": [world["space"].pk]})
    assert response.status_code == 403 and not Card.objects.filter(initiative=world["quiet"]).exists()
    with pytest.raises(services.CoordinationError, match="only an owner"):
        share(world, initiative=world["quiet"], user=mixed)
    card = share(world, initiative=world["quiet"], user=world["a2_owner"][0])
    assert client.post(f"{url}withdraw/").status_code == 403
    with pytest.raises(services.CoordinationError, match="only an owner"):
        services.withdraw_card(card, mixed)
    assert card.spaces.count() == 1 and Card.objects.get(pk=card.pk).content


def test_nobody_leaves_for_an_organisation_they_do_not_own(world):
    space = world["space"]
    for role in ("editor", "analyst"):
        assert world[f"b_{role}"][1].post(f"/coordination/spaces/{space.pk}/leave/").status_code == 403
        assert world[f"b_{role}"][1].post(f"/coordination/spaces/{space.pk}/invite/").status_code == 403
    assert SpaceMember.objects.filter(space=space, organisation=world["b"], joined_at__isnull=False).exists()
    # An analyst of A who owns a compartment of C, in a space where A is and C is not.
    a_and_c, client = person("a-and-c", (world["a1"], "analyst"), (world["c1"], "owner"))
    assert client.post(f"/coordination/spaces/{space.pk}/leave/").status_code == 403
    assert (
        client.post(f"/coordination/spaces/{space.pk}/invite/", {"organisation": world["c"].pk}).status_code
        == 403
    )
    with pytest.raises(services.CoordinationError, match="only an owner"):
        services.leave(space, world["a"], a_and_c)
    assert SpaceMember.objects.filter(space=space, organisation=world["a"]).exists()
    assert not SpaceMember.objects.filter(space=space, organisation=world["c"]).exists()


def test_an_owner_in_two_organisations_cannot_share_one_organisations_card_where_only_the_other_joined(world):
    both, client = person("a-and-b", (world["a1"], "owner"), (world["b1"], "owner"))
    only_b = services.create_space("Valley only", "", world["b"], both)
    url = f"/coordination/initiatives/{world['initiative'].pk}/card/"
    form = client.get(url).content.decode()
    assert "Valley only" not in form and "Highlands coordination" in form
    response = client.post(url, {"fields_shared": ["context"], "spaces": [only_b.pk]})
    assert response.status_code == 200 and not Card.objects.filter(spaces=only_b).exists()
    with pytest.raises(services.CoordinationError, match="has not joined Valley only"):
        share(world, user=both, spaces=(only_b,))
    assert services.cards_in(only_b, world["b_analyst"][0]) == []


def test_no_page_or_api_lists_the_installations_organisations(world):
    """An invitation names the organisation exactly: nobody reads from Multitrack which organisations use
    it (the invite form of 13ea3f0 listed them all to every owner of a joined organisation)."""
    space = world["space"].pk
    services.invite(world["space"], world["a"], world["c"], world["a_owner"][0])
    for who in ("a_owner", "b_owner", "b_editor", "b_analyst", "c_owner"):
        client = world[who][1]
        for url in (f"/coordination/spaces/{space}/", "/coordination/", "/api/coordination/spaces"):
            text = client.get(url).content.decode()
            assert "Quiet Neighbours" not in text and "Neighbours desk" not in text, (who, url)


def test_withdrawing_takes_the_card_from_partners_and_forgets_what_it_showed(world):
    share(world, fields=("context", "contact", "label"))
    client = world["a_owner"][1]
    assert (
        client.post(f"/coordination/initiatives/{world['initiative'].pk}/card/withdraw/").status_code == 302
    )
    page, api = read(world["b_analyst"][1], world["space"])
    assert json.loads(api) == [] and CONTACT not in page and LABEL not in page
    card = Card.objects.get()
    assert card.content in ({}, []) and not card.spaces.exists() and card.shared_at is None


def test_the_audit_log_holds_no_card_text_and_each_side_sees_only_its_own(world):
    join_c(world)
    share(world, fields=("label", "contact", "target_groups", "context"))
    share(world, fields=("label", "contact"))  # an update
    services.withdraw_card(Card.objects.get(), world["a_owner"][0])
    services.leave(world["space"], world["c"], world["c_owner"][0])
    words = [LABEL, CONTACT, "women farmers", "Northern Highlands", TITLE, PARTICIPANT, "Valley Forum",
             "Outsiders", "Highlands coordination", "Who does what"]  # fmt: skip
    for entry in AuditEvent.objects.all():
        for word in words:
            assert word not in entry.summary, (entry.summary, word)
    cards = AuditEvent.objects.filter(object_type="coordination.card")
    assert cards.exists() and set(cards.values_list("compartment_id", flat=True)) == {world["a1"].pk}
    assert not AuditEvent.objects.for_user(world["b_owner"][0]).filter(object_type="coordination.card")
    a_log = world["a_owner"][1].get("/audit/").content.decode()
    assert "b-owner" not in a_log and "c-owner" not in a_log
    b_log = world["b_owner"][1].get("/audit/").content.decode()
    assert "a-owner" not in b_log and "Tessaly programmes" not in b_log


def test_the_raw_database_holds_no_card_text(world):
    share(world, fields=("label", "contact", "target_groups", "context", "period", "track"))
    share(world, initiative=world["b_initiative"], user=world["b_owner"][0], fields=("label", "contact"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT label, target_groups, contact, content FROM coordination_card")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
    for clear in (LABEL, CONTACT, "women farmers", "youth in the valley", "Northern Highlands", "2025-03-01"):
        assert clear not in raw, clear


# ---------------------------------------------------------------------------------------------------
# The landscape


def test_the_landscape_shows_no_partner_or_other_compartment_initiative(world):
    share(world)  # A's card in a space B has joined: still nothing of A on B's landscape
    context = world["context"].pk
    for role in ROLES:
        client = world[f"b_{role}"][1]
        page = client.get(f"/landscape/{context}/").content.decode()
        api = client.get(f"/api/landscape/contexts/{context}").content.decode()
        index = client.get("/landscape/").content.decode()
        for hidden in secrets_of_a(world):
            assert hidden not in page and hidden not in api and hidden not in index, (role, hidden)
        assert [i["title"] for i in json.loads(api)["initiatives"]] == ["Valley own work"]
    client = world["a1_analyst"][1]
    api = client.get(f"/api/landscape/contexts/{context}").json()
    assert [i["code"] for i in api["initiatives"]] == [world["initiative"].code]
    page = client.get(f"/landscape/{context}/").content.decode()
    assert QUIET_TITLE not in page and world["quiet"].code not in page and "Tessaly quiet desk" not in page
    assert world["c_analyst"][1].get(f"/api/landscape/contexts/{context}").json()["initiatives"] == []


def test_partner_cards_on_the_landscape_carry_only_the_ticked_fields_and_reach_only_joined_readers(world):
    share(world, fields=("context", "period", "label"))  # not ticked: contact, groups, format, objectives…
    context = world["context"].pk
    unticked = [CONTACT, "women farmers", "youth in the valley", "Problem-solving workshop",
                "problem_solving_workshop", "Transfer into Track One", "transfer_to_track_one",
                "Scholar-practitioner", "scholar_practitioner"]  # fmt: skip
    for role in ("owner", "editor", "analyst"):
        client = world[f"b_{role}"][1]
        page = client.get(f"/landscape/{context}/").content.decode()
        api = client.get(f"/api/landscape/contexts/{context}").content.decode()
        assert LABEL in page and LABEL in api and "Tessaly Centre" in api, role  # shared, as designed
        for hidden in [*secrets_of_a(world), *unticked]:
            assert hidden not in page and hidden not in api, (role, hidden)
    for who in ("b_funder", "c_owner", "c_analyst"):  # funders read no card; C is in no space with A
        client = world[who][1]
        page = client.get(f"/landscape/{context}/").content.decode()
        api = client.get(f"/api/landscape/contexts/{context}").content.decode()
        assert LABEL not in page and LABEL not in api and "Tessaly Centre" not in api, who
    services.leave(world["space"], world["a"], world["a_owner"][0])
    api = world["b_analyst"][1].get(f"/api/landscape/contexts/{context}").content.decode()
    assert LABEL not in api and "Tessaly Centre" not in api


# ---------------------------------------------------------------------------------------------------
# Holes


def test_raising_the_discretion_after_sharing_hides_the_card_from_partners(world):
    join_c(world)
    share(world, fields=("context", "period", "contact", "label"))
    response = edit_initiative(world["a_editor"][1], world["initiative"], discretion="secret")
    assert response.status_code == 302
    assert Initiative.objects.get(pk=world["initiative"].pk).discretion == "secret"
    for who in ("b_analyst", "c_owner"):
        page, api = read(world[who][1], world["space"])
        assert json.loads(api) == [] and CONTACT not in page and LABEL not in page, who
        land = world[who][1].get(f"/landscape/{world['context'].pk}/").content.decode()
        land_api = world[who][1].get(f"/api/landscape/contexts/{world['context'].pk}").content.decode()
        assert LABEL not in land and LABEL not in land_api and CONTACT not in land_api, who


def test_lowering_the_discretion_again_does_not_republish_an_old_card(world):
    share(world, fields=("context", "period", "contact"))
    editor = world["a_editor"][1]
    assert edit_initiative(editor, world["initiative"], discretion="confidential").status_code == 302
    assert services.cards_in(world["space"], world["b_analyst"][0]) == []
    world["initiative"].refresh_from_db()
    assert edit_initiative(editor, world["initiative"], discretion="discreet").status_code == 302
    assert Initiative.objects.get(pk=world["initiative"].pk).discretion == "discreet"
    assert services.cards_in(world["space"], world["b_analyst"][0]) == []
    assert world["b_analyst"][1].get(f"/api/coordination/spaces/{world['space'].pk}/cards").json() == []


def test_moving_an_initiative_to_another_organisation_withdraws_its_card(world):
    join_c(world)
    share(world, fields=("context", "period"))
    _both, client = person("a-and-b-editor", (world["a1"], "editor"), (world["b1"], "editor"))
    response = edit_initiative(client, world["initiative"], compartment=world["b1"].pk)
    assert response.status_code == 302
    assert Initiative.objects.get(pk=world["initiative"].pk).compartment_id == world["b1"].pk
    cards = world["c_analyst"][1].get(f"/api/coordination/spaces/{world['space'].pk}/cards").json()
    assert cards == []
    assert not Card.objects.get(initiative=world["initiative"]).spaces.exists()


def test_opening_a_space_does_not_reveal_that_another_organisation_has_one_of_that_name(world):
    response = world["c_owner"][1].post(
        "/coordination/", {"name": "Highlands coordination", "organisation": world["c"].pk}
    )
    assert "already called" not in response.content.decode()
    assert response.status_code == 302  # names unique per organisation: C gets its own space


def test_the_raw_database_holds_no_space_purpose(world):
    services.create_space(
        "Border group", "Coordinate quiet contacts with the Northern Front", world["a"], world["a_owner"][0]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT purpose FROM coordination_space")
        raw = " ".join(str(row[0]) for row in cursor.fetchall())
    assert "Northern Front" not in raw and "Who does what" not in raw


@pytest.mark.xfail(
    strict=True,
    reason="HOLE (medium, design): contexts have no organisation; the landscape index (and context list, "
    "initiative form, API) shows every context of the installation to every member of every organisation, "
    "so B reads the names of contexts only A works in. shared/DESIGN.md says each organisation has its "
    "contexts and sees nothing of another; docs/security.md calls contexts shared reference data.",
)
def test_the_landscape_does_not_list_a_context_only_another_organisation_works_in(world):
    quiet_context = f.context(name="Talks with the Northern Front")
    world["quiet"].context = quiet_context
    world["quiet"].save()
    index = world["b_analyst"][1].get("/landscape/").content.decode()
    assert "Talks with the Northern Front" not in index
    assert world["b_analyst"][1].get(f"/landscape/{quiet_context.pk}/").status_code == 404
