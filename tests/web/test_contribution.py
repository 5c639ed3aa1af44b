"""The contribution story: assembled from the theory of change, indicators, outcomes with their
substantiation, confirmed transfers and conflict-map changes of the period; gaps and what weakens the
claim said plainly; members see statements with actors by code, funders see it without identities; the
page, the HTML file and `multitrack report contribution` tell the same story."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from multitrack.cli import app
from multitrack.web.accounts.access import CompartmentViewer
from multitrack.web.accounts.roles import Role
from multitrack.web.evaluation.models import Measurement, Outcome, Substantiation, Target, TocLink, TocNote
from multitrack.web.evaluation.services import tracing
from multitrack.web.evaluation.services.contribution import build
from multitrack.web.registry.models import Document
from tests import factories as f
from tests.conftest import client_with_role
from tests.web.test_tracing import ACCORD, PAPER

pytestmark = pytest.mark.django_db

SECRET_STATEMENT = "Minister Halvorsen tabled the monitoring formula"
SUBSTANTIATOR = "Deputy of the chief negotiator"


def scene(compartment):
    user = get_user_model().objects.create_user("harvester")
    context = f.context()
    initiative = f.initiative(
        compartment=compartment, context=context, start_date=date(2019, 1, 1), end_date=date(2022, 12, 31)
    )
    toc = f.toc(initiative, as_of=date(2019, 2, 1))
    workshops = f.toc_element(toc, "Problem-solving workshops")
    options = f.toc_element(toc, "Options paper on monitoring", "output")
    adopted = f.toc_element(toc, "Negotiators adopt community monitoring", "outcome")
    untouched = f.toc_element(toc, "Displaced families return", "outcome")
    calmer = f.toc_element(toc, "Fewer clashes in the valleys", "impact")
    TocLink.objects.create(toc=toc, source=workshops, target=options, rationale="Participants draft it.")
    TocLink.objects.create(toc=toc, source=options, target=adopted, rationale="Advisers carry it.")
    TocLink.objects.create(toc=toc, source=adopted, target=calmer)
    TocLink.objects.create(toc=toc, source=untouched, target=calmer, rationale="Returns reduce grievances.")
    TocNote.objects.create(toc=toc, kind="risk", text="Hardliners denounce participants", element=adopted)
    toc.freeze(user)
    meetings = f.indicator(initiative, toc_element=adopted, baseline_value=0)
    Target.objects.create(indicator=meetings, period="2022", value=10)
    Measurement.objects.create(indicator=meetings, period="2020", value=4)
    Measurement.objects.create(indicator=meetings, period="2021", value=10)
    silent = f.indicator(initiative, code="OC2", name="Returns registered")
    person = f.actor(name="Halvorsen Example", compartment=compartment)
    tabled = Outcome.objects.create(
        initiative=initiative, title="Monitoring formula tabled", description=SECRET_STATEMENT,
        social_actor=person, contribution="Two participants advise the minister.",
        observed_on=date(2021, 3, 1), direction="upward", pathway="direct", transferred="ideas",
        effect_on="outcome", rpp_reach="key_people", rpp_level="socio_political",
    )  # fmt: skip
    tabled.toc_elements.add(adopted)
    Substantiation.objects.create(
        outcome=tabled, substantiator=SUBSTANTIATOR, agreement="agree_fully", on=date(2021, 6, 1)
    )
    Substantiation.objects.create(
        outcome=tabled, substantiator="Journalist", agreement="disagree", on=date(2021, 7, 1)
    )
    exposed = Outcome.objects.create(
        initiative=initiative, title="Participants exposed", description="Two were named in the press.",
        contribution="The meeting leaked.", observed_on=date(2020, 5, 1), positive=False, intended=False,
    )  # fmt: skip
    Outcome.objects.create(
        initiative=initiative,
        title="Too early",
        description="d",
        contribution="c",
        observed_on=date(2018, 5, 1),
    )
    paper = Document.objects.create(
        initiative=initiative, title="Options paper", kind="non_paper", date=date(2019, 9, 20), text=PAPER
    )
    accord = Document.objects.create(
        compartment=compartment, title="Interim accord", kind="agreement", date=date(2021, 5, 14), text=ACCORD
    )
    run = tracing.trace_document(paper, CompartmentViewer({compartment.pk}, Role.EDITOR))
    tracing.decide(run.proposed[0], user, "confirmed", "Carried by an adviser.", tabled)
    before = f.conflict_map(context, compartment=compartment, as_of=date(2019, 1, 10))
    army = f.map_node(before, "Northern Command")
    movement = f.map_node(before, "Movement leadership")
    f.map_tie(army, movement, "discord")
    before.freeze(user)
    after = before.new_version(user, as_of=date(2022, 6, 1))
    tie = after.ties.get()
    tie.type = "close"
    tie.save()
    f.map_node(after, "Valley councils")
    after.freeze(user)
    return SimpleNamespace(
        initiative=initiative, tabled=tabled, exposed=exposed, silent=silent, accord=accord
    )


def test_the_story_follows_the_steps_and_says_what_is_missing(compartment, user):
    s = scene(compartment)
    story = build(s.initiative, user)
    assert (story.start, story.end, story.identities) == (date(2019, 1, 1), date(2022, 12, 31), True)
    assert "Fewer clashes in the valleys" in story.question
    assert [o.outcome.title for o in story.outcomes] == ["Participants exposed", "Monitoring formula tabled"]
    assert [o.outcome.title for o in story.negative] == ["Participants exposed"]
    chain = {e.label: e for e in story.elements}
    adopted = chain["Negotiators adopt community monitoring"]
    assert [o.outcome.title for o in adopted.outcomes] == ["Monitoring formula tabled"]
    assert [i.indicator.code for i in adopted.indicators] == ["OC1"] and adopted.risks == [
        "Hardliners denounce participants"
    ]
    assert adopted.indicators[0].status.progress == 1.0
    assert [t.target for t in story.transfers] == [s.accord]
    (change,) = story.maps
    assert change.counts["parties_added"] == 1 and change.counts["ties_changed"] == 1
    assert any("Displaced families return" in g for g in story.gaps)
    assert any("Participants exposed" in g and "not yet substantiated" in g for g in story.gaps)
    assert any("OC2" in g for g in story.gaps) and any("1 link(s) of the theory" in g for g in story.gaps)
    assert any("disputed" in w for w in story.weakens) and any("negative" in w for w in story.weakens)
    assert any("confirmed as taken up" in p for p in story.supports)
    assert any("1 indicator(s) reached their target" in p for p in story.supports)
    # a shorter period leaves out what happened after it
    early = build(s.initiative, user, end=date(2020, 12, 31))
    assert [o.outcome.title for o in early.outcomes] == ["Participants exposed"] and not early.transfers


def test_members_read_statements_funders_read_it_without_identities(compartment):
    s = scene(compartment)
    analyst = client_with_role("analyst", compartment).get(
        f"/evaluation/initiatives/{s.initiative.pk}/contribution/"
    )
    page = analyst.content.decode()
    assert analyst.status_code == 200
    assert SECRET_STATEMENT in page and SUBSTANTIATOR in page and "<mark>committee</mark>" in page
    assert s.tabled.social_actor.code in page and "Halvorsen Example" not in page
    assert "Northern Command" in page  # a party of the map (no person)
    funder = client_with_role("funder", compartment).get(
        f"/evaluation/initiatives/{s.initiative.pk}/contribution/"
    )
    text = funder.content.decode()
    assert funder.status_code == 200 and "funder's view" in text
    assert "Monitoring formula tabled" in text and "Negotiators adopt community monitoring" in text
    assert "1 agree fully" in text.casefold() or "1 agrees fully" in text.casefold()
    hidden = [SECRET_STATEMENT, SUBSTANTIATOR, "Journalist", "committee of both sides", "Halvorsen"]
    hidden += ["Two participants advise", s.tabled.social_actor.code, "Northern Command"]
    assert [h for h in hidden if h in text] == []
    assert "Interim accord" in text  # the official text is named, its passage is not
    outsider = client_with_role("owner", f.compartment())
    assert outsider.get(f"/evaluation/initiatives/{s.initiative.pk}/contribution/").status_code == 404


def test_the_html_file_and_the_command_line(compartment, auth_client, tmp_path: Path):
    s = scene(compartment)
    response = auth_client.get(f"/evaluation/initiatives/{s.initiative.pk}/contribution.html?to=2021-12-31")
    assert response["Content-Disposition"] == (
        f'attachment; filename="contribution-{s.initiative.code}-2021-12-31.html"'
    )
    html = response.content.decode()
    assert html.startswith("<!doctype html>") and "<style>" in html and "/static/" not in html
    assert "Monitoring formula tabled" in html
    bad = auth_client.get(f"/evaluation/initiatives/{s.initiative.pk}/contribution/?from=2019-13-01")
    assert "from: not a date" in bad.content.decode()
    runner = CliRunner()
    target = tmp_path / "story.html"
    result = runner.invoke(app, ["report", "contribution", s.initiative.code, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "2 outcome(s), 2 indicator(s), 1 confirmed transfer(s)" in result.stdout
    assert SECRET_STATEMENT in target.read_text(encoding="utf-8")
    funder_file = tmp_path / "funder.html"
    result = runner.invoke(
        app, ["report", "contribution", s.initiative.code, "--funder", "-o", str(funder_file)]
    )
    assert result.exit_code == 0 and "funder's view" in result.stdout
    written = funder_file.read_text(encoding="utf-8")
    assert (
        "Monitoring formula tabled" in written
        and SECRET_STATEMENT not in written
        and SUBSTANTIATOR not in written
    )
    missing = runner.invoke(app, ["report", "contribution", "NOPE"])
    assert missing.exit_code == 2 and "no initiative 'NOPE'" in missing.output
    late = runner.invoke(app, ["report", "contribution", s.initiative.code, "--to", "31/12/2021"])
    assert late.exit_code == 2 and "--to: '31/12/2021' is not a date" in late.output


def test_who_took_part_is_in_the_story_suppressed_whoever_reads_it(compartment):
    """The story's participation section: persons by gender per year, shares of presence and influence,
    reference lines and flags, with the chart as an image — always suppressed (a story is a report), so an
    owner and a funder read the same figures; a group present without influence weakens the claim."""
    initiative = f.initiative(
        compartment=compartment, start_date=date(2020, 1, 1), end_date=date(2021, 12, 31)
    )
    first, second = (
        f.event(initiative, start_date=date(2020, 3, 1)),
        f.event(initiative, start_date=date(2021, 3, 1)),
    )
    plan = [
        (first, "woman", "participant", 8),
        (first, "man", "participant", 3),
        (first, "man", "negotiator", 5),
        (second, "woman", "participant", 6),
        (second, "woman", "facilitator", 5),
        (second, "man", "participant", 7),
        (second, "man", "negotiator", 1),
    ]
    for event, gender, role, n in plan:
        for _ in range(n):
            f.participate(initiative, f.actor(gender=gender, compartment=compartment), role, event=event)
    url = f"/evaluation/initiatives/{initiative.pk}/contribution/"
    owner = client_with_role("owner", compartment).get(url).content.decode()
    funder = client_with_role("funder", compartment).get(url).content.decode()

    def section(page: str) -> str:
        return page[page.index("<h3>Who took part</h3>") : page.index("<h3>How the conflict changed</h3>")]

    assert section(owner) == section(funder)
    text = section(owner)
    assert "Counts below 5 are suppressed in all the tables of this question together" in text
    assert "Persons by gender and year" in text and "Women among negotiators" in text
    image = text.split('src="data:image/svg+xml;base64,', 1)[1].split('"', 1)[0]
    assert base64.b64decode(image).startswith(b"<svg")
    cells = [int(c) for c in re.findall(r"<td>(\d+)</td>", text)]
    assert cells and all(n == 0 or n >= 5 for n in cells)  # the lone negotiator of 2021 is not shown
    assert "Present without influence: woman in 2020" in owner
    story = build(initiative, CompartmentViewer({compartment.pk}, Role.OWNER))
    assert story.participation is not None and story.participation.published
