"""The models of this app moved to conflictmaps (conflict maps) and ucdp (UCDP data), tables and rows
unchanged (docs/architecture.md, Layout).

- State only: the models leave this app's state, once the new apps' 0001 have taken them over; no table
  is dropped (database_operations is empty).
- Content types: the rows of `django_content_type` that named these models under `mapping` are relabelled
  to their new app, so that permissions (and anything else keyed on a content type) follow the model
  instead of being left on a stale type while post_migrate makes a new, empty one. A new app's type that
  already exists (made by post_migrate on an earlier run) is kept and the old one left for
  `remove_stale_contenttypes`.
"""

from typing import Any

from django.db import migrations

MOVED = {
    "conflictmaps": ("conflictmap", "mapnode", "maptie", "dnhfactor", "mapcontributor", "mapcomment"),
    "ucdp": ("ucdpimport", "ucdpconflictyear", "ucdpdyadyear"),
}


def _relabel(apps: Any, schema_editor: Any, forwards: bool) -> None:  # historical models have no types
    content_type = apps.get_model("contenttypes", "ContentType")
    types = content_type.objects.using(schema_editor.connection.alias)
    for app, models in MOVED.items():
        old, new = ("mapping", app) if forwards else (app, "mapping")
        for model in models:
            if not types.filter(app_label=new, model=model).exists():
                types.filter(app_label=old, model=model).update(app_label=new)


def relabel_forwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, schema_editor, forwards=True)


def relabel_backwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('mapping', '0002_conflict_maps'),
        ('conflictmaps', '0001_initial'),
        ('ucdp', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Models that point at others first, so that each step leaves a consistent state.
                migrations.DeleteModel(name='MapComment'),
                migrations.DeleteModel(name='MapContributor'),
                migrations.DeleteModel(name='MapTie'),
                migrations.DeleteModel(name='DnhFactor'),
                migrations.DeleteModel(name='MapNode'),
                migrations.DeleteModel(name='ConflictMap'),
                migrations.DeleteModel(name='UcdpConflictYear'),
                migrations.DeleteModel(name='UcdpDyadYear'),
                migrations.DeleteModel(name='UcdpImport'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_forwards, relabel_backwards, elidable=False),
    ]
