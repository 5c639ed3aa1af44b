"""`multitrack organisation add|rename|list` and `compartment add --organisation`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.accounts.models import DEFAULT_ORGANISATION, Compartment, Organisation

pytestmark = pytest.mark.django_db
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_organisations_hold_compartments():
    assert run("compartment", "add", "Highlands desk").exit_code == 0
    assert Compartment.objects.get(name="Highlands desk").organisation.name == DEFAULT_ORGANISATION
    renamed = run("organisation", "rename", DEFAULT_ORGANISATION, "Tessaly Centre")
    assert renamed.stdout == f"Organisation {DEFAULT_ORGANISATION} is now Tessaly Centre.\n"
    assert run("organisation", "add", "Valley Forum").stdout == "Created organisation Valley Forum.\n"
    assert run("organisation", "add", "Valley Forum").stdout == "Already there: organisation Valley Forum.\n"
    added = run("compartment", "add", "Valley programmes", "--organisation", "Valley Forum")
    assert added.exit_code == 0 and Compartment.objects.get(name="Valley programmes").organisation.name == (
        "Valley Forum"
    )
    assert run("organisation", "list").stdout == (
        "Tessaly Centre: Highlands desk\nValley Forum: Valley programmes\n"
    )


def test_refusals():
    missing = run("compartment", "add", "X", "--organisation", "Nobody")
    assert missing.exit_code == 2 and "no organisation 'Nobody'" in missing.stderr
    Organisation.objects.create(name="A")
    Organisation.objects.create(name="B")
    clash = run("organisation", "rename", "A", "B")
    assert clash.exit_code == 2 and "an organisation is already called 'B'" in clash.stderr
    run("compartment", "add", "Desk", "--organisation", "A")
    moved = run("compartment", "add", "Desk", "--organisation", "B")
    assert moved.exit_code == 2 and "compartment Desk belongs to A, not B" in moved.stderr
