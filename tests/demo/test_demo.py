"""The fictional demo dataset: it says it is fiction, loads once, and covers every classification outcome."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from multitrack.core import conflictmap as core
from multitrack.core import indicators as indicators_core
from multitrack.core import toc as toc_core
from multitrack.core import vocab
from multitrack.core.classify import Classification
from multitrack.demo import dataset as demo
from multitrack.web.conflictmaps.models import (
    ConflictMap,
    DnhFactor,
    MapComment,
    MapContributor,
    MapNode,
    MapTie,
)
from multitrack.web.consultations.models import Consultation
from multitrack.web.evaluation.models import Indicator, Outcome, TheoryOfChange
from multitrack.web.registry.models import (
    Actor,
    Context,
    Document,
    Event,
    Initiative,
    Participation,
    Relationship,
    TrackOverride,
)
from tests.demo.common import counts

NOTICE = "Fictional data for demonstration. Any resemblance to real persons or organisations is coincidental."

# What each demo initiative is meant to show: (track, phase, mode). A change here means the demo's story
# (or the classification rules) changed; update the demo's documentation with it.
EXPECTED = {
    "I-01": ("2", "classic", "hard"),  # scholar-practitioner problem-solving workshops, transfer to Track One
    "I-02": ("2", "classic", "soft"),  # reflection group: relationships and public opinion
    "I-03": ("2", "new", "hard"),  # back channel, officials in a private capacity, a listed participant
    "I-04": ("1.5", "new", "hard"),  # NGO convenes both negotiating teams in their official capacity
    "I-05": ("1", "classic", "hard"),  # regional organisation mediates the formal talks
    "I-06": ("1.5", "new", "hard"),  # grassroots consultations presented to the negotiators
    "I-07": ("3", "new", "soft"),  # elders mediate a local water-sharing agreement
    "I-08": ("2", "new", "soft"),  # faith-based healing circles; overridden to Track 3
    "I-09": ("2", "new", "hard"),  # study tour for mid-level members of both sides
    "I-10": ("2", "new", "soft"),  # practical guide for journalists
    "I-11": ("3", "classic", "soft"),  # market-day dialogue in the second context
}


def classifications() -> dict[str, Classification]:
    """Each demo initiative's classification, by its key in the demo file."""
    return {
        initiative.ref.removeprefix(demo.REF_PREFIX): initiative.classification()
        for initiative in Initiative.objects.for_classification()
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[demo.LoadSummary]:
    """The demo, loaded once for the module. Every test runs in a savepoint of the transaction that holds
    it (as pytest-django runs each test), so what one test changes is rolled back before the next; the
    rows go at the module's end. The tests that need an empty database are in test_demo_refused.py."""
    with django_db_blocker.unblock():
        held = transaction.atomic()
        held.__enter__()
        try:
            summary = demo.load()
        except BaseException:
            held.__exit__(None, None, None)
            raise
    yield summary
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        held.__exit__(None, None, None)


@pytest.fixture
def summary(loaded: demo.LoadSummary, db: Any) -> demo.LoadSummary:
    return loaded


def test_the_file_says_it_is_fiction() -> None:
    assert demo.read()["notice"] == NOTICE


def test_the_file_names_no_real_country() -> None:
    assert all(context["countries"] == [] for context in demo.read()["contexts"])


@pytest.mark.django_db
def test_load_writes_the_demo_and_summarises_it_on_one_line(summary: demo.LoadSummary) -> None:
    assert not summary.already_loaded
    assert summary.contexts == Context.objects.count() == 2
    assert summary.actors == Actor.objects.count()
    assert 55 <= summary.actors <= 75
    assert summary.initiatives == Initiative.objects.count() >= 8
    assert summary.events == Event.objects.count() >= 30
    assert summary.participations == Participation.objects.count() >= 150
    assert summary.relationships == Relationship.objects.count() >= 40
    assert summary.documents == Document.objects.count() >= 3
    assert summary.overrides == TrackOverride.objects.count() == 1
    assert summary.maps == ConflictMap.objects.count() == 5
    assert summary.tocs == TheoryOfChange.objects.count() == 2
    assert summary.indicators == Indicator.objects.count() == 3
    assert summary.outcomes == Outcome.objects.count() == 4
    text = str(summary)
    assert "\n" not in text
    assert re.fullmatch(
        r"2 contexts, \d+ actors, \d+ initiatives, \d+ events, \d+ participations, \d+ relationships, "
        r"\d+ documents, 1 track override, 5 conflict maps, 2 theories of change, 3 indicators, "
        r"4 outcomes, \d+ possible transfers, 1 consultation loaded",
        text,
    )


@pytest.mark.django_db
def test_actors_span_the_levels_the_nine_tracks_and_kinds(summary: demo.LoadSummary) -> None:
    assert set(Actor.objects.values_list("level", flat=True)) == {"top", "middle", "grassroots"}
    nine = {code for tracks in Actor.objects.values_list("nine_tracks", flat=True) for code in tracks}
    assert len(nine) >= 6
    assert set(Actor.objects.values_list("kind", flat=True)) == {"person", "organisation", "group"}
    statuses = set(Actor.objects.filter(kind="person").values_list("official_status", flat=True))
    assert statuses == {"serving_official", "former_official", "unofficial"}
    # Gender is encrypted at rest: it is read back and counted here, not filtered on in SQL.
    genders = Actor.objects.filter(kind="person").values_list("gender", flat=True)
    assert sum(1 for g in genders if g == "") >= 2
    assert Actor.objects.filter(proscription_status="listed", kind="organisation").exists()


@pytest.mark.django_db
def test_women_and_men_take_part_in_different_roles(summary: demo.LoadSummary) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for gender, role in Participation.objects.values_list("actor__gender", "role"):
        roles[gender].add(role)
    for gender in ("woman", "man"):
        assert {"participant", "facilitator", "negotiator", "insider_mediator"} <= roles[gender], gender
    assert len(roles["woman"]) >= 6 and len(roles["man"]) >= 6
    used = {role for found in roles.values() for role in found}
    assert {"convener", "resource_person", "observer", "funder"} <= used
    assert Participation.objects.filter(attended=False).exists()
    assert (
        Participation.objects.filter(spoke=True).exists()
        and Participation.objects.filter(spoke=False).exists()
    )


@pytest.mark.django_db
def test_relationships_are_typed_dated_and_sourced(summary: demo.LoadSummary) -> None:
    types = set(Relationship.objects.values_list("type", flat=True))
    assert types == {"close", "alliance", "informal", "influence", "discord", "broken"}
    assert not Relationship.objects.filter(valid_from=None).exists()
    assert not Relationship.objects.filter(evidence="").exists()
    assert set(Relationship.objects.values_list("confidence", flat=True)) == {"low", "medium", "high"}


@pytest.mark.django_db
def test_classification_covers_every_track_phase_and_mode(summary: demo.LoadSummary) -> None:
    found = classifications()
    assert {c.track for c in found.values()} == {"1", "1.5", "2", "3"}
    assert {c.phase for c in found.values()} == {"classic", "new"}
    assert {c.mode for c in found.values()} == {"hard", "soft"}
    warnings = {code for c in found.values() for code in c.warning_codes()}
    assert {"declared_track_differs", "proscribed_participant"} <= warnings
    assert any({"1", "3"} <= set(c.linked_tracks) for c in found.values())


@pytest.mark.django_db
def test_each_initiative_classifies_as_its_story_says(summary: demo.LoadSummary) -> None:
    found = classifications()
    assert {ref: (c.track, c.phase, c.mode) for ref, c in found.items()} == EXPECTED
    assert found["I-06"].linked_tracks == ("1", "3")  # Track Three linked directly to Track One
    assert "link_track_three_to_one" in Initiative.objects.get(ref="demo-I-06").objectives
    assert "proscribed_participant" in found["I-03"].warning_codes()
    assert "declared_track_differs" in found["I-03"].warning_codes()


@pytest.mark.django_db
def test_one_override_records_its_reason_and_the_demo_analyst(summary: demo.LoadSummary) -> None:
    override = TrackOverride.objects.get()
    assert override.initiative.ref == "demo-I-08"
    assert (override.computed_track, override.track) == ("2", "3")
    assert override.reason and override.withdrawn_at is None
    assert override.created_by.username == demo.DEMO_USER
    assert not override.created_by.has_usable_password()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(summary: demo.LoadSummary) -> None:
    before = counts()
    again = demo.load()
    assert again.already_loaded
    assert "already loaded" in str(again)
    assert counts() == before


@pytest.mark.django_db
def test_remains_of_an_earlier_load_stop_a_new_one(summary: demo.LoadSummary) -> None:
    ConflictMap.objects.all().delete()  # the contexts are protected while maps and initiatives point at them
    Outcome.objects.all().delete()  # the initiatives are protected while outcomes, indicators and
    Indicator.objects.all().delete()
    TheoryOfChange.objects.all().delete()  # theories of change point at them
    Consultation.objects.all().delete()  # and consultations
    Initiative.objects.all().delete()
    Context.objects.all().delete()
    with pytest.raises(demo.DemoDataError, match="remove what is left"):
        demo.load()


def test_check_reports_dangling_references_and_unknown_fields() -> None:
    data = demo.read()
    data["relationships"][0]["target"] = "A-999"
    data["initiatives"][0]["colour"] = "blue"
    problems = list(demo.check(data))
    assert any("no record in actors has the key 'A-999'" in p for p in problems)
    assert any("unknown field 'colour'" in p for p in problems)


def test_check_survives_a_malformed_file() -> None:
    data = {
        "notice": 1,
        "contexts": "none",
        "actors": [{"ref": ["A-1"], "kind": ["person"]}],
        "initiatives": [],
    }
    problems = list(demo.check(data))
    assert "file: field notice: expected text" in problems
    assert "file: field contexts must be a list of objects" in problems
    assert any("field kind: unknown actor_kinds code ['person']" in p for p in problems)
    assert list(demo.check([])) == ["the file must hold a JSON object"]


# --- Conflict maps -----------------------------------------------------------------------------------------


def versions(perspective: str) -> list[ConflictMap]:
    return list(ConflictMap.objects.filter(perspective=perspective).order_by("as_of", "pk"))


def names(*maps: ConflictMap) -> dict[str, str]:
    """Stored node key -> the demo key of the linked actor ("A-044"), else the node's kind: enough to tell
    the nodes of the demo's maps apart in a test without their labels."""
    return {
        n.key: n.actor.ref.removeprefix(demo.REF_PREFIX) if n.actor else n.kind
        for n in MapNode.objects.filter(map__in=maps).select_related("actor")
    }


def ties(
    changes: tuple[core.TieChange, ...], named: dict[str, str]
) -> set[tuple[str, str, str | None, str | None]]:
    out: set[tuple[str, str, str | None, str | None]] = set()
    for c in changes:
        shown = c.after or c.before
        assert shown is not None
        out.add(
            (named[shown.source], named[shown.target], c.before and c.before.type, c.after and c.after.type)
        )
    return out


@pytest.mark.django_db
def test_conflict_maps_are_loaded_as_versions_in_their_contexts_compartment(
    summary: demo.LoadSummary,
) -> None:
    team = versions("Facilitation team")
    assert [m.as_of.year for m in team] == [2022, 2023, 2024]
    assert [m.based_on for m in team] == [None, team[0], team[1]]
    assert [m.is_saved for m in team] == [True, True, False]  # the newest stays a draft, for the editor
    assert ConflictMap.objects.filter(saved_at=None).get() == team[-1]
    assert all(m.saved_by.username == demo.DEMO_USER for m in team[:2])
    women = ConflictMap.objects.get(perspective="Women's groups in the north")
    assert women.is_saved and women.as_of == team[1].as_of  # the same date: two views side by side
    for m in ConflictMap.objects.select_related("context", "compartment"):
        assert m.compartment.name == demo.DEMO_COMPARTMENT_PREFIX + m.context.name
        assert 6 <= m.nodes.count() <= 10
        kinds = list(m.nodes.values_list("kind", flat=True))
        assert "external" in kinds and kinds.count("issue") >= 2
        assert all(1 <= n.power <= 5 for n in m.nodes.exclude(kind="issue"))
        assert m.problems() == []
    assert set(MapTie.objects.values_list("type", flat=True)) == set(vocab.RELATIONSHIP_TYPES.codes())
    factors = DnhFactor.objects.all()
    assert {f.category for f in factors} == set(vocab.SAVES.codes())
    assert {f.kind for f in factors} == {"divider", "connector"}
    linked = {i.ref for f in factors.prefetch_related("initiatives") for i in f.initiatives.all()}
    assert {"demo-I-08", "demo-I-11"} <= linked
    assert all(i.compartment_id == f.map.compartment_id for f in factors for i in f.initiatives.all())
    consents = {(c.actor is None, c.consent) for c in MapContributor.objects.all()}
    assert {(False, "given"), (False, "anonymous"), (True, "given")} <= consents
    assert {c.user.username for c in MapContributor.objects.exclude(user=None)} == {demo.DEMO_USER}
    comments = MapComment.objects.all()
    assert all(c.author.username == demo.DEMO_USER for c in comments)
    assert comments.exclude(node=None).exists() and comments.exclude(tie=None).exists()
    assert comments.exclude(factor=None).exists()
    assert [m.comments.count() for m in team] == [0, 2, 1]  # a copy does not take its original's comments


@pytest.mark.django_db
def test_consecutive_versions_differ_by_what_changed_not_by_everything(summary: demo.LoadSummary) -> None:
    first, second, third = versions("Facilitation team")
    named = names(first, second, third)

    change = core.diff(first.snapshot(), second.snapshot())
    assert [named[n.key] for n in change.added] == ["A-044"]  # the eastern sector's commander appears
    assert change.gone == () and change.renamed == ()
    assert {(named[c.after.key], c.before.power, c.after.power) for c in change.power_changes} == {
        ("A-005", 2, 3)
    }
    assert ties(change.ties_formed, named) == {
        ("A-003", "A-002", None, "influence"),  # an influence arrow appears between parties already there
        ("A-004", "A-044", None, "influence"),
        ("A-044", "A-003", None, "discord"),
    }
    assert ties(change.ties_changed, named) == {
        ("A-018", "A-002", "discord", "informal"),
        ("A-007", "A-018", "close", "informal"),
    }
    assert change.ties_broken == change.ties_removed == ()
    assert (change.unchanged_nodes, change.unchanged_ties) == (8, 6)

    change = core.diff(second.snapshot(), third.snapshot())
    assert change.added == change.gone == ()
    assert {(named[c.after.key], c.before.power, c.after.power) for c in change.power_changes} == {
        ("A-004", 4, 3),
        ("A-044", 2, 3),
    }
    assert [named[c.after.key] for c in change.renamed] == ["issue"]
    assert ties(change.ties_broken, named) == {("A-005", "A-004", "alliance", "broken")}  # an alliance breaks
    assert ties(change.ties_removed, named) == {("A-004", "A-044", "influence", None)}
    assert ties(change.ties_formed, named) == {
        ("A-004", "A-044", None, "discord"),
        ("A-005", "A-002", None, "informal"),
    }
    assert change.ties_changed == ()
    assert (change.unchanged_nodes, change.unchanged_ties) == (7, 9)


@pytest.mark.django_db
def test_two_perspectives_of_one_date_are_matched_by_their_registry_actors(summary: demo.LoadSummary) -> None:
    team = versions("Facilitation team")[1]
    women = ConflictMap.objects.get(perspective="Women's groups in the north")
    named = names(team, women)
    change = core.diff(team.snapshot(), women.snapshot())
    shared = {named[c.after.key] for c in change.renamed} | {named[c.after.key] for c in change.power_changes}
    assert {"A-003", "A-004", "A-018", "A-044"} <= shared
    assert {(named[c.after.key], c.before.power, c.after.power) for c in change.power_changes} == {
        ("A-044", 2, 4)  # the commander looms larger from the valleys than from the facilitation team
    }


@pytest.mark.django_db
def test_persons_on_maps_are_shown_by_pseudonym_unless_revealed(summary: demo.LoadSummary) -> None:
    person_names = {a["name"] for a in demo.read()["actors"] if a["kind"] == "person"}
    for m in ConflictMap.objects.all():
        assert not person_names & {n.label for n in m.snapshot().nodes}, m
    commander = Actor.objects.get(ref="demo-A-044")
    node = MapNode.objects.filter(actor=commander, map__perspective="Facilitation team").first()
    assert node is not None
    shown = {n.key: n.label for n in node.map.snapshot().nodes}
    revealed = {n.key: n.label for n in node.map.snapshot(reveal=True).nodes}
    assert shown[node.key] == commander.code != commander.name
    assert revealed[node.key] == commander.name  # the file leaves the label out: the actor's name is used
    named = MapNode.objects.get(names_person=True)  # a person named on a map, not in the registry
    assert {n.key: n.label for n in named.map.snapshot().nodes}[named.key] == f"Person {named.key[:6]}"
    assert {n.key: n.label for n in named.map.snapshot(reveal=True).nodes}[named.key] == named.label


@pytest.mark.django_db
def test_saved_versions_are_immutable_after_the_load(summary: demo.LoadSummary) -> None:
    saved = versions("Facilitation team")[0]
    node = saved.nodes.first()
    assert node is not None
    node.power = 1
    with pytest.raises(ValidationError):
        node.save()


def _map_problems(change: Any) -> list[str]:
    data = demo.read()
    change(data["conflict_maps"])
    return list(demo.check(data))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda maps: maps[0]["ties"][1].update(target="nobody"),
            "conflict_maps[0] M-01, ties[1]: field target: no node with key 'nobody' on this map",
        ),
        (
            lambda maps: maps[0]["ties"].append({"source": "army", "target": "gov", "type": "close"}),
            "conflict_maps[0] M-01, ties[8]: nodes army and gov already have a line; give one tie only",
        ),
        (
            lambda maps: maps[2]["nodes"][3].update(power=7),
            "conflict_maps[2] M-03, nodes[3] elders: field power: must be from 1 (little) to 5 (dominant), "
            "not 7",
        ),
        (
            lambda maps: maps[2]["nodes"][8].update(power=2),
            "conflict_maps[2] M-03, nodes[8] passage: field power: an issue has no power; leave it out",
        ),
        (
            lambda maps: maps[0]["nodes"][0].update(actor="A-999"),
            "conflict_maps[0] M-01, nodes[0] gov: field actor: no record in actors has the key 'A-999'",
        ),
        (
            lambda maps: maps[0]["nodes"][8].pop("label"),
            "conflict_maps[0] M-01, nodes[8] land: field label is required unless the node is linked to an "
            "actor",
        ),
        (
            lambda maps: maps[0]["nodes"][1].update(key="gov"),
            "conflict_maps[0] M-01: node key 'gov' is used 2 times",
        ),
        (
            lambda maps: maps[0]["factors"][0].update(category="economy"),
            "conflict_maps[0] M-01, factors[0]: field category: unknown saves code 'economy'",
        ),
        (
            lambda maps: maps[0]["factors"][0].update(initiatives=["I-11"]),
            "conflict_maps[0] M-01, factors[0]: field initiatives: initiative I-11 is of another context",
        ),
        (
            lambda maps: maps[1].update(based_on="M-04"),
            "conflict_maps[1] M-02: field based_on: map M-04 must come earlier in the list",
        ),
        (
            lambda maps: maps[4].update(based_on="M-01"),
            "conflict_maps[4] M-05: field based_on: map M-01 is of another context",
        ),
        (
            lambda maps: maps[1].update(based_on="M-99"),
            "conflict_maps[1] M-02: field based_on: no record in conflict_maps has the key 'M-99'",
        ),
        (
            lambda maps: maps[0]["contributors"][0].update(user="root"),
            "conflict_maps[0] M-01, contributors[0]: field user: unknown user 'root'",
        ),
        (
            lambda maps: maps[0]["contributors"][1].update(user=demo.DEMO_USER),
            "conflict_maps[0] M-01, contributors[1]: give either an actor or a user",
        ),
        (
            lambda maps: maps[0].update(nodes=[]),
            "conflict_maps[0] M-01: a saved version needs at least one node (or mark it as a draft)",
        ),
    ],
)
def test_check_names_the_place_of_each_map_problem(change: Any, expected: str) -> None:
    problems = _map_problems(change)
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.django_db
def test_theories_of_change_are_loaded_as_versions_whose_revision_fixes_the_warnings(
    summary: demo.LoadSummary,
) -> None:
    first, second = TheoryOfChange.objects.order_by("as_of")
    assert first.is_saved and second.is_saved and second.based_on == first
    assert first.initiative.ref == demo.REF_PREFIX + "I-01"
    assert [w.code for w in toc_core.warnings(first.snapshot())] == [
        "orphan_outcome",
        "link_without_rationale",
    ]
    assert toc_core.warnings(second.snapshot()) == []
    d = toc_core.diff(first.snapshot(), second.snapshot())
    assert d.added == ("Joint non-paper on ceasefire modalities",) and d.unchanged["elements"] == 7


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda tocs: tocs[0]["links"][0].update({"to": "nowhere"}),
            "theories_of_change[0] T-01: link 'a-workshops' → 'nowhere': no element with key 'nowhere'",
        ),
        (
            lambda tocs: tocs[0]["elements"][0].update(level="goal"),
            "theories_of_change[0] T-01, elements[0] a-workshops: field level: "
            "unknown toc_levels code 'goal'",
        ),
        (
            lambda tocs: tocs[1].update(based_on="T-09"),
            "theories_of_change[1] T-02: field based_on: T-09 must be an earlier entry of the list",
        ),
    ],
)
def test_check_names_the_place_of_each_toc_problem(change: Any, expected: str) -> None:
    data = demo.read()
    change(data["theories_of_change"])
    problems = list(demo.check(data))
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.django_db
def test_indicators_measure_the_revised_theory_and_show_progress(summary: demo.LoadSummary) -> None:
    oc1, oc2, op1 = Indicator.objects.order_by("code")
    assert oc1.toc_element is not None and oc1.toc_element.key == "c-agenda"
    assert oc1.toc_element.toc.as_of.year == 2019
    status = oc1.current()
    assert status.latest is not None and status.latest.period.label == "2020"
    assert (status.target, status.target_period, status.progress) == (5, "2021", 0.8)
    assert oc2.kind == "qualitative" and oc2.current().latest is not None
    totals = {p.period.label: p.value for p in indicators_core.totals(op1.measurements_core())}
    assert totals == {"2016": 22, "2017": 23, "2018": 24, "2019": 26}
    # the frequency, unless the file gives it, is the one the values are recorded at
    assert (oc1.frequency, oc2.frequency, op1.frequency) == ("year", "half", "year")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda ind: ind[0].update(measures="T-02/nothing"),
            "indicators[0] OC1: field measures: no theory-of-change element 'T-02/nothing'",
        ),
        (
            lambda ind: ind[0]["values"][0].update(period="2016-Q9"),
            "indicators[0] OC1, values[0]: field period: '2016-Q9' is not a period",
        ),
        (
            lambda ind: ind[0]["targets"][0].update(value="two"),
            "indicators[0] OC1, targets[0] : field value: expected a number",
        ),
    ],
)
def test_check_names_the_place_of_each_indicator_problem(change: Any, expected: str) -> None:
    data = demo.read()
    change(data["indicators"])
    problems = list(demo.check(data))
    assert any(p.startswith(expected.replace(" :", ":")) for p in problems), problems


@pytest.mark.django_db
def test_outcomes_are_classified_substantiated_and_linked(summary: demo.LoadSummary) -> None:
    tabled = Outcome.objects.get(title="Workshop formula tabled in the formal talks")
    assert (tabled.direction, tabled.pathway, tabled.transferred, tabled.effect_on) == (
        "upward", "direct", "ideas", "outcome",
    )  # fmt: skip
    assert tabled.rpp_quadrant == "Key people × Socio-political"
    assert sorted(e.key for e in tabled.toc_elements.all()) == ["c-agenda", "o-options"]
    assert [s.agreement for s in tabled.substantiations.all()] == ["agree_fully", "agree_partially"]
    # the concept note, plus the communiqué and the agenda of the confirmed transfer
    assert sorted(d.title for d in tabled.evidence.all()) == [
        "Agenda of the third round of formal talks (fictional)",
        "Communiqué of the sixth Highland problem-solving workshop",
        "Concept note: Highland Problem-Solving Workshops",
    ]
    negative = Outcome.objects.get(positive=False)
    assert not negative.intended and negative.rpp_quadrant == "More people × Individual or personal"


@pytest.mark.django_db
def test_track_two_outputs_are_traced_and_two_transfers_confirmed(summary: demo.LoadSummary) -> None:
    from multitrack.web.evaluation.models import Transfer

    assert summary.transfers == Transfer.objects.count() > 10
    confirmed = Transfer.objects.filter(status="confirmed").select_related("source", "target", "outcome")
    assert sorted((t.source.kind, t.target.kind, t.outcome.title) for t in confirmed) == [
        ("communique", "official_statement", "Workshop formula tabled in the formal talks"),
        ("report", "agreement", "Valley priorities in the humanitarian access agreement"),
    ]
    assert all(t.decided_by.username == demo.DEMO_USER and t.note for t in confirmed)
    # the date rule: the 2018 statement is never proposed for the outputs of 2019 and later
    statement = Transfer.objects.filter(target__title__startswith="Statement of the Peace Commissioner")
    assert all(t.source.date < t.target.date for t in statement)
    # the communiqué's best proposal is the agenda item that took up its two-tier formula
    best = Transfer.objects.filter(source__kind="communique").order_by("rank").first()
    assert best.target.kind == "official_statement" and "two-tier structure" in best.target_text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t[0].update(source="D-09"), "transfers[0]: field source: D-09 is an official text"),
        (lambda t: t[0].update(target="D-02"), "transfers[0]: field target: D-02 is not an official"),
        (lambda t: t[1].update(target="D-09"), "transfers[1]: field target: D-09 is dated before D-04"),
        (lambda t: t[0].update(status="maybe"), "transfers[0]: field status: 'maybe' is not confirmed"),
        (
            lambda t: t[0].update(outcome="Nothing"),
            "transfers[0]: field outcome: no outcome titled 'Nothing'",
        ),
    ],
)
def test_check_names_the_place_of_each_transfer_problem(change: Any, expected: str) -> None:
    data = demo.read()
    change(data["transfers"])
    problems = list(demo.check(data))
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.django_db
def test_the_demo_gives_a_non_trivial_inclusion_picture(summary: demo.LoadSummary) -> None:
    from multitrack.core import inclusion
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.accounts.roles import Role
    from multitrack.web.inclusion.models import PersonAttribute
    from multitrack.web.inclusion.services.records import records

    assert PersonAttribute.objects.get(code="displacement").values == [
        "displaced",
        "host community",
        "returnee",
    ]
    reader = CompartmentViewer(set(Compartment.objects.values_list("pk", flat=True)), Role.ANALYST)
    found = records(reader)
    assert len({r.person for r in found}) > 30
    assert {r.value("displacement") for r in found} >= {"displaced", "host community", "returnee"}
    table = inclusion.crosstab(found, ["gender", "displacement"], ["track"])
    assert len(table.row_labels) >= 6 and len(table.col_labels) >= 3
    shares = inclusion.shares(inclusion.share_table(found, ["gender"], ["track"]))
    assert any(s.gap is not None and s.gap < 0 for s in shares)  # someone is more counted than heard
    assert any(s.gap is not None and s.gap > 0 for s in shares)
    assert inclusion.tokenism(found, ["gender", "displacement"])  # at least one group present, not heard


@pytest.mark.django_db
def test_the_demo_consultation_has_visible_groups_in_two_languages(summary: demo.LoadSummary) -> None:
    from multitrack.web.consultations.models import Consultation, Vote
    from multitrack.web.consultations.report import build
    from multitrack.web.consultations.services.analysis import current

    c = Consultation.objects.get()
    assert c.languages == ["en", "fr"] and c.initiative.ref == "demo-I-06"
    assert 500 <= Vote.objects.filter(consultation=c).count() <= 2000  # a few hundred generated votes
    assert all(set(s.texts) == {"en", "fr"} for s in c.statements.filter(seed=True))
    assert c.statements.filter(status="pending").count() == 1  # one for the moderation queue
    result = current(c)
    assert result.analysis.k == 3 and all(g.size >= 5 for g in result.analysis.groups)
    report = build(c, result)
    assert len(report.consensus) >= 2 and report.divisive and all(g.representative for g in report.groups)
    assert c.report is not None and c.report.kind == "consultation_report"
