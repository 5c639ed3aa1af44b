from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from multitrack.core import vocab
from multitrack.sources import csv_templates
from multitrack.sources.csv_file import ACTOR_COLUMNS, INITIATIVE_COLUMNS, ImportFailed
from multitrack.web.audit.models import AuditEvent
from multitrack.web.registry.models import Actor, Context, Initiative
from multitrack.web.registry.services import csv_io
from tests import factories as f

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zelda Quixote-Marsh"
ACTOR_COLUMN_LIST = ", ".join(ACTOR_COLUMNS)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def actors_file(tmp_path: Path, *rows: dict[str, str], name: str = "actors.csv") -> Path:
    return write_csv(tmp_path / name, ACTOR_COLUMNS, list(rows))


def initiatives_file(tmp_path: Path, *rows: dict[str, str]) -> Path:
    return write_csv(tmp_path / "initiatives.csv", INITIATIVE_COLUMNS, list(rows))


def person(ref: str, /, **cells: str) -> dict[str, str]:
    return {"ref": ref, "kind": "person", "name": f"Person {ref}", "level": "middle", **cells}


def org(ref: str, /, **cells: str) -> dict[str, str]:
    return {"ref": ref, "kind": "organisation", "name": f"Organisation {ref}", **cells}


def initiative_row(ref: str, context: str, /, **cells: str) -> dict[str, str]:
    return {
        "ref": ref,
        "context": context,
        "title": f"Initiative {ref}",
        "format": "dialogue_series",
        **cells,
    }


def problems_of(kind: str, path: Path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        csv_io.import_file(kind, path, f.default_compartment())
    return failed.value.problems


def export_text(kind: str) -> str:
    buffer = io.StringIO()
    csv_io.export(kind, buffer)
    return buffer.getvalue()


# --- Importing ---------------------------------------------------------------------------------------


def test_the_shipped_templates_import_and_reimport_unchanged():
    Context.objects.create(name="Example context (fictional)")
    actors = csv_templates.template_path("actors")
    initiatives = csv_templates.template_path("initiatives")
    assert (
        str(csv_io.import_file("actors", actors, f.default_compartment()))
        == "2 created, 0 updated, 0 unchanged"
    )
    assert (
        str(csv_io.import_file("initiatives", initiatives, f.default_compartment()))
        == "1 created, 0 updated, 0 unchanged"
    )

    centre = Actor.objects.get(ref="EXAMPLE-O1")
    example = Actor.objects.get(ref="EXAMPLE-P1")
    assert example.affiliation == centre and example.nine_tracks == ["2", "5"] and example.country == "COL"
    initiative = Initiative.objects.get(ref="EXAMPLE-I1")
    assert initiative.third_party == centre and list(initiative.funders.all()) == [centre]
    assert initiative.objectives == ["relationship_building", "transfer_to_track_one"]
    assert (initiative.start_date, initiative.end_date) == (date(2024, 1, 15), date(2024, 12, 31))

    assert (
        str(csv_io.import_file("actors", actors, f.default_compartment()))
        == "0 created, 0 updated, 2 unchanged"
    )
    assert (
        str(csv_io.import_file("initiatives", initiatives, f.default_compartment()))
        == "0 created, 0 updated, 1 unchanged"
    )


def test_the_shipped_templates_have_the_documented_columns():
    for kind in csv_templates.KINDS:
        header = csv_templates.template_path(kind).read_text(encoding="utf-8").splitlines()[0]
        assert tuple(header.split(",")) == {"actors": ACTOR_COLUMNS, "initiatives": INITIATIVE_COLUMNS}[kind]


def test_reimporting_a_file_changes_nothing_and_duplicates_nothing(tmp_path):
    path = actors_file(tmp_path, person("A-1"), org("O-X", contexts=""), person("A-2", affiliation_ref="O-X"))
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "3 created, 0 updated, 0 unchanged"
    )
    stamps = dict(Actor.objects.values_list("ref", "updated_at"))
    report = csv_io.import_file("actors", path, f.default_compartment())
    assert str(report) == "0 created, 0 updated, 3 unchanged"
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert Actor.objects.count() == 3
    assert dict(Actor.objects.values_list("ref", "updated_at")) == stamps
    # the service audits each import, whichever shell calls it, in the import's transaction
    summaries = list(AuditEvent.objects.filter(action="import").values_list("summary", flat=True))
    assert summaries == [
        "actors CSV imported: 3 created, 0 updated, 0 unchanged",
        "actors CSV imported: 0 created, 0 updated, 3 unchanged",
    ]


def test_a_row_updates_the_actor_with_its_ref(tmp_path):
    stored = f.actor(ref="A-1", level="top", position="Mayor")
    code = stored.code
    path = actors_file(tmp_path, person("A-1", level="grassroots"), person("A-2"))
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "1 created, 1 updated, 0 unchanged"
    )
    stored.refresh_from_db()
    assert (stored.level, stored.position, stored.name, stored.code) == ("grassroots", "", "Person A-1", code)


def test_a_row_whose_ref_is_a_code_updates_that_actor_and_keeps_its_ref_empty(tmp_path):
    stored = f.actor(level="top")
    path = actors_file(tmp_path, person(stored.code, level="middle"))
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "0 created, 1 updated, 0 unchanged"
    )
    stored.refresh_from_db()
    assert (stored.level, stored.ref) == ("middle", None)


def test_an_affiliation_may_be_defined_later_in_the_file_or_already_stored(tmp_path):
    stored = f.actor(kind="organisation", name="Stored Institute")
    path = actors_file(
        tmp_path,
        person("A-1", affiliation_ref="O-LATER"),
        person("A-2", affiliation_ref=stored.code),
        org("O-LATER"),
    )
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "3 created, 0 updated, 0 unchanged"
    )
    assert Actor.objects.get(ref="A-1").affiliation == Actor.objects.get(ref="O-LATER")
    assert Actor.objects.get(ref="A-2").affiliation == stored


def test_cells_are_read_leniently_where_it_is_safe(tmp_path):
    f.context(name="Northland")
    f.context(name="Southland")
    path = tmp_path / "actors.csv"
    path.write_text(
        "\ufeff" + ",".join(ACTOR_COLUMNS) + "\n"
        " A-1 ,Person, Someone ,Middle,,5; 2;5,,,col,,,Northland; Southland,\n"
        ",,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "1 created, 0 updated, 0 unchanged"
    )
    actor = Actor.objects.get(ref="A-1")
    assert (actor.kind, actor.name, actor.level, actor.country) == ("person", "Someone", "middle", "COL")
    assert actor.nine_tracks == ["5", "2"] and actor.official_status == "unofficial"
    assert sorted(c.name for c in actor.contexts.all()) == ["Northland", "Southland"]


def test_initiatives_import_with_their_context_third_party_and_funders(tmp_path):
    context = f.context(name="Northland")
    convener = f.actor(kind="organisation", ref="O-1")
    donor = f.actor(kind="organisation")
    path = initiatives_file(
        tmp_path,
        initiative_row("I-1", "Northland", third_party_ref="O-1", funder_refs=f"O-1;{donor.code}",
                       start_date="2024-02-01", declared_track="1.5"),
    )  # fmt: skip
    assert (
        str(csv_io.import_file("initiatives", path, f.default_compartment()))
        == "1 created, 0 updated, 0 unchanged"
    )
    initiative = Initiative.objects.get(ref="I-1")
    assert (initiative.context, initiative.third_party, initiative.declared_track) == (
        context,
        convener,
        "1.5",
    )
    assert set(initiative.funders.all()) == {convener, donor}
    assert (initiative.discretion, initiative.status) == ("discreet", "active")  # the models' defaults


# --- Round trip --------------------------------------------------------------------------------------


@pytest.fixture
def registry():
    north = f.context(name="Northland")
    south = f.context(name="Southland")
    institute = f.actor(kind="organisation", name="Peace Institute", ref="O-PI", country="NOR")
    caucus = f.actor(kind="group", name="Women's caucus")  # no ref: exported under its code
    someone = f.actor(
        name=SECRET_NAME, affiliation=institute, nine_tracks=["2", "5"], official_status="former_official",
        gender="woman", age_group="adult", position="Adviser", notes='Said "yes",\nthen no; later',
    )  # fmt: skip
    someone.contexts.set([north, south])
    f.initiative(
        ref="I-1", context=north, third_party=institute, objectives=["capacity", "relationship_building"],
        start_date=date(2023, 5, 1), end_date=date(2024, 5, 1), declared_track="2", discretion="secret",
    )  # fmt: skip
    f.initiative(ref="I-2", context=south, third_party=None, third_party_type="").funders.set(
        [institute, caucus]
    )
    return {"institute": institute, "caucus": caucus, "someone": someone}


def test_export_then_import_is_all_unchanged(tmp_path, registry):
    for kind in csv_templates.KINDS:
        first = export_text(kind)
        path = tmp_path / f"{kind}.csv"
        path.write_text(first, encoding="utf-8", newline="")
        report = csv_io.import_file(kind, path, f.default_compartment())
        assert (report.created, report.updated) == (0, 0)
        assert report.unchanged == {"actors": 3, "initiatives": 2}[kind]
        assert export_text(kind) == first


def test_export_writes_the_template_columns_ordered_by_ref(registry):
    caucus = registry["caucus"].code
    someone = registry["someone"].code
    rows = list(csv.reader(io.StringIO(export_text("actors"))))
    assert rows[0] == list(ACTOR_COLUMNS)
    assert [r[0] for r in rows[1:]] == sorted(["O-PI", caucus, someone])
    by_ref = {r[0]: dict(zip(ACTOR_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert by_ref[someone] == {
        "ref": someone, "kind": "person", "name": SECRET_NAME, "level": "middle",
        "official_status": "former_official", "nine_tracks": "2;5", "position": "Adviser",
        "affiliation_ref": "O-PI", "country": "", "gender": "woman", "age_group": "adult",
        "contexts": "Northland;Southland", "notes": 'Said "yes",\nthen no; later',
    }  # fmt: skip
    initiatives = list(csv.DictReader(io.StringIO(export_text("initiatives"))))
    assert [i["ref"] for i in initiatives] == ["I-1", "I-2"]
    assert (
        initiatives[0]["start_date"] == "2023-05-01"
        and initiatives[0]["objectives"] == "capacity;relationship_building"
    )
    assert initiatives[1]["funder_refs"] == ";".join(sorted(["O-PI", caucus]))


def test_export_runs_a_fixed_number_of_queries(registry):
    def queries(kind: str, rows: int) -> int:
        with CaptureQueriesContext(connection) as done:
            assert csv_io.export(kind, io.StringIO()) == rows
        return len(done)

    few = queries("actors", 3)
    for i in range(5):
        f.actor(affiliation=registry["institute"], ref=f"X-{i}")
    # two reads whatever the number of rows, then the audit entry (a savepoint, the chain's head, the row)
    assert queries("actors", 8) == few == queries("initiatives", 2) <= 7
    assert AuditEvent.objects.filter(action="export", object_type="registry.actors").count() == 2


# --- Problems, each with its exact message -----------------------------------------------------------


def test_a_missing_column_is_a_file_problem(tmp_path):
    path = write_csv(tmp_path / "a.csv", ACTOR_COLUMNS[:-1], [person("A-1")])
    assert problems_of("actors", path) == [
        "header: missing columns: notes",
        f"header: the columns are: {ACTOR_COLUMN_LIST}",
    ]


def test_an_unknown_column_is_a_file_problem(tmp_path):
    path = write_csv(tmp_path / "a.csv", (*ACTOR_COLUMNS, "colour"), [person("A-1")])
    assert problems_of("actors", path) == [
        "header: unknown columns: 'colour'",
        f"header: the columns are: {ACTOR_COLUMN_LIST}",
    ]


def test_a_semicolon_separated_file_gets_a_hint(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(";".join(ACTOR_COLUMNS) + "\nA-1;person;X;;;;;;;;;;\n", encoding="utf-8")
    assert problems_of("actors", path) == [
        "header: the columns are separated by ';' but the template uses ','; "
        "save the file as 'CSV UTF-8 (comma delimited)'"
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes((",".join(ACTOR_COLUMNS) + "\nA-1,person,José,,,,,,,,,,\n").encode("latin-1"))
    assert problems_of("actors", path) == [
        "the file is not UTF-8 text (line 2 has a byte that is not UTF-8); "
        "save it as 'CSV UTF-8' and import it again"
    ]


def test_an_empty_file_and_a_missing_file(tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert problems_of("actors", tmp_path / "empty.csv") == [
        f"the file is empty; its first row must be the header: {ACTOR_COLUMN_LIST}"
    ]
    assert problems_of("actors", tmp_path / "absent.csv") == ["no such file"]


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"level": "medium"},
         "row 2, field level: unknown levels code 'medium'; expected one of: top, middle, grassroots"),
        ({"nine_tracks": "2;10"},
         "row 2, field nine_tracks: unknown nine_tracks code '10'; "
         "expected one of: 1, 2, 3, 4, 5, 6, 7, 8, 9"),
        ({"kind": ""}, "row 2, field kind: required but empty"),
        ({"name": ""}, "row 2, field name: required but empty"),
        ({"ref": ""}, "row 2, field ref: required but empty"),
        ({"ref": "R" * 65}, "row 2, field ref: longer than 64 characters"),
        ({"country": "XX"},
         "row 2, field country: unknown country code 'XX'; expected an ISO 3166 alpha-3 code, e.g. COL"),
        ({"contexts": "Atlantis"}, "row 2, field contexts: no context named 'Atlantis'"),
        ({"affiliation_ref": "NOBODY"},
         "row 2, field affiliation_ref: no actor has this ref or code, in this file or in the database"),
        ({"affiliation_ref": "A-1"}, "row 2, field affiliation_ref: an actor cannot be its own affiliation"),
        ({"affiliation_ref": "A-OTHER"},
         "row 2, field affiliation_ref: the affiliation must be an organisation or a group, not a person"),
        ({"position": "P" * 201},
         "row 2, field position: Ensure this value has at most 200 characters (it has 201)."),
    ],
)  # fmt: skip
def test_a_bad_actor_cell_is_reported_exactly(tmp_path, cells, problem):
    path = actors_file(tmp_path, person("A-1", **cells), person("A-OTHER"))
    assert problems_of("actors", path) == [problem]


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"start_date": "2024-13-01"},
         "row 2, field start_date: not a date: '2024-13-01'; expected YYYY-MM-DD"),
        ({"end_date": "1/3/2024"}, "row 2, field end_date: not a date: '1/3/2024'; expected YYYY-MM-DD"),
        ({"start_date": "2024-05-02", "end_date": "2024-05-01"},
         "row 2, field end_date: The end date is before the start date."),
        ({"context": "Atlantis"}, "row 2, field context: no context named 'Atlantis'"),
        ({"context": ""}, "row 2, field context: required but empty"),
        ({"title": ""}, "row 2, field title: required but empty"),
        ({"format": "picnic"}, "row 2, field format: unknown formats code 'picnic'; expected one of: "
                               "problem_solving_workshop, dialogue_series, sustained_dialogue, "
                               "capacity_building_workshop, research_as_intervention, code_of_conduct, "
                               "practical_guide, exposure_trip, back_channel, bilateral_meeting, shuttle, "
                               "consultation, local_mediation, track_1_5_meeting, other"),
        ({"third_party_ref": "NOBODY"}, "row 2, field third_party_ref: no actor has this ref or code in the "
                                        "database; import the actors first"),
        ({"funder_refs": "O-1;NOBODY"}, "row 2, field funder_refs: item 2: no actor has this ref or code in "
                                        "the database; import the actors first"),
        ({"funder_refs": "P-1"}, "row 2, field funder_refs: item 1: a funder must be an organisation or a "
                                 "group, not a person"),
    ],
)  # fmt: skip
def test_a_bad_initiative_cell_is_reported_exactly(tmp_path, cells, problem):
    f.context(name="Northland")
    f.actor(kind="organisation", ref="O-1")
    f.actor(ref="P-1")
    path = initiatives_file(tmp_path, initiative_row("I-1", "Northland", **cells))
    assert problems_of("initiatives", path) == [problem]


def test_repeated_refs_are_reported(tmp_path):
    stored = f.actor(ref="A-1")
    path = actors_file(tmp_path, person("A-1"), person("A-2"), person("A-1"), person(stored.code))
    assert problems_of("actors", path) == [
        "row 4, field ref: the same ref as row 2",
        "row 5, field ref: the same actor as row 2",
    ]


def test_a_row_with_too_many_cells_is_reported(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(",".join(ACTOR_COLUMNS) + "\nA-1,person,X,,,,,,,,,,,extra\n", encoding="utf-8")
    assert problems_of("actors", path) == ["row 2: 14 cells, but the header has 13 columns"]


def test_every_problem_is_listed_in_row_and_column_order(tmp_path):
    path = actors_file(
        tmp_path,
        person("A-1"),
        person("A-2", level="medium", kind="", contexts="Atlantis"),
        person("A-3", gender="unknown"),
    )
    assert problems_of("actors", path) == [
        "row 3, field kind: required but empty",
        "row 3, field level: unknown levels code 'medium'; expected one of: top, middle, grassroots",
        "row 3, field contexts: no context named 'Atlantis'",
        "row 4, field gender: unknown genders code 'unknown'; "
        "expected one of: woman, man, non_binary, undisclosed",
    ]


def test_one_bad_row_among_good_ones_writes_nothing(tmp_path):
    north = f.context(name="Northland")
    stored = f.actor(ref="A-1", level="top", position="Mayor", nine_tracks=["1"])
    stored.contexts.set([north])
    f.initiative(ref="I-1", context=north, start_date=date(2024, 1, 1))
    before = model_to_dict(Actor.objects.get(pk=stored.pk))
    counts = (Actor.objects.count(), Initiative.objects.count())

    path = actors_file(
        tmp_path,
        person("A-1", level="grassroots", nine_tracks="2", contexts=""),
        org("O-NEW"),
        person("A-3", affiliation_ref="O-NEW"),
        person("A-4", level="medium"),
    )
    assert len(problems_of("actors", path)) == 1
    path = initiatives_file(
        tmp_path, initiative_row("I-1", "Northland", title="Renamed"), initiative_row("I-2", "Atlantis")
    )
    assert len(problems_of("initiatives", path)) == 1

    assert (Actor.objects.count(), Initiative.objects.count()) == counts
    assert model_to_dict(Actor.objects.get(pk=stored.pk)) == before
    assert before["level"] == "top" and list(before["contexts"]) == [north]
    assert Initiative.objects.get(ref="I-1").title != "Renamed"


def test_no_person_name_appears_in_a_problem_or_a_report(tmp_path):
    f.actor(name=SECRET_NAME, ref="A-STORED")
    misaligned = {"ref": "A-2", "kind": "person", "name": SECRET_NAME, "level": SECRET_NAME}
    path = actors_file(
        tmp_path,
        person("A-1", name=SECRET_NAME, position="P" * 300, affiliation_ref=SECRET_NAME),
        misaligned,
        person("A-3", name=SECRET_NAME, gender="Marsh", affiliation_ref="A-STORED", contexts=SECRET_NAME),
        person("A-1", name=SECRET_NAME),
    )
    problems = problems_of("actors", path)
    assert len(problems) == 7
    assert (
        "row 3, field level: unknown levels code (value withheld: it contains a word of a name in this file)"
        "; expected one of: top, middle, grassroots" in problems
    )
    for problem in problems:
        for word in ("Zelda", "Quixote", "Marsh"):
            assert word not in problem

    good = actors_file(tmp_path, person("A-1", name=SECRET_NAME), name="good.csv")
    for _run in range(2):
        report = str(csv_io.import_file("actors", good, f.default_compartment()))
        assert SECRET_NAME not in report and "Zelda" not in report


def test_an_unknown_kind_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="unknown kind 'people'; expected one of: actors, initiatives"):
        csv_io.import_file("people", tmp_path / "x.csv", f.default_compartment())
    with pytest.raises(ValueError, match="unknown kind 'people'"):
        csv_io.export("people", io.StringIO())


def test_a_file_without_its_header_row_quotes_no_cell(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f"A-1,person,{SECRET_NAME},,,,,,,,,,\n", encoding="utf-8")
    assert problems_of("actors", path) == [
        f"row 1 is not the template's header; it must be: {ACTOR_COLUMN_LIST}"
    ]


def test_header_names_are_read_without_regard_to_case_or_spaces(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        ", ".join(c.upper() for c in ACTOR_COLUMNS) + "\nA-1,person,X,,,,,,,,,,\n", encoding="utf-8"
    )
    assert (
        str(csv_io.import_file("actors", path, f.default_compartment()))
        == "1 created, 0 updated, 0 unchanged"
    )


def test_a_change_to_funders_alone_updates_the_initiative(tmp_path):
    north = f.context(name="Northland")
    donor = f.actor(kind="organisation", ref="O-1")
    stored = f.initiative(ref="I-1", context=north, title="Talks", third_party_type="", objectives=[])
    path = initiatives_file(tmp_path, initiative_row("I-1", "Northland", title="Talks", funder_refs="O-1"))
    assert (
        str(csv_io.import_file("initiatives", path, f.default_compartment()))
        == "0 created, 1 updated, 0 unchanged"
    )
    assert list(stored.funders.all()) == [donor]
    assert (
        str(csv_io.import_file("initiatives", path, f.default_compartment()))
        == "0 created, 0 updated, 1 unchanged"
    )


def test_an_initiative_without_a_ref_exports_its_code_and_comes_back_to_itself(tmp_path):
    stored = f.initiative(context=f.context(name="Northland"), title="Talks")
    path = tmp_path / "initiatives.csv"
    text = export_text("initiatives")
    assert text.splitlines()[1].startswith(f"{stored.code},Northland,Talks,")
    path.write_text(text.replace(",Talks,", ",Talks renamed,"), encoding="utf-8", newline="")
    assert (
        str(csv_io.import_file("initiatives", path, f.default_compartment()))
        == "0 created, 1 updated, 0 unchanged"
    )
    stored.refresh_from_db()
    assert (stored.title, stored.ref) == ("Talks renamed", None)


def test_the_docs_list_every_column_and_every_code():
    docs = (Path(__file__).parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    for column in {*ACTOR_COLUMNS, *INITIATIVE_COLUMNS}:
        assert f"| `{column}` |" in docs, column
    coded = (
        "actor_kinds levels official_status nine_tracks genders age_groups third_party_types formats "
        "objectives tracks discretion initiative_status"
    )
    for name in coded.split():
        # The codes table comes last; a column of the same name may come before it.
        line = next(line for line in reversed(docs.splitlines()) if line.startswith(f"| `{name}` |"))
        assert [c.strip("`") for c in re.findall(r"`[^`]+`", line)[1:]] == list(vocab.ALL[name].codes()), name


def test_an_unchanged_reimport_reads_in_a_number_of_queries_that_does_not_grow_with_the_rows(tmp_path):
    f.context(name="Northland")
    counts = []
    for size in (3, 30):
        rows = [person(f"Q{size}-{i}", contexts="Northland", affiliation_ref=f"O{size}") for i in range(size)]
        path = actors_file(tmp_path, org(f"O{size}"), *rows, name=f"{size}.csv")
        csv_io.import_file("actors", path, f.default_compartment())
        with CaptureQueriesContext(connection) as queries:
            csv_io.import_file("actors", path, f.default_compartment())
        counts.append(len(queries))
    assert counts[0] == counts[1]
