# ruff: noqa: RUF012 - Django declares options as mutable class attributes
"""The shipped agencies (reference/agencies: national bodies, provincial offices, local
administrations, the Bangkok departments), each with its source."""

from django.db import migrations


def add_shipped(apps, schema_editor):
    from climateplan.reference.agencies import agencies

    Agency = apps.get_model("monitoring", "Agency")
    have = set(Agency.objects.values_list("code", flat=True))
    levels = {"national", "provincial", "local", "bma"}
    Agency.objects.bulk_create(
        Agency(
            code=r["code"],
            name_th=r["th"],
            name_en=r["en"],
            level=r["level"] if r["level"] in levels else "other",
            province=r["province"] or "",
            source=str(r["source"] or "")[:500],
        )
        for r in agencies().to_dict("records")
        if r["code"] not in have
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(add_shipped, migrations.RunPython.noop)]
