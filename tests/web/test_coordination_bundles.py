"""Cards carried between installations as signed bundles: export, pin, import, replace, revoke — and the
command line, with exact refusals."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.core.bundles import BundleError
from multitrack.web.accounts.models import Membership, Organisation
from multitrack.web.coordination import bundles, services
from multitrack.web.coordination.models import ExternalCard, SigningKey
from multitrack.web.coordination.overlaps import for_organisation
from tests import factories as f

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def sender():
    """Organisation A (as if on another installation) with two cards shared in its space."""
    a = Organisation.objects.create(name="A centre")
    compartment = f.compartment(organisation=a)
    user = get_user_model().objects.create_user("a-owner")
    Membership.objects.create(user=user, compartment=compartment, role="owner")
    context = f.context(name="Highlands")
    space = services.create_space("A's partners", "", a, user)
    fields = ["label", "context", "period", "format", "objectives", "contact"]
    cards = []
    for i, title in enumerate(("Valley talks", "Youth panel")):
        initiative = f.initiative(compartment=compartment, context=context, title=f"secret title {i}",
                                  start_date=date(2025, 1, 1), format="consultation")  # fmt: skip
        given = services.CardInput(fields, title, contact="desk@a.example.org", spaces=(space,))
        cards.append(services.share_card(initiative, given, user))
    return {"org": a, "space": space, "cards": cards, "user": user, "context": context}


def test_a_partner_pins_the_key_imports_and_later_imports_replace(sender, tmp_path):
    b = Organisation.objects.create(name="B forum")
    bundle = bundles.export(sender["org"], sender["space"])
    assert "secret title" not in json.dumps(bundle) and len(bundle["cards"]) == 2
    with pytest.raises(BundleError, match="not pinned here"):
        bundles.import_bundle(b, json.dumps(bundle))
    assert not ExternalCard.objects.exists()
    key = SigningKey.objects.get(organisation=sender["org"])
    bundles.trust(b, "A centre", key.public_key)
    received = bundles.import_bundle(b, json.dumps(bundle))
    assert str(received) == f"A centre ({key.fingerprint}): 2 card(s) added, 0 updated, 0 withdrawn"
    assert bundles.import_bundle(b, json.dumps(bundle)).added == 0  # idempotent
    services.withdraw_card(sender["cards"][1], sender["user"])
    again = bundles.import_bundle(b, json.dumps(bundles.export(sender["org"], sender["space"])))
    assert (again.added, again.updated, again.removed) == (0, 0, 1)
    (card,) = ExternalCard.objects.filter(organisation=b)
    assert card.content["label"] == "Valley talks"
    picture = for_organisation(sender["context"], b)
    assert [o.label for o in picture.offers] == ["Valley talks"]
    assert picture.offers[0].organisation == "A centre (another installation)"
    bundles.revoke(b, key.fingerprint)
    assert for_organisation(sender["context"], b).offers == []
    with pytest.raises(BundleError, match="not pinned here"):
        bundles.import_bundle(b, json.dumps(bundle))


def test_the_command_line_round_trip_and_its_refusals(sender, tmp_path):
    Organisation.objects.create(name="B forum")
    path = tmp_path / "a.json"
    exported = runner.invoke(app, ["coordination", "export", "--space", "A's partners", "-o", str(path),
                                   "--organisation", "A centre"])  # fmt: skip
    assert exported.exit_code == 0, exported.output
    key = runner.invoke(app, ["coordination", "key", "--organisation", "A centre"]).stdout
    public = key.split()[2]
    fingerprint = key.split()[4]
    assert exported.stdout == f"{path}: 2 card(s) of A centre, signed by {fingerprint}.\n"
    refused = runner.invoke(app, ["coordination", "import", str(path), "--organisation", "B forum"])
    assert refused.exit_code == 2 and refused.stderr == (
        f"Error: a.json: signed by a key that is not pinned here ({fingerprint}): check it with the partner, "
        "then `multitrack coordination trust`; nothing was imported\n"
    )
    pinned = runner.invoke(app, ["coordination", "trust", "A centre", public, "--organisation", "B forum"])
    assert pinned.stdout == f"Pinned A centre: fingerprint {fingerprint}.\n"
    altered = tmp_path / "altered.json"
    altered.write_text(path.read_text().replace("Valley talks", "Valley talk"), encoding="utf-8")
    bad = runner.invoke(app, ["coordination", "import", str(altered), "--organisation", "B forum"])
    assert bad.exit_code == 2 and bad.stderr == (
        "Error: altered.json: the signature does not match: the bundle was altered after it was signed; "
        "nothing was imported\n"
    )
    ok = runner.invoke(app, ["coordination", "import", str(path), "--organisation", "B forum"])
    assert (
        ok.exit_code == 0
        and ok.stdout == f"a.json: A centre ({fingerprint}): 2 card(s) added, 0 updated, 0 withdrawn\n"
    )
    assert (
        runner.invoke(app, ["coordination", "trust", "X", "nonsense", "--organisation", "B forum"]).exit_code
        == 2
    )


def test_the_private_key_and_received_cards_are_encrypted_at_rest(sender):
    from django.db import connection

    b = Organisation.objects.create(name="B forum")
    bundle = bundles.export(sender["org"], sender["space"])
    key = SigningKey.objects.get(organisation=sender["org"])
    bundles.trust(b, "A centre", key.public_key)
    bundles.import_bundle(b, json.dumps(bundle))
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM coordination_signingkey")
        (raw_key,) = cursor.fetchone()
        cursor.execute("SELECT content FROM coordination_externalcard")
        raw_cards = " ".join(row[0] for row in cursor.fetchall())
    assert key.private_key not in raw_key and raw_key.startswith("v1.")
    assert "Valley talks" not in raw_cards and "desk@a.example.org" not in raw_cards
