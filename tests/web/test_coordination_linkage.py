"""Participants in common across organisations, without names: the space's secret, submissions of
encodings, suppressed counts — and what neither the pages nor the database give away."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from multitrack.web.accounts.models import Membership, Organisation
from multitrack.web.audit.models import AuditEvent
from multitrack.web.coordination import linkage, services
from multitrack.web.coordination.models import LinkageSubmission
from tests import factories as f

pytestmark = pytest.mark.django_db
SHARED = ["Amina Yusuf", "Brahim Oumar", "Chantal Mbeki", "Daoud Haroun", "Esther Nkemelu", "Fatou Diallo"]


def org_with(name: str, people: list[str], role: str = "owner"):
    org = Organisation.objects.create(name=name)
    compartment = f.compartment(organisation=org)
    user = get_user_model().objects.create_user(f"{name}-{role}", password="a-long-test-password")
    Membership.objects.create(user=user, compartment=compartment, role=role)
    initiative = f.initiative(compartment=compartment, title=f"{name} dialogue")
    for person in people:
        f.participate(initiative, f.actor(name=person, compartment=compartment, gender="woman"))
    return org, user, initiative


@pytest.fixture
def space():
    a, ua, ia = org_with("A centre", [*SHARED, "Only In A"])
    b, ub, ib = org_with("B forum", [*SHARED[:5], "Only In B"])
    s = services.create_space("Highlands", "", a, ua)
    services.invite(s, a, b, ua)
    services.join(s, b, ub)
    for initiative, user, label in ((ia, ua, "A's talks"), (ib, ub, "B's panel")):
        services.share_card(initiative, services.CardInput(["label"], label, spaces=(s,)), user)
    return {"space": s, "a": a, "b": b, "ua": ua, "ub": ub}


def test_counts_of_persons_in_common_and_nothing_else(space):
    s = space["space"]
    with pytest.raises(services.CoordinationError, match="has no linkage secret yet"):
        linkage.submit(s, space["a"], space["ua"])
    with pytest.raises(services.CoordinationError, match="only an owner of one of A centre"):
        linkage.set_secret(s, space["ub"])  # only the opening organisation sets it
    linkage.set_secret(s, space["ua"])
    assert linkage.submit(s, space["a"], space["ua"]) == 7
    assert linkage.shared_persons(s, space["ua"]) is None  # one organisation alone: nothing to count
    assert linkage.submit(s, space["b"], space["ub"]) == 6
    shared = linkage.shared_persons(s, space["ub"])
    assert shared.pairs() == [("A centre: A's talks", "B forum: B's panel", 5)]
    rows = shared.report.bands.to_rows()
    assert rows[1][:3] == ["2", "0", "5"]  # five persons in 2 initiatives of 2 organisations
    client = Client()
    client.force_login(space["ub"])
    page = client.get(f"/coordination/spaces/{s.pk}/").content.decode()
    assert "A centre: A&#x27;s talks and B forum: B&#x27;s panel: 5" in page
    for name in (*SHARED, "Only In A"):
        assert name not in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT encodings, initiatives FROM coordination_linkagesubmission")
        raw = b" ".join(bytes(e) + str(i).encode() for e, i in cursor.fetchall())
        cursor.execute("SELECT linkage_secret FROM coordination_space")
        (secret_at_rest,) = cursor.fetchone()
    assert all(name.encode() not in raw for name in SHARED) and s.linkage_secret not in secret_at_rest
    assert all(name not in e.summary for e in AuditEvent.objects.all() for name in SHARED)


def test_small_counts_are_suppressed_and_rotation_discards_old_encodings(space):
    s = space["space"]
    linkage.set_secret(s, space["ua"])
    c, uc, ic = org_with("C group", SHARED[:2])
    services.invite(s, space["a"], c, space["ua"])
    services.join(s, c, uc)
    services.share_card(ic, services.CardInput(["label"], "C's circle", spaces=(s,)), uc)
    for org, user in ((space["a"], space["ua"]), (space["b"], space["ub"]), (c, uc)):
        linkage.submit(s, org, user)
    pairs = {frozenset((a, b)): n for a, b, n in linkage.shared_persons(s, space["ua"]).pairs()}
    assert pairs[frozenset(("A centre: A's talks", "C group: C's circle"))] is None  # 2 < 5: suppressed
    linkage.set_secret(s, space["ua"])  # rotation
    assert not LinkageSubmission.objects.exists() and linkage.shared_persons(s, space["ua"]) is None


def test_who_may_see_or_submit(space):
    s = space["space"]
    linkage.set_secret(s, space["ua"])
    b_analyst = get_user_model().objects.create_user("b-analyst")
    Membership.objects.create(user=b_analyst, compartment=space["b"].compartments.get(), role="analyst")
    with pytest.raises(services.CoordinationError, match="only an owner"):
        linkage.submit(s, space["b"], b_analyst)
    _org, outsider, _i = org_with("D outside", SHARED)
    assert linkage.shared_persons(s, outsider) is None
    client = Client()
    client.force_login(outsider)
    assert client.post(f"/coordination/spaces/{s.pk}/linkage/submit/").status_code == 404


def test_the_command_line_prints_the_same_counts(space):
    import json

    from typer.testing import CliRunner

    from multitrack.cli import app

    s = space["space"]
    linkage.set_secret(s, space["ua"])
    linkage.submit(s, space["a"], space["ua"])
    runner = CliRunner()
    early = runner.invoke(
        app, ["coordination", "shared-persons", "--space", "Highlands", "--organisation", "B forum"]
    )
    assert early.exit_code == 1 and "nothing to count yet" in early.stderr
    linkage.submit(s, space["b"], space["ub"])
    result = runner.invoke(
        app, ["coordination", "shared-persons", "--space", "Highlands", "--organisation", "B forum", "--json"]
    )
    data = json.loads(result.stdout)
    assert data["pairs"] == [{"a": "A centre: A's talks", "b": "B forum: B's panel", "persons": 5}]
    assert data["min_cell"] == 5 and data["bands"]["columns"] == ["1", "2", "3+", "Total"]
    assert not any(name in result.stdout for name in SHARED)


def test_encodings_travel_between_installations_signed_and_under_the_same_secret(tmp_path):
    """A and B stand for two installations: each has its own space; they agree a secret out of band."""
    import json

    from typer.testing import CliRunner

    from multitrack.cli import app
    from multitrack.web.coordination import bundles

    a, ua, ia = org_with("A centre", [*SHARED, "Only In A"])
    b, ub, ib = org_with("B forum", [*SHARED[:5], "Only In B"])
    spaces = {}
    for org, user, initiative, label in ((a, ua, ia, "A's talks"), (b, ub, ib, "B's panel")):
        spaces[org.name] = services.create_space("Highlands", "", org, user)
        services.share_card(
            initiative, services.CardInput(["label"], label, spaces=(spaces[org.name],)), user
        )
    runner = CliRunner()
    made = runner.invoke(
        app, ["coordination", "linkage-secret", "--space", "Highlands", "--organisation", "A centre"]
    )
    secret = made.stdout.strip().splitlines()[-1]
    assert made.exit_code == 0 and len(secret) == 64
    same = [
        "coordination",
        "linkage-secret",
        "--space",
        "Highlands",
        "--organisation",
        "B forum",
        "--secret",
        secret,
    ]
    assert runner.invoke(app, same).exit_code == 0
    for org in ("A centre", "B forum"):
        out = runner.invoke(
            app, ["coordination", "submit-participants", "--space", "Highlands", "--organisation", org]
        )
        assert out.exit_code == 0 and "encoded and submitted" in out.stdout
    enc = tmp_path / "a-enc.json"
    assert runner.invoke(app, ["coordination", "encodings-export", "--space", "Highlands", "-o", str(enc),
                               "--organisation", "A centre"]).exit_code == 0  # fmt: skip
    assert not any(name in enc.read_text() for name in SHARED)
    imp = ["coordination", "encodings-import", str(enc), "--space", "Highlands", "--organisation", "B forum"]
    refused = runner.invoke(app, imp)
    assert refused.exit_code == 2 and "not pinned here" in refused.stderr
    bundles.trust(b, "A centre", bundles.signing_key(a).public_key)
    bundles.import_bundle(b, json.dumps(bundles.export(a, spaces["A centre"])))  # A's cards, for their labels
    received = runner.invoke(app, imp)
    assert received.stdout == "a-enc.json: 7 encoded participations received.\n", received.output
    space_b = spaces["B forum"]
    space_b.refresh_from_db()  # its secret was set by the command line
    shared = linkage.shared_persons(space_b, ub)
    assert shared.pairs() == [("A centre: A's talks", "B forum: B's panel", 5)]
    assert shared.organisations == ["B forum", "A centre (another installation)"]
    # a rotated secret on B's side: A's encodings no longer count, and new ones of the old key are refused
    linkage.set_secret(space_b, ub)
    assert (
        runner.invoke(app, imp).exit_code == 2
        and "not of Highlands's current secret" in runner.invoke(app, imp).stderr
    )
