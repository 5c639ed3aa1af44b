"""The UCDP models move here from the former mapping app (docs/architecture.md, Layout).

State only: Django now knows these models under this app, while their tables, made by mapping's
migrations, keep their names and rows. mapping's 0003 removes them from mapping's state.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('mapping', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='UcdpImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dataset', models.CharField(max_length=20)),
                        ('version', models.CharField(max_length=20)),
                        ('file_name', models.CharField(max_length=255)),
                        ('rows_read', models.PositiveIntegerField()),
                        ('added', models.PositiveIntegerField()),
                        ('updated', models.PositiveIntegerField()),
                        ('imported_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'mapping_ucdpimport',
                        'ordering': ['-imported_at'],
                    },
                ),
                migrations.CreateModel(
                    name='UcdpConflictYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('conflict_id', models.IntegerField()),
                        ('year', models.IntegerField()),
                        ('location', models.CharField(max_length=255)),
                        ('side_a', models.TextField()),
                        ('side_b', models.TextField()),
                        ('incompatibility', models.PositiveSmallIntegerField()),
                        ('territory_name', models.TextField(blank=True)),
                        ('intensity_level', models.PositiveSmallIntegerField()),
                        ('type_of_conflict', models.PositiveSmallIntegerField()),
                        ('gwno_loc', models.JSONField(default=list)),
                        ('region', models.CharField(blank=True, max_length=30)),
                        ('version', models.CharField(max_length=20)),
                    ],
                    options={
                        'db_table': 'mapping_ucdpconflictyear',
                        'ordering': ['conflict_id', 'year'],
                        'indexes': [models.Index(fields=['year'], name='mapping_ucd_year_ae5085_idx')],
                        'constraints': [models.UniqueConstraint(fields=('conflict_id', 'year'), name='ucdp_conflict_year_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='UcdpDyadYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dyad_id', models.IntegerField()),
                        ('conflict_id', models.IntegerField()),
                        ('year', models.IntegerField()),
                        ('side_a', models.TextField()),
                        ('side_b', models.TextField()),
                        ('intensity_level', models.PositiveSmallIntegerField()),
                        ('type_of_conflict', models.PositiveSmallIntegerField()),
                        ('version', models.CharField(max_length=20)),
                    ],
                    options={
                        'db_table': 'mapping_ucdpdyadyear',
                        'ordering': ['dyad_id', 'year'],
                        'constraints': [models.UniqueConstraint(fields=('dyad_id', 'year'), name='ucdp_dyad_year_unique')],
                    },
                ),
            ],
            # The tables are there, made by mapping's migrations, and keep their names (db_table).
            database_operations=[],
        ),
    ]
