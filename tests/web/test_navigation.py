"""The main navigation (base.html, accounts/context_processors.navigation): five groups, each link offered
to the roles that can use it, the page being shown marked current."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests import factories as f
from tests.conftest import client_with_role

pytestmark = pytest.mark.django_db

GROUPS = ["Registry", "Maps and data", "Evaluation", "Safeguards", "Help"]


def nav(client: Client, url: str = "/") -> dict[str, list[str]]:
    """Group title → its links' labels, as the page shows them; the current link starred."""
    html = client.get(url).content.decode()
    body = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    groups: dict[str, list[str]] = {}
    for title, items in re.findall(r'<p class="nav-group-title"[^>]*>([^<]+)</p>(.*?)</ul>', body, re.S):
        groups[title] = [
            ("*" if current else "") + label
            for current, label in re.findall(r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', items)
        ]
    return groups


def test_an_owner_is_offered_every_page_in_five_groups():
    groups = nav(client_with_role("owner", f.default_compartment()))
    assert list(groups) == GROUPS
    assert groups["Registry"] == ["Contexts", "Actors", "Initiatives", "Relationships", "Documents"]
    assert groups["Maps and data"] == ["Networks", "Conflict maps", "Conflicts per year", "Landscape"]
    evaluation = ["Theories of change", "Indicators", "Outcomes", "Consultations", "Inclusion"]
    assert groups["Evaluation"] == evaluation
    assert groups["Safeguards"] == ["Screening", "Coordination", "Compartments", "Audit log"]
    assert groups["Help"] == ["Glossary", "API"]


def test_an_analyst_is_not_offered_the_audit_log():
    groups = nav(client_with_role("analyst", f.default_compartment()))
    assert groups["Safeguards"] == ["Screening", "Coordination", "Compartments"]


def test_a_funder_is_offered_only_what_a_funder_can_read():
    groups = nav(client_with_role("funder", f.default_compartment()))
    assert list(groups) == GROUPS
    assert groups["Registry"] == ["Contexts", "Actors", "Initiatives", "Relationships"]
    assert groups["Maps and data"] == ["Conflicts per year", "Landscape"]
    assert groups["Evaluation"] == ["Inclusion"]
    assert groups["Safeguards"] == ["Sanctions lists", "Compartments"]


def test_the_page_being_shown_is_marked_in_its_group():
    client = client_with_role("owner", f.default_compartment())
    initiative = f.initiative()
    assert nav(client, initiative.get_absolute_url())["Registry"][2] == "*Initiatives"
    indicators = nav(client, "/evaluation/indicators/")
    assert indicators["Evaluation"][1] == "*Indicators"
    assert sum(label.startswith("*") for labels in indicators.values() for label in labels) == 1
    assert not any(label.startswith("*") for labels in nav(client, "/").values() for label in labels)


def test_no_navigation_before_logging_in():
    html = Client().get("/accounts/login/").content.decode()
    assert 'aria-label="Main"' not in html and "nav-menu" not in html


def test_error_pages_keep_the_layout_and_say_what_happened(settings):
    settings.DEBUG = False
    client = client_with_role("analyst", f.default_compartment())
    missing = client.get("/initiatives/999999/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "<title>Not found · Multitrack</title>" in html and 'aria-label="Main"' in html
    assert "compartment you are not a member of" in html
    # An analyst may not create: refused with the page that says so.
    refused = client.get("/initiatives/new/")
    assert refused.status_code == 403
    assert "<title>Not allowed · Multitrack</title>" in refused.content.decode()
