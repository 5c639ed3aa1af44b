"""Conflict-map versions: drafts change, saved versions never do, new versions start as copies."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from multitrack.core.conflictmap import diff
from multitrack.web.audit.models import AuditEvent
from multitrack.web.conflictmaps.models import (
    DnhFactor,
    MapComment,
    MapContributor,
    MapNode,
    MapTie,
    SavedVersion,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(user):
    m = f.conflict_map()
    gov = f.map_node(m, "Government", power=5)
    reb = f.map_node(m, "Movement", power=2)
    land = f.map_node(m, "Land", kind="issue")
    f.map_tie(gov, reb, "discord")
    f.map_tie(reb, land, "close")
    factor = DnhFactor.objects.create(
        map=m, kind="connector", category="systems", description="Shared market"
    )
    factor.initiatives.add(f.initiative())
    m.freeze(user)
    return m


def test_a_saved_version_refuses_every_change_to_its_content(saved, user):
    node = saved.nodes.first()
    node.power = 1
    with pytest.raises(SavedVersion):
        node.save()
    with pytest.raises(SavedVersion):
        node.delete()
    with pytest.raises(SavedVersion):
        f.map_node(saved, "Newcomer")
    tie = saved.ties.first()
    tie.type = "alliance"
    with pytest.raises(SavedVersion):
        tie.save()
    other = f.initiative()
    with pytest.raises(SavedVersion), transaction.atomic():
        saved.factors.first().initiatives.add(other)
    with pytest.raises(SavedVersion):
        DnhFactor.objects.create(map=saved, kind="divider", category="symbols", description="Flag")
    saved.perspective = "someone else"
    with pytest.raises(SavedVersion):
        saved.save()
    with pytest.raises(SavedVersion):
        saved.delete()
    with pytest.raises(SavedVersion):
        saved.freeze(user)
    saved.refresh_from_db()
    assert saved.perspective == "facilitation team"
    assert sorted(n.power or 0 for n in saved.nodes.all()) == [0, 2, 5]


def test_consent_and_comments_may_change_on_a_saved_version(saved, user):
    who = MapContributor.objects.create(map=saved, actor=f.actor(), recorded_by=user)
    who.consent = "withdrawn"
    who.save()
    MapComment.objects.create(map=saved, node=saved.nodes.first(), text="Is power 5 right?", author=user)
    assert saved.comments.count() == 1


def test_a_new_version_is_a_draft_copy_that_keeps_node_keys(saved, user):
    MapContributor.objects.create(map=saved, user=user)
    copy = saved.new_version(user, as_of=date(2024, 9, 1))
    assert not copy.is_saved and copy.based_on == saved and copy.perspective == saved.perspective
    assert sorted(copy.nodes.values_list("key", flat=True)) == sorted(
        saved.nodes.values_list("key", flat=True)
    )
    assert copy.snapshot().ties == saved.snapshot().ties
    assert [list(x.initiatives.all()) for x in copy.factors.all()] == [
        list(x.initiatives.all()) for x in saved.factors.all()
    ]
    assert copy.contributors.count() == 0  # consent is given for one version
    # the copy is free to change, and the original is untouched
    gov = copy.nodes.get(label__isnull=False, power=5)
    gov.power = 3
    gov.save()
    assert saved.nodes.filter(power=5).count() == 1
    d = diff(saved.snapshot(), copy.snapshot())
    assert [(c.before.power, c.after.power) for c in d.power_changes] == [(5, 3)]


def test_a_draft_with_problems_or_no_nodes_cannot_be_saved(user):
    empty = f.conflict_map()
    with pytest.raises(ValidationError):
        empty.freeze(user)
    m = f.conflict_map()
    a, b = f.map_node(m, "A"), f.map_node(m, "B")
    f.map_tie(a, b, "close")
    MapTie.objects.create(map=m, source=b, target=a, type="discord")  # bypasses clean(): caught on saving
    with pytest.raises(ValidationError) as err:
        m.freeze(user)
    assert "already have a line" in str(err.value)
    m.refresh_from_db()
    assert not m.is_saved


def test_tie_clean_refuses_a_second_line_between_the_same_nodes():
    m = f.conflict_map()
    a, b = f.map_node(m, "A"), f.map_node(m, "B")
    f.map_tie(a, b, "close")
    with pytest.raises(ValidationError):
        MapTie(map=m, source=b, target=a, type="alliance").full_clean()
    MapTie(map=m, source=b, target=a, type="influence").full_clean()  # an arrow may sit beside a line


def test_node_power_rules():
    m = f.conflict_map()
    with pytest.raises(ValidationError):
        MapNode(map=m, label="Water", kind="issue", power=2).full_clean()
    with pytest.raises(ValidationError):
        MapNode(map=m, label="A", kind="party", power=7).full_clean()


def test_persons_are_shown_by_pseudonym_unless_revealed():
    m = f.conflict_map()
    person = f.actor(name="Amina Example")
    f.map_node(m, "Amina Example", actor=person)
    f.map_node(m, "Colonel X", names_person=True)
    f.map_node(m, "Chamber of Commerce")
    hidden = {n.label for n in m.snapshot().nodes}
    assert "Amina Example" not in hidden and "Colonel X" not in hidden
    assert person.code in hidden and "Chamber of Commerce" in hidden
    assert {"Amina Example", "Colonel X"} <= {n.label for n in m.snapshot(reveal=True).nodes}


def test_labels_are_encrypted_at_rest_and_changes_are_audited_without_them():
    m = f.conflict_map()
    f.map_node(m, "Colonel Secretname", names_person=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM mapping_mapnode")
        (stored,) = cursor.fetchone()
    assert "Secretname" not in stored
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Map node" in summaries and "Secretname" not in summaries
    # entries about a map's elements belong to the map's compartment (owners see them in the audit log)
    node_entry = AuditEvent.objects.get(object_type="mapping.mapnode")
    assert node_entry.compartment_id == m.compartment_id
