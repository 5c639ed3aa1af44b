"""The authorization matrix: every URL of the web app and the API, for every role, on an object inside
and outside the user's compartments. A URL that has no entry here fails the suite.

Inside the compartment a role gets what its capabilities allow; outside, every object answers 404
(never 403), so that a user cannot learn that something exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from multitrack.core.screening.entries import ListedName, ListEntry, ParsedList
from multitrack.web.accounts.access import CompartmentViewer
from multitrack.web.accounts.models import Membership
from multitrack.web.accounts.roles import Role
from multitrack.web.conflictmaps.models import DnhFactor, MapContributor
from multitrack.web.consultations.models import Consultation
from multitrack.web.consultations.services import actions
from multitrack.web.evaluation.models import (
    Indicator,
    Measurement,
    Outcome,
    Substantiation,
    Target,
    TocLink,
    TocNote,
)
from multitrack.web.evaluation.services.tracing import trace_document
from multitrack.web.inclusion.models import PersonAttribute, ReferenceLine
from multitrack.web.registry.models import Document, MeetingNote, TrackOverride
from multitrack.web.screening.models import EngagementRecord, ListedEntity, ScreeningDecision, ScreeningHit
from multitrack.web.screening.services.lists import store
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = ("owner", "editor", "analyst", "funder")
W = {"owner": 200, "editor": 200, "analyst": 403, "funder": 403}  # create forms: no object to hide
ALL_200 = dict.fromkeys(ROLES, 200)
ROWS = {"owner": 200, "editor": 200, "analyst": 200, "funder": 404}
WRITE = {"owner": 200, "editor": 200, "analyst": 404, "funder": 404}
WRITE_POST = {"owner": 302, "editor": 302, "analyst": 404, "funder": 404}
REVEAL = {"owner": 200, "editor": 200, "analyst": 404, "funder": 404}
MANAGE = {"owner": 200, "editor": 404, "analyst": 404, "funder": 404}
OWNER_ONLY = {"owner": 200, "editor": 403, "analyst": 403, "funder": 403}  # the organisation's settings
MANAGE_POST = {"owner": 302, "editor": 404, "analyst": 404, "funder": 404}
# Coordination: spaces belong to organisations (not to a compartment); only owners act for an organisation.
ROWS403 = {"owner": 200, "editor": 200, "analyst": 200, "funder": 403}
OWNER_POST = {"owner": 302, "editor": 403, "analyst": 403, "funder": 404}
OWNER_POST_403 = {"owner": 302, "editor": 403, "analyst": 403, "funder": 403}


@dataclass
class Case:
    """How to call one URL: its path built from a scene, the method, the body, the expected codes."""

    path: Any  # callable(scene) -> str
    expect: dict[str, int]
    method: str = "get"
    data: Any = None  # callable(scene) -> dict, or a dict
    scoped: bool = True  # does the URL name an object that belongs to a compartment?
    json: bool = False
    outside: dict[str, int] = field(default_factory=dict)


def _ini(s: dict[str, Any]) -> int:
    return s["initiative"].pk


def _con(s: dict[str, Any]) -> int:
    return s["consultation"].pk


# Consultations: inside the compartment, a role without the capability is refused (403), as `require` does.
R403 = {"owner": 200, "editor": 200, "analyst": 200, "funder": 403}
W403 = {"owner": 200, "editor": 200, "analyst": 403, "funder": 403}
W403_POST = {"owner": 302, "editor": 302, "analyst": 403, "funder": 403}
# Track One figures before any import: "no data yet, run `multitrack import …`", to every member alike.
NO_DATA = {"owner": 404, "editor": 404, "analyst": 404, "funder": 404}
# The participant's pages: the card's token is the credential, whoever is logged in (or not).
PARTICIPANT = {"scoped": False}


MATRIX: dict[str, Case] = {
    "healthz": Case(lambda s: "/healthz", ALL_200, scoped=False),
    "login": Case(lambda s: "/accounts/login/", dict.fromkeys(ROLES, 302), scoped=False),
    "logout": Case(lambda s: "/accounts/logout/", dict.fromkeys(ROLES, 302), method="post", scoped=False),
    "password_change": Case(lambda s: "/accounts/password/", ALL_200, scoped=False),
    "compartment_list": Case(lambda s: "/accounts/compartments/", ALL_200, scoped=False),
    "compartment_members": Case(lambda s: f"/accounts/compartments/{s['compartment'].pk}/members/", MANAGE),
    "compartment_member_remove": Case(
        lambda s: f"/accounts/compartments/{s['compartment'].pk}/members/{s['membership'].pk}/remove/",
        MANAGE_POST,
        method="post",
    ),
    "registry:home": Case(lambda s: "/", ALL_200, scoped=False),
    "registry:glossary": Case(lambda s: "/glossary/", ALL_200, scoped=False),
    "registry:funder_view": Case(lambda s: f"/compartments/{s['compartment'].pk}/aggregates/", ALL_200),
    "registry:context_list": Case(lambda s: "/contexts/", ALL_200, scoped=False),
    "registry:context_create": Case(lambda s: "/contexts/new/", W, scoped=False),
    "registry:context_detail": Case(lambda s: f"/contexts/{s['context'].pk}/", ALL_200, scoped=False),
    "registry:context_update": Case(lambda s: f"/contexts/{s['context'].pk}/edit/", W, scoped=False),
    "registry:actor_list": Case(lambda s: "/actors/", ALL_200, scoped=False),
    "registry:actor_create": Case(lambda s: "/actors/new/", W, scoped=False),
    # finding actors as one types: whoever reads rows somewhere (what is found is theirs: test_lookup.py)
    "registry:actor_lookup": Case(lambda s: "/actors/lookup/?q=P-", ROWS, scoped=False),
    "registry:actor_detail": Case(lambda s: f"/actors/{s['person'].pk}/", ROWS),
    "registry:actor_update": Case(lambda s: f"/actors/{s['person'].pk}/edit/", WRITE),
    "registry:actor_add_to_event": Case(
        lambda s: f"/actors/{s['person'].pk}/add-to-event/",
        WRITE_POST,
        method="post",
        data=lambda s: {"event": s["event"].pk, "role": "observer", "attended": "on"},
    ),
    "registry:actor_reveal": Case(lambda s: f"/actors/{s['person'].pk}/reveal/", REVEAL, method="post"),
    "registry:initiative_list": Case(lambda s: "/initiatives/", ALL_200, scoped=False),
    "registry:initiative_create": Case(lambda s: "/initiatives/new/", W, scoped=False),
    "registry:initiative_detail": Case(lambda s: f"/initiatives/{_ini(s)}/", ALL_200),
    "registry:initiative_update": Case(lambda s: f"/initiatives/{_ini(s)}/edit/", WRITE),
    "registry:initiative_override": Case(
        lambda s: f"/initiatives/{_ini(s)}/override/",
        WRITE_POST,
        method="post",
        data={"track": "1.5", "reason": "Advisers report to the cabinet."},
    ),
    "registry:override_withdraw": Case(
        lambda s: f"/initiatives/{_ini(s)}/override/withdraw/", WRITE_POST, method="post"
    ),
    "registry:event_create": Case(lambda s: f"/initiatives/{_ini(s)}/events/new/", WRITE),
    "registry:participation_new_person": Case(
        lambda s: f"/initiatives/{_ini(s)}/participants/new-person/",
        WRITE_POST,
        method="post",
        data={"new-name": "Someone New", "new-official_status": "unofficial", "new-role": "observer"},
    ),
    "registry:attendance": Case(lambda s: f"/initiatives/{_ini(s)}/attendance/", WRITE),
    "registry:participation_add": Case(
        lambda s: f"/initiatives/{_ini(s)}/participants/add/",
        WRITE_POST,
        method="post",
        data=lambda s: {"actor": s["org"].pk, "role": "observer"},
    ),
    "registry:participation_update": Case(lambda s: f"/participations/{s['participation'].pk}/edit/", WRITE),
    "registry:participation_remove": Case(
        lambda s: f"/participations/{s['participation'].pk}/remove/", WRITE_POST, method="post"
    ),
    "registry:event_detail": Case(lambda s: f"/events/{s['event'].pk}/", ROWS),
    "registry:event_update": Case(lambda s: f"/events/{s['event'].pk}/edit/", WRITE),
    "registry:note_add": Case(
        lambda s: f"/events/{s['event'].pk}/notes/add/",
        WRITE_POST,
        method="post",
        data={"text": "Water first, then land.", "chatham_house": "on"},
    ),
    # Documents (texts of outputs and official texts: funders see none)
    "registry:document_list": Case(lambda s: "/documents/", ALL_200, scoped=False),  # funders: none listed
    "registry:document_create": Case(lambda s: "/documents/new/", W, scoped=False),
    "registry:document_detail": Case(lambda s: f"/documents/{s['paper'].pk}/", ROWS),
    "registry:document_update": Case(lambda s: f"/documents/{s['paper'].pk}/edit/", WRITE),
    "registry:document_delete": Case(
        lambda s: f"/documents/{s['paper'].pk}/delete/", WRITE_POST, method="post"
    ),
    "registry:document_text": Case(lambda s: f"/documents/{s['paper'].pk}/text.txt", ROWS),
    "registry:relationship_list": Case(lambda s: "/relationships/", ALL_200, scoped=False),
    "registry:relationship_create": Case(lambda s: "/relationships/new/", W, scoped=False),
    "registry:relationship_update": Case(lambda s: f"/relationships/{s['relationship'].pk}/edit/", WRITE),
    "audit:list": Case(
        lambda s: "/audit/", {"owner": 200, "editor": 404, "analyst": 404, "funder": 404}, scoped=False
    ),
    "audit:export": Case(
        lambda s: "/audit/export.csv",
        {"owner": 200, "editor": 404, "analyst": 404, "funder": 404},
        scoped=False,
    ),
    "mapping:network": Case(lambda s: "/network/", ROWS, scoped=False),
    "mapping:view": Case(lambda s: "/network/pyramid/", ROWS, scoped=False),
    "mapping:data": Case(lambda s: "/network/ninetrack/data.json", ROWS, scoped=False),
    "maps:list": Case(lambda s: "/maps/", ROWS, scoped=False),
    "maps:create": Case(lambda s: "/maps/new/", W, scoped=False),
    "maps:timeline": Case(lambda s: f"/maps/context/{s['context'].pk}/", ROWS, scoped=False),
    "maps:compare": Case(lambda s: f"/maps/compare/?a={s['map'].pk}&b={s['saved_map'].pk}", ROWS),
    "maps:detail": Case(lambda s: f"/maps/{s['map'].pk}/", ROWS),
    "maps:data": Case(lambda s: f"/maps/{s['map'].pk}/data.json", ROWS),
    "maps:svg": Case(lambda s: f"/maps/{s['map'].pk}/map.svg", ROWS),
    "maps:png": Case(lambda s: f"/maps/{s['map'].pk}/map.png", ROWS),
    "maps:positions": Case(
        lambda s: f"/maps/{s['map'].pk}/positions/",
        WRITE,
        method="post",
        json=True,
        data=lambda s: {"positions": {s["map_node"].key: {"x": 1, "y": 2}}},
    ),
    "maps:save": Case(lambda s: f"/maps/{s['map'].pk}/save/", WRITE_POST, method="post"),
    "maps:delete": Case(lambda s: f"/maps/{s['map'].pk}/delete/", WRITE_POST, method="post"),
    "maps:new_version": Case(lambda s: f"/maps/{s['saved_map'].pk}/new-version/", WRITE),
    "maps:node_add": Case(lambda s: f"/maps/{s['map'].pk}/nodes/add/", WRITE),
    "maps:tie_add": Case(lambda s: f"/maps/{s['map'].pk}/ties/add/", WRITE),
    "maps:factor_add": Case(lambda s: f"/maps/{s['map'].pk}/factors/add/", WRITE),
    "maps:contributor_add": Case(lambda s: f"/maps/{s['saved_map'].pk}/contributors/add/", WRITE),
    "maps:comment_add": Case(
        lambda s: f"/maps/{s['saved_map'].pk}/comments/add/", WRITE_POST, method="post", data={"text": "Why?"}
    ),
    "maps:node_edit": Case(lambda s: f"/maps/nodes/{s['map_node'].pk}/edit/", WRITE),
    "maps:tie_edit": Case(lambda s: f"/maps/ties/{s['map_tie'].pk}/edit/", WRITE),
    "maps:factor_edit": Case(lambda s: f"/maps/factors/{s['factor'].pk}/edit/", WRITE),
    "maps:contributor_edit": Case(lambda s: f"/maps/contributors/{s['contributor'].pk}/edit/", WRITE),
    "maps:remove": Case(lambda s: f"/maps/tie/{s['map_tie'].pk}/remove/", WRITE_POST, method="post"),
    # editing in place: without htmx, back to the map (a person's node is not renamed: it says so)
    "maps:node_rename": Case(
        lambda s: f"/maps/nodes/{s['map_node'].pk}/rename/", WRITE_POST, method="post", data={"label": "X"}
    ),
    "maps:undo": Case(lambda s: f"/maps/{s['map'].pk}/undo/none/", WRITE_POST, method="post"),
    # Indicators (part of the initiative's record: funders see none of it)
    "evaluation:indicator_list": Case(lambda s: "/evaluation/indicators/", ROWS, scoped=False),
    "evaluation:indicator_create": Case(lambda s: "/evaluation/indicators/new/", W, scoped=False),
    "evaluation:values_import": Case(lambda s: "/evaluation/indicators/import/", W, scoped=False),
    "evaluation:indicator_detail": Case(lambda s: f"/evaluation/indicators/{s['indicator'].pk}/", ROWS),
    "evaluation:indicator_edit": Case(lambda s: f"/evaluation/indicators/{s['indicator'].pk}/edit/", WRITE),
    "evaluation:indicator_grid": Case(lambda s: f"/evaluation/indicators/{s['indicator'].pk}/grid/", WRITE),
    "evaluation:target_add": Case(
        lambda s: f"/evaluation/indicators/{s['indicator'].pk}/targets/add/", WRITE
    ),
    "evaluation:value_add": Case(lambda s: f"/evaluation/indicators/{s['indicator'].pk}/values/add/", WRITE),
    "evaluation:target_edit": Case(lambda s: f"/evaluation/indicators/targets/{s['target'].pk}/edit/", WRITE),
    "evaluation:value_edit": Case(lambda s: f"/evaluation/indicators/values/{s['value'].pk}/edit/", WRITE),
    "evaluation:indicator_part_remove": Case(
        lambda s: f"/evaluation/indicators/value/{s['value'].pk}/remove/", WRITE_POST, method="post"
    ),
    # Outcomes (what identifiable people did: funders see none of it)
    "evaluation:outcome_list": Case(lambda s: "/evaluation/outcomes/", ROWS, scoped=False),
    "evaluation:outcome_create": Case(lambda s: "/evaluation/outcomes/new/", W, scoped=False),
    "evaluation:outcome_detail": Case(lambda s: f"/evaluation/outcomes/{s['outcome'].pk}/", ROWS),
    "evaluation:outcome_edit": Case(lambda s: f"/evaluation/outcomes/{s['outcome'].pk}/edit/", WRITE),
    "evaluation:substantiation_add": Case(
        lambda s: f"/evaluation/outcomes/{s['outcome'].pk}/substantiations/add/", WRITE
    ),
    "evaluation:substantiation_edit": Case(
        lambda s: f"/evaluation/outcomes/substantiations/{s['substantiation'].pk}/edit/", WRITE
    ),
    "evaluation:substantiation_remove": Case(
        lambda s: f"/evaluation/outcomes/substantiations/{s['substantiation'].pk}/remove/",
        WRITE_POST,
        method="post",
    ),
    # Transfer tracing (passages of confidential outputs: funders see none)
    "evaluation:trace": Case(lambda s: f"/evaluation/documents/{s['paper'].pk}/trace/", ROWS),
    "evaluation:trace_run": Case(
        lambda s: f"/evaluation/documents/{s['paper'].pk}/trace/run/",
        WRITE_POST,
        method="post",
        data={"k": 3, "limit": 20},
    ),
    # The contribution story: funders read it (without identities)
    "evaluation:contribution": Case(lambda s: f"/evaluation/initiatives/{_ini(s)}/contribution/", ALL_200),
    "evaluation:contribution_file": Case(
        lambda s: f"/evaluation/initiatives/{_ini(s)}/contribution.html", ALL_200
    ),
    "evaluation:transfer_list": Case(lambda s: "/evaluation/transfers/", ROWS, scoped=False),
    "evaluation:transfer_decide": Case(
        lambda s: f"/evaluation/transfers/{s['transfer'].pk}/decide/",
        WRITE_POST,
        method="post",
        data={"status": "rejected", "note": "Coincidence."},
    ),
    # Inclusion analytics: everyone with a compartment (funders see suppressed figures); owners manage
    "consultations:list": Case(lambda s: "/consultations/", ALL_200, scoped=False),
    "consultations:create": Case(lambda s: "/consultations/new/", W, scoped=False),
    "consultations:detail": Case(lambda s: f"/consultations/{_con(s)}/", ALL_200),
    "consultations:edit": Case(lambda s: f"/consultations/{_con(s)}/edit/", W403),
    "consultations:statement_add": Case(
        lambda s: f"/consultations/{_con(s)}/statements/",
        W403_POST,
        method="post",
        data={"text_en": "More water"},
    ),
    "consultations:statement_edit": Case(lambda s: f"/consultations/{_con(s)}/statements/0/", W403),
    "consultations:statement_moderate": Case(
        lambda s: f"/consultations/{_con(s)}/statements/0/moderate/",
        W403_POST,
        method="post",
        data={"status": "rejected"},
    ),
    "consultations:cards": Case(
        lambda s: f"/consultations/{_con(s)}/cards/", W403, method="post", data={"count": 1}
    ),
    "consultations:card_revoke": Case(
        lambda s: f"/consultations/{_con(s)}/cards/revoke/", W403_POST, method="post", data={"number": 1}
    ),
    "consultations:analysis": Case(lambda s: f"/consultations/{_con(s)}/analysis/", R403),
    "consultations:export": Case(lambda s: f"/consultations/{_con(s)}/export.zip", W403),
    "consultations:report": Case(lambda s: f"/consultations/{_con(s)}/report/", R403),
    "consultations:report_publish": Case(
        lambda s: f"/consultations/{_con(s)}/report/publish/", W403_POST, method="post"
    ),
    "participate": Case(lambda s: f"/c/{s['token']}/", ALL_200, **PARTICIPANT),
    "participate_start": Case(
        lambda s: f"/c/{s['token']}/start/",
        dict.fromkeys(ROLES, 302),
        method="post",
        data={"lang": "en"},
        **PARTICIPANT,
    ),
    "participate_vote": Case(
        lambda s: f"/c/{s['token']}/vote/",
        dict.fromkeys(ROLES, 302),
        method="post",
        data={"statement": 0, "value": 1},
        **PARTICIPANT,
    ),
    "participate_statement": Case(
        lambda s: f"/c/{s['token']}/statement/",
        dict.fromkeys(ROLES, 302),
        method="post",
        data={"text": "Open the road"},
        **PARTICIPANT,
    ),
    "participate_votes": Case(lambda s: f"/c/{s['token']}/votes/", ALL_200, **PARTICIPANT),
    "participate_withdraw": Case(
        lambda s: f"/c/{s['token']}/withdraw/", ALL_200, method="post", **PARTICIPANT
    ),
    "inclusion:overview": Case(lambda s: "/inclusion/?rows=gender&column=track", ALL_200, scoped=False),
    "inclusion:export": Case(lambda s: "/inclusion/export.csv?rows=gender", ALL_200, scoped=False),
    "inclusion:chart": Case(lambda s: "/inclusion/chart.svg?rows=gender", ALL_200, scoped=False),
    "inclusion:settings": Case(lambda s: "/inclusion/settings/", ALL_200, scoped=False),
    "inclusion:attribute_create": Case(lambda s: "/inclusion/attributes/new/", OWNER_ONLY, scoped=False),
    "inclusion:attribute_edit": Case(
        lambda s: f"/inclusion/attributes/{s['attribute'].pk}/edit/", OWNER_ONLY, scoped=False
    ),
    "inclusion:line_create": Case(lambda s: "/inclusion/reference-lines/new/", OWNER_ONLY, scoped=False),
    "inclusion:line_edit": Case(
        lambda s: f"/inclusion/reference-lines/{s['line'].pk}/edit/", OWNER_ONLY, scoped=False
    ),
    "inclusion:line_remove": Case(
        lambda s: f"/inclusion/reference-lines/{s['line'].pk}/remove/",
        {"owner": 302, "editor": 403, "analyst": 403, "funder": 403},
        method="post",
        scoped=False,
    ),
    # Theories of change (part of the initiative's confidential record: funders see none of it)
    "evaluation:toc_list": Case(lambda s: "/evaluation/toc/", ROWS, scoped=False),
    "evaluation:toc_create": Case(lambda s: "/evaluation/toc/new/", W, scoped=False),
    "evaluation:toc_compare": Case(
        lambda s: f"/evaluation/toc/compare/?a={s['saved_toc'].pk}&b={s['toc'].pk}", ROWS
    ),
    "evaluation:toc_detail": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/", ROWS),
    "evaluation:toc_data": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/data.json", ROWS),
    "evaluation:toc_save": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/save/", WRITE_POST, method="post"),
    "evaluation:toc_delete": Case(
        lambda s: f"/evaluation/toc/{s['toc'].pk}/delete/", WRITE_POST, method="post"
    ),
    "evaluation:toc_new_version": Case(lambda s: f"/evaluation/toc/{s['saved_toc'].pk}/new-version/", WRITE),
    "evaluation:element_add": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/elements/add/", WRITE),
    "evaluation:link_add": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/links/add/", WRITE),
    "evaluation:note_add": Case(lambda s: f"/evaluation/toc/{s['toc'].pk}/notes/add/", WRITE),
    "evaluation:element_edit": Case(lambda s: f"/evaluation/toc/elements/{s['toc_element'].pk}/edit/", WRITE),
    "evaluation:element_rename": Case(
        lambda s: f"/evaluation/toc/elements/{s['toc_element'].pk}/rename/",
        WRITE_POST,
        method="post",
        data={"label": "Negotiators adopt it"},
    ),
    "evaluation:toc_undo": Case(
        lambda s: f"/evaluation/toc/{s['toc'].pk}/undo/none/", WRITE_POST, method="post"
    ),
    "evaluation:link_edit": Case(lambda s: f"/evaluation/toc/links/{s['toc_link'].pk}/edit/", WRITE),
    "evaluation:note_edit": Case(lambda s: f"/evaluation/toc/notes/{s['toc_note'].pk}/edit/", WRITE),
    "evaluation:part_remove": Case(
        lambda s: f"/evaluation/toc/note/{s['toc_note'].pk}/remove/", WRITE_POST, method="post"
    ),
    # UCDP figures are public reference data, like contexts: every member of any compartment sees them.
    "ucdp:yearly": Case(lambda s: "/ucdp/", ALL_200, scoped=False),
    "ucdp:yearly_data": Case(lambda s: "/ucdp/yearly.json", ALL_200, scoped=False),
    "coordination:index": Case(lambda s: "/coordination/", ROWS403, scoped=False),
    "coordination:space": Case(lambda s: f"/coordination/spaces/{s['space'].pk}/", ROWS, scoped=False),
    "coordination:join": Case(
        lambda s: f"/coordination/spaces/{s['space'].pk}/join/", OWNER_POST, method="post", scoped=False
    ),
    "coordination:invite": Case(
        lambda s: f"/coordination/spaces/{s['space'].pk}/invite/", OWNER_POST, method="post", scoped=False
    ),
    "coordination:leave": Case(
        lambda s: f"/coordination/spaces/{s['space'].pk}/leave/", OWNER_POST, method="post", scoped=False
    ),
    "coordination:linkage_secret": Case(
        lambda s: f"/coordination/spaces/{s['space'].pk}/linkage/secret/",
        OWNER_POST,
        method="post",
        scoped=False,
    ),
    "coordination:linkage_submit": Case(
        lambda s: f"/coordination/spaces/{s['space'].pk}/linkage/submit/",
        OWNER_POST,
        method="post",
        scoped=False,
    ),
    "coordination:card": Case(lambda s: f"/coordination/initiatives/{_ini(s)}/card/", OWNER_ONLY),
    "coordination:card_withdraw": Case(
        lambda s: f"/coordination/initiatives/{_ini(s)}/card/withdraw/", OWNER_POST_403, method="post"
    ),
    # The hub's API takes a partner organisation's bearer token, never a login session.
    "api:push_bundle": Case(
        lambda s: f"/api/hub/spaces/{s['space'].pk}/bundle",
        dict.fromkeys(ROLES, 401),
        method="post",
        scoped=False,
    ),
    "api:pull_bundles": Case(
        lambda s: f"/api/hub/spaces/{s['space'].pk}/bundles", dict.fromkeys(ROLES, 401), scoped=False
    ),
    "api:list_spaces": Case(lambda s: "/api/coordination/spaces", ALL_200, scoped=False),
    "api:space_cards": Case(lambda s: f"/api/coordination/spaces/{s['space'].pk}/cards", ROWS, scoped=False),
    # So are Track One data (PA-X, MEND, PADD); a context's landscape lists the initiatives one may see.
    "landscape:index": Case(lambda s: "/landscape/", ALL_200, scoped=False),
    "landscape:context": Case(lambda s: f"/landscape/{s['context'].pk}/", ALL_200, scoped=False),
    "api:agreements": Case(lambda s: "/api/landscape/agreements", NO_DATA, scoped=False),
    "api:mediation": Case(lambda s: "/api/landscape/mediation", NO_DATA, scoped=False),
    "api:delegates": Case(lambda s: "/api/landscape/delegates", NO_DATA, scoped=False),
    "api:versions": Case(lambda s: "/api/landscape/versions", ALL_200, scoped=False),
    "api:context_landscape": Case(
        lambda s: f"/api/landscape/contexts/{s['context'].pk}", ALL_200, scoped=False
    ),
    "screening:lists": Case(lambda s: "/screening/lists/", ALL_200, scoped=False),
    "screening:entity_list": Case(lambda s: "/screening/lists/entries/?q=example", ALL_200, scoped=False),
    "screening:entity_detail": Case(
        lambda s: f"/screening/lists/entries/{s['listed'].pk}/", ALL_200, scoped=False
    ),
    "screening:queue": Case(lambda s: "/screening/", ROWS, scoped=False),
    "screening:screen_actor": Case(
        lambda s: f"/screening/actors/{s['person'].pk}/screen/", WRITE_POST, method="post"
    ),
    "screening:screen_compartment": Case(
        lambda s: f"/screening/compartments/{s['compartment'].pk}/screen/", WRITE_POST, method="post"
    ),
    "screening:hit": Case(lambda s: f"/screening/hits/{s['hit'].pk}/", ROWS),
    "screening:engagement": Case(lambda s: f"/screening/hits/{s['hit'].pk}/engagement/", WRITE),
    "screening:approve": Case(
        lambda s: f"/screening/engagements/{s['engagement'].pk}/approve/", WRITE_POST, method="post"
    ),
    # The API (django-ninja names its operations after the view functions).
    "api:api-root": Case(lambda s: "/api/", {r: 404 for r in ROLES}, scoped=False),
    "api:openapi-json": Case(lambda s: "/api/openapi.json", ALL_200, scoped=False),
    "api:openapi-view": Case(lambda s: "/api/docs", ALL_200, scoped=False),
    "api:list_vocabularies": Case(lambda s: "/api/vocabularies", ALL_200, scoped=False),
    "api:get_vocabulary": Case(lambda s: "/api/vocabularies/tracks", ALL_200, scoped=False),
    "api:list_contexts": Case(lambda s: "/api/contexts", ALL_200, scoped=False),
    "api:get_context": Case(lambda s: f"/api/contexts/{s['context'].pk}", ALL_200, scoped=False),
    "api:list_actors": Case(lambda s: "/api/actors", ALL_200, scoped=False),
    "api:get_actor": Case(lambda s: f"/api/actors/{s['person'].pk}", ROWS),
    "api:list_initiatives": Case(lambda s: "/api/initiatives", ALL_200, scoped=False),
    "api:get_initiative": Case(lambda s: f"/api/initiatives/{_ini(s)}", ALL_200),
    "api:list_maps": Case(lambda s: "/api/maps", {**ROWS, "funder": 200}, scoped=False),
    "api:get_map": Case(lambda s: f"/api/maps/{s['map'].pk}", ROWS),
    "api:diff_maps": Case(lambda s: f"/api/maps/{s['map'].pk}/diff/{s['saved_map'].pk}", ROWS),
    "api:list_imports": Case(lambda s: "/api/screening/lists", ALL_200, scoped=False),
    "api:list_hits": Case(lambda s: "/api/screening/hits", ALL_200, scoped=False),  # funders: none
    "api:get_hit": Case(lambda s: f"/api/screening/hits/{s['hit'].pk}", ROWS),
    "api:screen_actor": Case(
        lambda s: f"/api/screening/actors/{s['person'].pk}",
        {"owner": 200, "editor": 200, "analyst": 404, "funder": 404},
        method="post",
    ),
    "api:list_tocs": Case(lambda s: "/api/tocs", ALL_200, scoped=False),  # funders: an empty list
    "api:get_toc": Case(lambda s: f"/api/tocs/{s['toc'].pk}", ROWS),
    "api:diff_tocs": Case(lambda s: f"/api/tocs/{s['saved_toc'].pk}/diff/{s['toc'].pk}", ROWS),
    "api:list_indicators": Case(lambda s: "/api/indicators", ALL_200, scoped=False),  # funders: none
    "api:get_indicator": Case(lambda s: f"/api/indicators/{s['indicator'].pk}", ROWS),
    "api:list_outcomes": Case(lambda s: "/api/outcomes", ALL_200, scoped=False),  # funders: none
    "api:get_outcome": Case(lambda s: f"/api/outcomes/{s['outcome'].pk}", ROWS),
    "api:list_documents": Case(lambda s: "/api/documents", ALL_200, scoped=False),  # funders: none
    "api:get_document": Case(lambda s: f"/api/documents/{s['paper'].pk}", ROWS),
    "api:trace": Case(
        lambda s: f"/api/documents/{s['paper'].pk}/trace",
        {"owner": 200, "editor": 200, "analyst": 404, "funder": 404},
        method="post",
        json=True,
        data={"k": 2, "limit": 5},
    ),
    "api:list_transfers": Case(lambda s: "/api/transfers", ALL_200, scoped=False),  # funders: none
    "api:decide": Case(
        lambda s: f"/api/transfers/{s['transfer'].pk}/decide",
        {"owner": 200, "editor": 200, "analyst": 404, "funder": 404},
        method="post",
        json=True,
        data={"status": "confirmed", "note": "Carried by an adviser."},
    ),
    "api:table": Case(lambda s: "/api/inclusion/table?rows=gender", ALL_200, scoped=False),
    "api:list_consultations": Case(lambda s: "/api/consultations", ALL_200, scoped=False),
    "api:get_consultation": Case(lambda s: f"/api/consultations/{_con(s)}", ALL_200),
    "api:list_statements": Case(lambda s: f"/api/consultations/{_con(s)}/statements", R403),
    "api:get_analysis": Case(lambda s: f"/api/consultations/{_con(s)}/analysis", R403),
    "api:classify_components": Case(
        lambda s: "/api/classify",
        ALL_200,
        method="post",
        scoped=False,
        json=True,
        data={"title": "T", "participants": [], "format": "other", "objectives": []},
    ),
}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _names(p, ns)
        elif isinstance(p, URLPattern):
            if not p.name:
                raise AssertionError(f"URL pattern {p.pattern} has no name: name it and add it to the matrix")
            names.add(prefix + p.name)
    return names


def test_every_url_has_a_matrix_entry():
    names = _names(get_resolver())
    assert names - set(MATRIX) == set(), "add these URLs to the authorization matrix"
    assert set(MATRIX) - names == set(), "these matrix entries name no URL"


def listed_entities(*compartments: Any) -> dict[int, Any]:
    """One sanctions list version with an entry per compartment's scene."""
    run = store(
        ParsedList(
            "un-sc",
            "2024-01-01",
            "h",
            tuple(ListEntry("un-sc", f"QDi.{c.pk}", "Person", (ListedName("A B"),)) for c in compartments),
        ),
        "un.xml",
    )
    return {c.pk: ListedEntity.objects.get(first_seen=run, entry_id=f"QDi.{c.pk}") for c in compartments}


def scene(compartment: Any, user: Any, entity: Any) -> dict[str, Any]:
    context = f.context()
    person = f.actor(name="Amina Example", compartment=compartment)
    org = f.actor(kind="organisation", name="Forum", compartment=compartment)
    initiative = f.initiative(context=context, compartment=compartment)
    event = f.event(initiative)
    participation = f.participate(initiative, person)
    TrackOverride.objects.create(
        initiative=initiative, track="3", reason="Grassroots in fact.", created_by=user
    )
    MeetingNote.objects.create(event=event, text="Nothing attributable.")
    draft = f.conflict_map(context, compartment=compartment)
    node = f.map_node(draft, "Amina Example", actor=person)
    tie = f.map_tie(node, f.map_node(draft, "Forum", actor=org), "alliance")
    factor = DnhFactor.objects.create(map=draft, kind="connector", category="systems", description="Market")
    saved = f.conflict_map(context, compartment=compartment)
    f.map_node(saved, "Land", kind="issue")
    saved.freeze(user)
    contributor = MapContributor.objects.create(map=saved, actor=person)
    other = get_user_model().objects.create_user(f"member-{compartment.pk}")
    membership = Membership.objects.create(user=other, compartment=compartment, role="analyst")
    return {
        "compartment": compartment,
        "context": context,
        "person": person,
        "org": org,
        "initiative": initiative,
        "event": event,
        "participation": participation,
        "membership": membership,
        "relationship": f.relationship(person, org),
        "listed": entity,
        **_screening(person, entity, user),
        "map": draft,
        "saved_map": saved,
        "map_node": node,
        "map_tie": tie,
        "factor": factor,
        "contributor": contributor,
        **_toc(initiative, user),
        **_tracing(initiative),
        **_consultation(initiative, user),
        **_coordination(initiative),
        "attribute": PersonAttribute.objects.get_or_create(code="displacement", defaults={"label": "D"})[0],
        "line": ReferenceLine.objects.get_or_create(
            key="own",
            defaults={"title": "t", "roles": ["signatory"], "share": 0.1, "period": "p", "source": "s"},
        )[0],
    }


def _tracing(initiative: Any) -> dict[str, Any]:
    paper = Document.objects.create(
        initiative=initiative, title="Options paper", kind="non_paper", date=date(2019, 9, 1),
        text="A joint verification committee with community monitors in each valley.",
    )  # fmt: skip
    accord = Document.objects.create(
        initiative=initiative, title="Accord", kind="agreement", date=date(2020, 5, 1),
        text="The Parties establish a joint verification committee with community monitors in each valley.",
    )  # fmt: skip
    run = trace_document(paper, CompartmentViewer({initiative.compartment_id}, Role.EDITOR))
    return {"paper": paper, "accord": accord, "transfer": run.proposed[0]}


def _screening(actor: Any, entity: Any, user: Any) -> dict[str, Any]:
    hit = ScreeningHit.objects.create(
        actor=actor, entity=entity, entity_hash=entity.content_hash, score=0.9, matched_name="A B",
        screened_at=timezone.now(),
    )  # fmt: skip
    ScreeningDecision.objects.create(
        hit=hit, verdict="true_match", rationale="Same DOB.", entity_hash=entity.content_hash,
        list_version="2024-01-01", decided_by=user,
    )  # fmt: skip
    engagement = EngagementRecord.objects.create(
        hit=hit, purpose="Talks", legal_considerations="Licence", mitigations="No funds", recorded_by=user
    )
    return {"hit": hit, "engagement": engagement}


def _toc(initiative: Any, user: Any) -> dict[str, Any]:
    saved = f.toc(initiative)
    f.toc_element(saved, "Dialogue rounds")
    saved.freeze(user)
    draft = saved.new_version(user, as_of=saved.as_of)
    activity = draft.elements.get()
    element = f.toc_element(draft, "Negotiators adopt the idea", "outcome")
    link = TocLink.objects.create(toc=draft, source=activity, target=element, rationale="Advisers carry it.")
    note = TocNote.objects.create(toc=draft, kind="risk", text="A leak", link=link)
    indicator = Indicator.objects.create(
        initiative=initiative, code="OC1", name="Meetings held", unit="meetings"
    )
    target = Target.objects.create(indicator=indicator, period="2025", value=12)
    value = Measurement.objects.create(indicator=indicator, period="2024-Q1", value=3)
    outcome = Outcome.objects.create(
        initiative=initiative,
        title="Formula tabled",
        description="d",
        contribution="c",
        observed_on=saved.as_of,
    )
    substantiation = Substantiation.objects.create(
        outcome=outcome, substantiator="Adviser", agreement="agree_fully", on=saved.as_of
    )
    return {
        "toc": draft,
        "saved_toc": saved,
        "toc_element": element,
        "toc_link": link,
        "toc_note": note,
        "indicator": indicator,
        "target": target,
        "value": value,
        "outcome": outcome,
        "substantiation": substantiation,
    }


def _call(client: Client, case: Case, s: dict[str, Any]) -> int:
    data = case.data(s) if callable(case.data) else (case.data or {})
    if case.json:
        return client.post(case.path(s), json.dumps(data), content_type="application/json").status_code
    return getattr(client, case.method)(case.path(s), data).status_code


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Two compartments, each with a whole scene, and a user of each role in the first one: made once for
    the module. Every test runs in a savepoint of the transaction that holds them (as pytest-django runs
    each test), so what one test changes is rolled back before the next; the rows go at the module's end.
    """
    with django_db_blocker.unblock():
        held = transaction.atomic()
        held.__enter__()
        try:
            home, elsewhere = f.compartment(), f.compartment()
            users = {}
            for role in ROLES:
                users[role] = get_user_model().objects.create_user(f"{role}-user")
                Membership.objects.create(user=users[role], compartment=home, role=role)
            entities = listed_entities(home, elsewhere)
            built = {
                "users": users,
                "home": scene(home, users["owner"], entities[home.pk]),
                "elsewhere": scene(elsewhere, get_user_model().objects.create_user("someone-else"),
                                   entities[elsewhere.pk]),
            }  # fmt: skip
        except BaseException:
            transaction.set_rollback(True)
            held.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        held.__exit__(None, None, None)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_inside_the_compartment(world: dict[str, Any], name: str, role: str):
    case = MATRIX[name]
    assert _call(_client(world["users"][role]), case, world["home"]) == case.expect[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(n for n, c in MATRIX.items() if c.scoped))
def test_outside_the_compartment_is_not_found(world: dict[str, Any], name: str, role: str):
    case = MATRIX[name]
    assert _call(_client(world["users"][role]), case, world["elsewhere"]) == 404


def _consultation(initiative: Any, user: Any) -> dict[str, Any]:
    consultation = Consultation.objects.create(
        initiative=initiative, title="Valley", question={"en": "What first?"}, languages=["en"]
    )
    actions.add_statement(consultation, {"en": "Open the road"}, user)
    token = actions.issue_cards(consultation, None, 1, user)[0].token
    return {"consultation": consultation, "token": token}


def _coordination(initiative: Any) -> dict[str, Any]:
    from multitrack.web.coordination.models import Card, Space, SpaceMember

    organisation = initiative.compartment.organisation
    space = Space.objects.create(name=f"Space {initiative.pk}", created_by=organisation)
    SpaceMember.objects.create(space=space, organisation=organisation, joined_at=timezone.now())
    card = Card.objects.create(initiative=initiative, fields=["context"], content={"context": "C"})
    card.spaces.add(space)
    return {"space": space, "card": card}


def test_anonymous_is_sent_to_login_or_refused(world: dict[str, Any]):
    client = Client()
    for name, case in MATRIX.items():
        status = _call(client, case, world["home"])
        if name.startswith("api:") and name not in {"api:openapi-json", "api:openapi-view", "api:api-root"}:
            assert status == 401, name
        elif name in {"healthz", "login", "api:openapi-json", "api:openapi-view", "api:api-root", "logout"}:
            continue
        elif name.startswith("participate"):  # the card's token is the participant's credential
            assert status in (200, 302), name
        else:
            assert status == 302, name
