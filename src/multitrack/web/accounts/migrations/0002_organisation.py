"""Organisations: every existing compartment goes to one organisation, "This organisation"."""

import django.db.models.deletion
from django.db import migrations, models


def assign(apps, schema_editor):  # type: ignore[no-untyped-def]  # historical models (apps.get_model) have no types
    Organisation = apps.get_model("accounts", "Organisation")
    Compartment = apps.get_model("accounts", "Compartment")
    if Compartment.objects.exists():
        organisation, _created = Organisation.objects.get_or_create(name="This organisation")
        Compartment.objects.update(organisation=organisation)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, unique=True, verbose_name="name")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AddField(
            model_name="compartment",
            name="organisation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="compartments",
                to="accounts.organisation", verbose_name="organisation",
            ),
        ),
        migrations.RunPython(assign, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="compartment",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="compartments",
                to="accounts.organisation", verbose_name="organisation",
            ),
        ),
    ]
