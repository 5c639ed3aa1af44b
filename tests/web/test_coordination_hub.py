"""This installation as a hub: partner organisations push and pull signed bundles with their own tokens."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.core import bundles as signing
from multitrack.web.accounts.models import Membership, Organisation
from multitrack.web.audit.models import AuditEvent
from multitrack.web.coordination import hub
from multitrack.web.coordination.models import HubBundle, HubToken, Space, SpaceMember
from tests import factories as f

pytestmark = pytest.mark.django_db


def partner(name: str, space: Space, joined: bool = True):
    """A partner organisation registered on the hub: its key (kept by the partner) and its hub token."""
    org = Organisation.objects.create(name=name)
    SpaceMember.objects.create(space=space, organisation=org, joined_at=timezone.now() if joined else None)
    private = signing.new_private_key()
    _row, token = hub.issue_token(org, "hub", signing.public_key_of(private))
    return {"org": org, "private": private, "token": token}


def signed(p, label: str) -> str:
    payload = {"organisation": p["org"].name, "created_at": "2026-12-07",
               "cards": [{"id": label, "fields": {"label": label}}]}  # fmt: skip
    return json.dumps(signing.sign(p["private"], payload))


@pytest.fixture
def world():
    host = Organisation.objects.create(name="Hub host")
    space = Space.objects.create(name="Regional coordination", created_by=host)
    return {"space": space, "a": partner("A centre", space), "b": partner("B forum", space),
            "c": partner("C invited", space, joined=False)}  # fmt: skip


def api(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_partners_push_and_pull_each_others_signed_bundles(world):
    url = f"/api/hub/spaces/{world['space'].pk}"
    a, b = api(world["a"]["token"]), api(world["b"]["token"])
    pushed = a.post(f"{url}/bundle", signed(world["a"], "Valley talks"), content_type="application/json")
    assert pushed.status_code == 200 and pushed.json() == {"space": world["space"].pk, "cards": 1}
    pulled = b.get(f"{url}/bundles").json()
    assert len(pulled) == 1 and pulled[0]["cards"][0]["fields"]["label"] == "Valley talks"
    key = signing.public_key_of(world["a"]["private"])
    assert signing.verify(json.dumps(pulled[0]), {signing.fingerprint(key): key}).organisation == "A centre"
    assert a.get(f"{url}/bundles").json() == []  # one's own bundle is not pulled back
    a.post(f"{url}/bundle", signed(world["a"], "Valley talks, round 2"), content_type="application/json")
    assert [x["cards"][0]["id"] for x in b.get(f"{url}/bundles").json()] == ["Valley talks, round 2"]
    assert {e.action for e in AuditEvent.objects.filter(object_type="coordination.space")} >= {
        "import",
        "export",
    }


def test_a_push_must_be_signed_with_the_tokens_key_and_unaltered(world):
    url = f"/api/hub/spaces/{world['space'].pk}/bundle"
    a = api(world["a"]["token"])
    as_b = a.post(url, signed(world["b"], "forged"), content_type="application/json")
    assert as_b.status_code == 400 and "not pinned here" in as_b.json()["detail"]
    altered = json.loads(signed(world["a"], "x"))
    altered["cards"][0]["fields"]["label"] = "y"
    bad = a.post(url, json.dumps(altered), content_type="application/json")
    assert bad.status_code == 400 and "the signature does not match" in bad.json()["detail"]
    assert not HubBundle.objects.exists()


def test_tokens_are_kept_hashed_scoped_to_joined_spaces_and_revocable(world):
    url = f"/api/hub/spaces/{world['space'].pk}/bundles"
    assert api(world["c"]["token"]).get(url).status_code == 404  # invited, not joined
    assert api("mth_not-a-token").get(url).status_code == 401
    assert Client().get(url).status_code == 401
    user = get_user_model().objects.create_user("member")
    Membership.objects.create(
        user=user, compartment=f.compartment(organisation=world["a"]["org"]), role="owner"
    )
    session = Client()
    session.force_login(user)
    assert session.get(url).status_code == 401  # a login session is not a hub token
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM coordination_hubtoken")
        stored = [row[0] for row in cursor.fetchall()]
    assert world["a"]["token"] not in stored and len(stored[0]) == 64
    row = HubToken.objects.get(organisation=world["a"]["org"])
    assert api(world["a"]["token"]).get(url).status_code == 200
    assert HubToken.objects.get(pk=row.pk).last_used_at is not None
    hub.revoke_token(row.pk)
    assert api(world["a"]["token"]).get(url).status_code == 401


def test_the_command_line_issues_lists_and_revokes_tokens(world):
    runner = CliRunner()
    key = signing.public_key_of(signing.new_private_key())
    made = runner.invoke(app, ["coordination", "token-create", "--organisation", "B forum",
                               "--public-key", key, "--label", "B's server"])  # fmt: skip
    assert made.exit_code == 0 and "shown this once" in made.stdout
    token = made.stdout.strip().splitlines()[-1]
    assert api(token).get(f"/api/hub/spaces/{world['space'].pk}/bundles").status_code == 200
    listing = runner.invoke(app, ["coordination", "token-list"]).stdout
    assert "B forum · B's server" in listing and token not in listing
    token_id = HubToken.objects.get(label="B's server").pk
    assert runner.invoke(app, ["coordination", "token-revoke", str(token_id)]).exit_code == 0
    assert api(token).get(f"/api/hub/spaces/{world['space'].pk}/bundles").status_code == 401
    bad = runner.invoke(
        app, ["coordination", "token-create", "--organisation", "B forum", "--public-key", "x"]
    )
    assert bad.exit_code == 2 and "not an Ed25519 public key" in bad.stderr


@pytest.mark.django_db(transaction=True)
def test_push_and_pull_over_http_with_the_command_line(live_server, tmp_path):
    host = Organisation.objects.create(name="Hub host")
    space = Space.objects.create(name="Regional coordination", created_by=host)
    a, b = partner("A centre", space), partner("B forum", space)
    bundle = tmp_path / "a.json"
    bundle.write_text(signed(a, "Valley talks"), encoding="utf-8")
    runner = CliRunner()
    pushed = runner.invoke(app, ["coordination", "push", live_server.url, "--space-id", str(space.pk),
                                 "--bundle", str(bundle), "--token", a["token"]])  # fmt: skip
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout == f"Pushed 1 card(s) to space {space.pk} of {live_server.url}.\n"
    # B pulls before pinning A's key: the bundle is refused, nothing imported
    pull = ["coordination", "pull", live_server.url, "--space-id", str(space.pk), "--token", b["token"],
            "--organisation", "B forum"]  # fmt: skip
    refused = runner.invoke(app, pull)
    assert refused.exit_code == 1 and "refused a bundle from A centre: signed by a key" in refused.stdout
    from multitrack.web.coordination.bundles import trust
    from multitrack.web.coordination.models import ExternalCard

    trust(b["org"], "A centre", signing.public_key_of(a["private"]))
    pulled = runner.invoke(app, pull)
    assert pulled.exit_code == 0 and "1 card(s) added" in pulled.stdout
    assert ExternalCard.objects.get(organisation=b["org"]).content == {"label": "Valley talks"}
    wrong = runner.invoke(app, [*pull[:5], "--token", "mth_nope", "--organisation", "B forum"])
    assert wrong.exit_code == 1 and "the hub answered 401" in wrong.stderr
