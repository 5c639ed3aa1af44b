"""`multitrack createuser --compartment`, `member set|remove`: the same rules as the members page (the
accounts app's services), with one-line refusals."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.accounts.models import Compartment, Membership
from multitrack.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
runner = CliRunner()
PASSWORD = "a-long-test-password"


def run(*args: str):
    return runner.invoke(app, list(args))


def roles(compartment: str) -> dict[str, str]:
    return dict(
        Membership.objects.filter(compartment__name=compartment).values_list("user__username", "role")
    )


def test_createuser_gives_a_role_and_member_set_replaces_it():
    made = run("createuser", "amal", "--password", PASSWORD, "--compartment", "Desk", "--role", "editor")
    assert made.exit_code == 0 and made.stdout == "Created user amal.\namal is editor in Desk.\n"
    run("createuser", "boris", "--password", PASSWORD, "--compartment", "Desk")
    assert roles("Desk") == {"amal": "editor", "boris": "owner"}
    changed = run("member", "set", "amal", "Desk", "analyst")
    assert changed.exit_code == 0 and changed.stdout == "amal is analyst in Desk.\n"
    assert roles("Desk") == {"amal": "analyst", "boris": "owner"}
    assert AuditEvent.objects.filter(summary__contains="analyst").exists()  # changes are audited


def test_refusals_change_nothing():
    run("createuser", "boris", "--password", PASSWORD, "--compartment", "Desk")
    before = roles("Desk")
    bad_role = run("createuser", "carla", "--password", PASSWORD, "--compartment", "Desk", "--role", "chief")
    assert bad_role.exit_code == 2 and bad_role.stderr == (
        "Error: unknown role 'chief'; expected one of: owner, editor, analyst, funder\n"
    )
    assert not get_user_model().objects.filter(username="carla").exists()
    weak = run("createuser", "carla", "--password", "short")
    assert weak.exit_code == 2 and weak.stderr.startswith("Error: password rejected: ")
    assert run("member", "set", "boris", "Desk", "chief").exit_code == 2
    assert "no user named 'nobody'" in run("member", "set", "nobody", "Desk", "owner").stderr
    assert "no compartment named 'Attic'" in run("member", "set", "boris", "Attic", "owner").stderr
    assert run("member", "remove", "nobody", "Desk").stderr == "Error: nobody has no role in Desk\n"
    assert roles("Desk") == before


def test_the_last_owner_stays_whichever_shell_asks():
    run("createuser", "boris", "--password", PASSWORD, "--compartment", "Desk")
    last = run("member", "remove", "boris", "Desk")
    assert last.exit_code == 2 and last.stderr == "Error: A compartment keeps at least one owner.\n"
    run("createuser", "amal", "--password", PASSWORD, "--compartment", "Desk")
    assert run("member", "remove", "boris", "Desk").stdout == "boris removed from Desk.\n"
    assert roles("Desk") == {"amal": "owner"}
    # the members page applies the same rule
    client = Client()
    client.force_login(get_user_model().objects.get(username="amal"))
    desk = Compartment.objects.get(name="Desk")
    membership = Membership.objects.get(compartment=desk)
    page = client.post(f"/accounts/compartments/{desk.pk}/members/{membership.pk}/remove/", follow=True)
    assert "A compartment keeps at least one owner." in page.content.decode()
    assert roles("Desk") == {"amal": "owner"}
