"""Characterisation of the contribution story: every judgement it makes (the question, what supports and
what weakens the claim, the gaps, each outcome's agreement, the chain element by element, the figures) and
the HTML file it is written to, pinned as they were before the analysis moved into the core, so that the
move changes nothing anyone reads.

The scene's report is compared with `snapshots/contribution-*.html` and the demo's stories with
`snapshots/contribution-demo.json`; codes, titles and ids that the database draws at random are replaced
by placeholders first. A deliberate change of the story: delete the snapshot, run the test once (it writes
the file and fails), read the difference in review, and commit it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multitrack.web.accounts.access import CompartmentViewer
from multitrack.web.accounts.models import Compartment
from multitrack.web.accounts.roles import Role
from multitrack.web.evaluation.models import Measurement, Target
from multitrack.web.evaluation.services.contribution import build, report_html
from multitrack.web.registry.models import Initiative
from tests import factories as f
from tests.web.test_contribution import scene

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: run first, see tests/conftest.py

SNAPSHOTS = Path(__file__).parent / "snapshots"
GENERATED = datetime(2024, 6, 30, 9, 15, tzinfo=UTC)


def summary(story: Any) -> dict[str, Any]:
    """Everything the story judges or counts, as plain JSON (what the page, the file and the command
    line show, without the statements)."""
    flags = story.participation.flags if story.participation is not None else None
    plain = {
        "period": [story.start.isoformat(), story.end.isoformat()],
        "identities": story.identities,
        "question": story.question,
        "toc": story.toc.as_of.isoformat() if story.toc else None,
        "toc_versions": len(story.toc_versions),
        "levels": story.levels,
        "links": [story.links, story.links_without_rationale],
        "warnings": [w.code for w in story.warnings],
        "notes": story.notes,
        "indicators": [
            [i.indicator.code, i.status.progress, i.status.target, i.in_period, i.element]
            for i in story.indicators
        ],
        "outcomes": [
            [
                o.outcome.title,
                o.outcome.positive,
                o.substantiated,
                o.contested,
                o.agreement,
                len(o.transfers),
                o.elements,
                len(o.substantiations),
            ]
            for o in story.outcomes
        ],
        "positive": [o.outcome.title for o in story.positive],
        "negative": [o.outcome.title for o in story.negative],
        "elements": [
            [
                e.label,
                e.level,
                [o.outcome.title for o in e.outcomes],
                [i.indicator.code for i in e.indicators],
                e.assumptions,
                e.risks,
            ]
            for e in story.elements
        ],
        "transfers": [t.target.title for t in story.transfers],
        "undecided_transfers": story.undecided_transfers,
        "maps": [[m.perspective, sorted(m.counts.items()), m.details is not None] for m in story.maps],
        "rpp": [story.reach, story.rpp],
        "directions": story.directions,
        "effects": story.effects,
        "participation": [[str(x.group), str(x.unit)] for x in flags] if flags is not None else None,
        "supports": story.supports,
        "weakens": story.weakens,
        "gaps": story.gaps,
    }
    result: dict[str, Any] = json.loads(json.dumps(plain))
    return result


def placeholders(text: str, initiative: Initiative) -> str:
    """The text with the codes, the title and the ids the database drew replaced."""
    text = text.replace(initiative.code, "I-CODE").replace(initiative.title, "TITLE")
    text = re.sub(r"\b[POG]-[0-9A-HJKMNP-TV-Z]{4,8}\b", "ACTOR-CODE", text)
    return re.sub(r"/documents/\d+/", "/documents/ID/", text)


def matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"{path.name} written: check it and commit it")
    assert text == path.read_text(encoding="utf-8")


def full_scene(compartment: Compartment) -> Any:
    """The contribution tests' scene, with one more indicator that is less than half way."""
    s = scene(compartment)
    behind = f.indicator(s.initiative, code="OC3", name="Councils formed", unit="", baseline_value=0)
    Target.objects.create(indicator=behind, period="2022", value=10)
    Measurement.objects.create(indicator=behind, period="2021", value=2)
    return s


def test_the_scene_s_judgements_are_pinned(compartment, user):
    s = full_scene(compartment)
    story = build(s.initiative, user)
    plain = summary(story)
    assert plain["question"] == (
        f"Did {s.initiative.code} {s.initiative.title} contribute, between 2019-01-01 and 2022-12-31, to: "
        "Fewer clashes in the valleys? And how, beside the other forces at work?"
    )
    assert plain["supports"] == [
        "2 outcome(s) harvested in the period, 1 substantiated by independent people "
        "(1 with full agreement).",
        "1 passage(s) of the initiative's outputs confirmed as taken up in official texts issued after them.",
        "1 positive outcome(s) reached Track One (upward transfer).",
        "1 indicator(s) reached their target.",
    ]
    assert plain["weakens"] == [
        "1 outcome(s) are disputed by at least one substantiator.",
        "1 negative outcome(s): the initiative also caused harm or exposure.",
        "1 indicator(s) are less than half way to their target.",
        "The theory of change has 2 warning(s): link without rationale; orphan outcome.",
    ]
    assert plain["gaps"] == [
        "No outcome and no indicator bears on “Displaced families return”.",
        "No outcome and no indicator bears on “Fewer clashes in the valleys”.",
        "1 outcome(s) not yet substantiated: Participants exposed.",
        "1 indicator(s) without a value in the period: OC2.",
        "1 link(s) of the theory give no rationale.",
        f"{story.undecided_transfers} possible transfer(s) are waiting for a decision.",
    ]
    assert plain["outcomes"] == [
        ["Participants exposed", False, False, False, [], 0, [], 0],
        [
            "Monitoring formula tabled", True, True, True, [["agree_fully", 1], ["disagree", 1]], 1,
            ["Negotiators adopt community monitoring"], 2,
        ],
    ]  # fmt: skip
    assert plain["elements"] == [
        [
            "Negotiators adopt community monitoring", "Outcome", ["Monitoring formula tabled"], ["OC1"], [],
            ["Hardliners denounce participants"],
        ],
        ["Displaced families return", "Outcome", [], [], [], []],
        ["Fewer clashes in the valleys", "Impact", [], [], [], []],
    ]  # fmt: skip
    assert plain["indicators"] == [
        ["OC1", 1.0, 10.0, 2, "Negotiators adopt community monitoring"],
        ["OC2", None, None, 0, ""],
        ["OC3", 0.2, 10.0, 1, ""],
    ]
    assert (plain["positive"], plain["negative"]) == (["Monitoring formula tabled"], ["Participants exposed"])
    assert plain["rpp"] == [
        ["More people", "Key people"],
        [["Individual or personal", [0, 0]], ["Socio-political", [0, 1]]],
    ]
    assert plain["directions"] == [["Upward", 1], ["Downward or outward", 0], ["Horizontal", 0]]
    assert plain["effects"] == [["Process", 0], ["Outcome", 1]]
    # the funder reads the same judgements, without the substantiators and the maps' details
    funder = summary(build(s.initiative, CompartmentViewer({compartment.pk}, Role.FUNDER)))
    assert funder["identities"] is False and funder["maps"] == [[*plain["maps"][0][:2], False]]
    assert [o[:-1] for o in funder["outcomes"]] == [o[:-1] for o in plain["outcomes"]]
    same = ("question", "supports", "weakens", "gaps", "elements", "indicators", "rpp", "directions")
    assert {k: funder[k] for k in same} == {k: plain[k] for k in same}


@pytest.mark.parametrize("role", ["analyst", "funder"])
def test_the_scene_s_report_is_pinned_byte_for_byte(compartment, role):
    s = full_scene(compartment)
    viewer = CompartmentViewer({compartment.pk}, Role.ANALYST if role == "analyst" else Role.FUNDER)
    story = build(s.initiative, viewer)
    story.generated = GENERATED
    matches_snapshot(f"contribution-{role}.html", placeholders(report_html(story), s.initiative))


def test_a_story_with_nothing_recorded_says_so(compartment, user):
    initiative = f.initiative(
        compartment=compartment, start_date=date(2020, 1, 1), end_date=date(2020, 12, 31)
    )
    story = build(initiative, user)
    assert story.question == (
        f"Did {initiative.code} {initiative.title} contribute, between 2020-01-01 and 2020-12-31, to: the "
        "changes it set out to influence? And how, beside the other forces at work?"
    )
    assert (story.supports, story.weakens) == ([], [])
    assert story.gaps == [
        "No theory of change: the causal claim has nothing to be checked against.",
        "No change of the conflict maps can be shown for the period: map the context at its start and at "
        "its end.",
    ]
    assert (story.elements, story.positive, story.negative, story.participation) == ([], [], [], None)
    assert story.rpp == [("Individual or personal", [0, 0]), ("Socio-political", [0, 0])]
    # a period given backwards ends where it starts
    backwards = build(initiative, user, start=date(2020, 6, 1), end=date(2020, 3, 1))
    assert (backwards.start, backwards.end) == (date(2020, 6, 1), date(2020, 6, 1))


def test_the_demo_s_stories_are_pinned():
    """Every demo initiative's story over its own dates (today when it runs on: a fixed day instead), as a
    member and as a funder reads it."""
    from multitrack.demo import dataset as demo

    demo.load()
    everything = set(Compartment.objects.values_list("pk", flat=True))
    stories: dict[str, Any] = {}
    for initiative in Initiative.objects.filter(ref__startswith=demo.REF_PREFIX).order_by("ref"):
        start, end = initiative.start_date or date(2015, 1, 1), initiative.end_date or date(2024, 6, 30)
        key = initiative.ref.removeprefix(demo.REF_PREFIX)
        for role in (Role.ANALYST, Role.FUNDER):
            story = build(initiative, CompartmentViewer(everything, role), start=start, end=end)
            plain = summary(story)
            plain["question"] = plain["question"].replace(initiative.code, key)
            stories[f"{key} {role.value}"] = plain
    assert get_user_model().objects.filter(username=demo.DEMO_USER).exists()
    matches_snapshot("contribution-demo.json", json.dumps(stories, indent=1, ensure_ascii=False) + "\n")
