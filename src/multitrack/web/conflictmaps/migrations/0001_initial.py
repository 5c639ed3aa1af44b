"""Conflict maps move here from the former mapping app (docs/architecture.md, Layout).

State only: Django now knows these models under this app, while their tables, made by mapping's
migrations, keep their names and rows. mapping's 0003 removes them from mapping's state.
"""

import django.db.models.deletion
import django.utils.timezone
import multitrack.web.conflictmaps.models
import multitrack.web.crypto
import multitrack.web.registry.choices
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('mapping', '0002_conflict_maps'),
        ('accounts', '0002_organisation'),
        ('registry', '0002_actor_attributes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConflictMap',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('notes', multitrack.web.crypto.EncryptedTextField(blank=True, verbose_name='notes')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('saved_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='saved')),
                        ('as_of', models.DateField(help_text='The moment the map describes.', verbose_name='date')),
                        ('perspective', models.CharField(help_text="Whose view this is, e.g. “women's groups in the north”, “facilitation team”.", max_length=200, verbose_name='perspective')),
                        ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='later_versions', to='conflictmaps.conflictmap', verbose_name='based on')),
                        ('compartment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflict_maps', to='accounts.compartment', verbose_name='compartment')),
                        ('context', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conflict_maps', to='registry.context', verbose_name='context')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('saved_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'conflict map',
                        'db_table': 'mapping_conflictmap',
                        'ordering': ['context__name', 'as_of', 'perspective', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='DnhFactor',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=multitrack.web.registry.choices.dnh_kinds, max_length=10, verbose_name='divider or connector')),
                        ('category', models.CharField(choices=multitrack.web.registry.choices.saves, max_length=12, verbose_name='category')),
                        ('description', models.TextField(help_text='What it is and where. Do not list your own organisation as a divider or connector.', verbose_name='description')),
                        ('initiatives', models.ManyToManyField(blank=True, related_name='dnh_factors', to='registry.initiative', verbose_name='informs the design of')),
                        ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='factors', to='conflictmaps.conflictmap')),
                    ],
                    options={
                        'verbose_name': 'divider or connector',
                        'db_table': 'mapping_dnhfactor',
                        'ordering': ['map', 'kind', 'category', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MapNode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(default=multitrack.web.conflictmaps.models.new_key, editable=False, max_length=32)),
                        ('kind', models.CharField(choices=multitrack.web.registry.choices.map_elements, default='party', max_length=10, verbose_name='kind')),
                        ('label', multitrack.web.crypto.EncryptedCharField(verbose_name='label')),
                        ('names_person', models.BooleanField(default=False, help_text='Shown by pseudonym to those who may not see identities.', verbose_name='names a person')),
                        ('power', models.PositiveSmallIntegerField(blank=True, help_text='1 (little) to 5 (dominant) on the issues of this map; blank for issues.', null=True, verbose_name='relative power')),
                        ('x', models.FloatField(blank=True, editable=False, null=True)),
                        ('y', models.FloatField(blank=True, editable=False, null=True)),
                        ('notes', multitrack.web.crypto.EncryptedTextField(blank=True, verbose_name='notes')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='map_nodes', to='registry.actor', verbose_name='registry actor')),
                        ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nodes', to='conflictmaps.conflictmap')),
                    ],
                    options={
                        'verbose_name': 'map node',
                        'db_table': 'mapping_mapnode',
                        'ordering': ['map', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MapTie',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(choices=multitrack.web.registry.choices.relationship_types, max_length=20, verbose_name='type')),
                        ('notes', multitrack.web.crypto.EncryptedTextField(blank=True, verbose_name='notes')),
                        ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ties', to='conflictmaps.conflictmap')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conflictmaps.mapnode', verbose_name='from')),
                        ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conflictmaps.mapnode', verbose_name='to')),
                    ],
                    options={
                        'verbose_name': 'map tie',
                        'db_table': 'mapping_maptie',
                        'ordering': ['map', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MapComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', multitrack.web.crypto.EncryptedTextField(verbose_name='comment')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('factor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='conflictmaps.dnhfactor')),
                        ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='conflictmaps.conflictmap')),
                        ('node', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='conflictmaps.mapnode')),
                        ('tie', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='conflictmaps.maptie')),
                    ],
                    options={
                        'verbose_name': 'map comment',
                        'db_table': 'mapping_mapcomment',
                        'ordering': ['map', 'created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MapContributor',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('consent', models.CharField(choices=multitrack.web.registry.choices.consent, default='given', max_length=10, verbose_name='consent')),
                        ('consent_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='consent recorded on')),
                        ('consent_note', models.CharField(blank=True, help_text='e.g. verbally, at the workshop', max_length=300, verbose_name='how consent was given')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='map_contributions', to='registry.actor', verbose_name='actor')),
                        ('map', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributors', to='conflictmaps.conflictmap')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='map_contributions', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'map contributor',
                        'db_table': 'mapping_mapcontributor',
                        'ordering': ['map', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', True), ('user__isnull', False)), models.Q(('actor__isnull', False), ('user__isnull', True)), _connector='OR'), name='map_contributor_actor_or_user'), models.UniqueConstraint(fields=('map', 'actor'), name='map_contributor_actor_once'), models.UniqueConstraint(fields=('map', 'user'), name='map_contributor_user_once')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='mapnode',
                    constraint=models.UniqueConstraint(fields=('map', 'key'), name='map_node_key_unique'),
                ),
                migrations.AddConstraint(
                    model_name='maptie',
                    constraint=models.CheckConstraint(condition=models.Q(('source', models.F('target')), _negated=True), name='map_tie_not_self'),
                ),
            ],
            # The tables are there, made by mapping's migrations, and keep their names (db_table).
            database_operations=[],
        ),
    ]
