# ruff: noqa: RUF012 - Django declares migrations with mutable class attributes
"""Move each inventory's result document to its own table, keeping every result.

The documents are large (~0.5 MB for 300 lines); in the inventory row they made SQLite
read them whenever a list or the overview scanned inventories.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_results(apps, schema_editor):
    Inventory = apps.get_model("inventory", "Inventory")
    ResultDocument = apps.get_model("inventory", "ResultDocument")
    batch = []
    for pk, document in (
        Inventory.objects.exclude(result=None).values_list("pk", "result").iterator(chunk_size=50)
    ):
        batch.append(ResultDocument(inventory_id=pk, document=document))
        if len(batch) >= 50:
            ResultDocument.objects.bulk_create(batch)
            batch = []
    ResultDocument.objects.bulk_create(batch)


def move_results_back(apps, schema_editor):
    Inventory = apps.get_model("inventory", "Inventory")
    ResultDocument = apps.get_model("inventory", "ResultDocument")
    for record in ResultDocument.objects.iterator(chunk_size=50):
        Inventory.objects.filter(pk=record.inventory_id).update(result=record.document)


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResultDocument",
            fields=[
                (
                    "inventory",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="result_document",
                        serialize=False,
                        to="inventory.inventory",
                    ),
                ),
                ("document", models.JSONField()),
            ],
        ),
        migrations.RunPython(move_results, move_results_back),
        migrations.RemoveField(
            model_name="inventory",
            name="result",
        ),
    ]
