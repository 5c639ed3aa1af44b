"""The mapping app split into networks, conflictmaps and ucdp: a database made before the split migrates
forward with its rows, its content types and its audit object types as they were.

The test takes its own database back to the last migration before the split (mapping 0002, the new apps
unapplied), writes rows through the historical models of that state, migrates forward again and reads
them through today's models.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from multitrack.web.audit.log import object_type_of, record
from multitrack.web.audit.models import AuditEvent
from multitrack.web.audit.signals import audited_models
from multitrack.web.conflictmaps.models import ConflictMap, DnhFactor, MapNode, MapTie
from multitrack.web.ucdp.models import UcdpConflictYear, UcdpImport
from tests import factories as f

BEFORE = [("mapping", "0002_conflict_maps"), ("conflictmaps", None), ("ucdp", None)]


def migrate(targets):  # type: ignore[no-untyped-def]
    """Apply or unapply migrations up to `targets`; the historical models as mapping 0002 left them."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state([BEFORE[0]]).apps


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_split_are_read_after_it(auth_client):
    compartment, context, initiative = f.default_compartment(), f.context(), f.initiative()
    map_type = ContentType.objects.get_for_model(ConflictMap)
    view_map = Permission.objects.get(content_type=map_type, codename="view_conflictmap")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        # Before the split, the content types were mapping's: the migration gives them back.
        assert ContentType.objects.filter(pk=map_type.pk, app_label="mapping").exists()

        maps = old.get_model("mapping", "ConflictMap")
        m = maps.objects.create(
            compartment_id=compartment.pk, context_id=context.pk, as_of=date(2024, 5, 1), perspective="team"
        )
        nodes = old.get_model("mapping", "MapNode")
        a = nodes.objects.create(map=m, key="a1", kind="party", label="Northern council")
        b = nodes.objects.create(map=m, key="b2", kind="party", label="River guild")
        old.get_model("mapping", "MapTie").objects.create(map=m, source=a, target=b, type="alliance")
        factor = old.get_model("mapping", "DnhFactor").objects.create(
            map=m, kind="connector", category="systems", description="The market"
        )
        factor.initiatives.add(initiative.pk)
        old.get_model("mapping", "UcdpConflictYear").objects.create(
            conflict_id=999, year=2001, location="Veloria", side_a="A", side_b="B", incompatibility=1,
            intensity_level=1, type_of_conflict=3, gwno_loc=[100], version="25.1",
        )  # fmt: skip
        old.get_model("mapping", "UcdpImport").objects.create(
            dataset="acd", version="25.1", file_name="acd.csv", rows_read=1, added=1, updated=0
        )
        # What the code before the split recorded: the model's label, mapping.conflictmap.
        before = record("create", obj=m, summary=f"Conflict map {m.pk} created")
        assert before.object_type == "mapping.conflictmap"
    finally:
        migrate(latest)
    ContentType.objects.clear_cache()

    # The same rows, through today's models, in the same tables.
    stored = ConflictMap.objects.get(pk=m.pk)
    assert (stored.perspective, stored.context, stored.compartment) == ("team", context, compartment)
    labels = sorted(str(n.label) for n in MapNode.objects.filter(map=stored))
    assert labels == ["Northern council", "River guild"]
    assert MapTie.objects.get(map=stored).source.key == "a1"
    assert list(DnhFactor.objects.get(map=stored).initiatives.all()) == [initiative]
    assert UcdpConflictYear.objects.get(conflict_id=999).gwno_loc == [100]
    assert UcdpImport.objects.get().file_name == "acd.csv"
    assert ConflictMap._meta.db_table == "mapping_conflictmap"

    # Content types and permissions followed the models (same rows, new app label).
    assert ContentType.objects.get_for_model(ConflictMap).pk == map_type.pk
    assert ContentType.objects.get(pk=map_type.pk).app_label == "conflictmaps"
    assert Permission.objects.get(pk=view_map.pk).content_type_id == map_type.pk
    assert not ContentType.objects.filter(app_label="mapping").exists()

    # A change now is recorded under the same object type as before the split: one search finds both.
    stored.perspective = "facilitation team"
    stored.save()
    found = AuditEvent.objects.filter(object_type="mapping.conflictmap", object_id=str(m.pk)).order_by("seq")
    assert [e.action for e in found] == ["create", "update"]
    assert not AuditEvent.objects.filter(object_type__startswith="conflictmaps.").exists()

    page = auth_client.get(f"/maps/{m.pk}/")
    assert page.status_code == 200 and "River guild" in page.content.decode()
    assert auth_client.get("/ucdp/yearly.json").status_code == 200


@pytest.mark.parametrize("app", ["conflictmaps", "ucdp"])
def test_moved_models_keep_their_tables_and_audit_object_types(app):
    for model in apps.get_app_config(app).get_models():
        name = model._meta.model_name
        assert (model._meta.db_table, object_type_of(model)) == (f"mapping_{name}", f"mapping.{name}")
    assert not list(apps.get_app_config("mapping").get_models())


def test_ucdp_rows_are_still_left_out_of_the_audit_and_map_rows_still_in():
    audited = {model._meta.label for model in audited_models()}
    assert {"ucdp.UcdpImport", "conflictmaps.ConflictMap", "conflictmaps.MapComment"} <= audited
    assert not {"ucdp.UcdpConflictYear", "ucdp.UcdpDyadYear"} & audited
