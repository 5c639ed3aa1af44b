"""`multitrack coordination overlaps CONTEXT [--organisation ORG] [--json]`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.accounts.models import Membership, Organisation
from multitrack.web.coordination import services
from tests import factories as f

pytestmark = pytest.mark.django_db
runner = CliRunner()


def owner(org: Organisation):
    compartment = f.compartment(organisation=org)
    user = get_user_model().objects.create_user(f"owner-{org.pk}")
    Membership.objects.create(user=user, compartment=compartment, role="owner")
    return user, compartment


def test_overlaps_as_one_organisation_sees_them():
    a, b = Organisation.objects.create(name="A centre"), Organisation.objects.create(name="B forum")
    (ua, ca), (ub, cb) = owner(a), owner(b)
    context = f.context(name="Highlands")
    ours = f.initiative(compartment=ca, context=context, start_date=date(2024, 1, 1), format="consultation",
                        objectives=["link_track_three_to_one"])  # fmt: skip
    theirs = f.initiative(compartment=cb, context=context, start_date=date(2024, 6, 1), format="consultation",
                          objectives=["link_track_three_to_one"], title="B's title")  # fmt: skip
    space = services.create_space("Highlands", "", a, ua)
    services.invite(space, a, b, ua)
    services.join(space, b, ub)
    fields = ["label", "context", "period", "format", "objectives"]
    services.share_card(theirs, services.CardInput(fields, "Youth panel", spaces=(space,)), ub)
    result = runner.invoke(
        app, ["coordination", "overlaps", "Highlands", "--organisation", "A centre", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["context"] == "Highlands" and data["organisation"] == "A centre"
    (o,) = data["overlaps"]
    assert {o["a"]["label"], o["b"]["label"]} == {ours.code, "Youth panel"}
    assert "the same format: Consultation" in o["reasons"] and "B's title" not in result.stdout
    assert data["gaps"]["tracks"]  # the tracks neither works on
    text = runner.invoke(app, ["coordination", "overlaps", "Highlands", "--organisation", "A centre"]).stdout
    assert text.startswith("Highlands, as A centre sees it: 2 initiatives\n- ")
    several = runner.invoke(app, ["coordination", "overlaps", "Highlands"])
    assert several.exit_code == 2 and "say which with --organisation" in several.stderr
    assert runner.invoke(app, ["coordination", "overlaps", "Nowhere"]).exit_code == 2
