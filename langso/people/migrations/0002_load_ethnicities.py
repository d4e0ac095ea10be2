"""Load the 54 official ethnic groups of Vietnam, so that every database has them after migrate."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "ethnicities_vn.json"


def load(apps, schema_editor):
    Ethnicity = apps.get_model("people", "Ethnicity")
    existing = set(Ethnicity.objects.values_list("code", flat=True))
    rows = json.loads(DATA.read_text(encoding="utf-8"))["ethnicities"]
    Ethnicity.objects.bulk_create([Ethnicity(**row) for row in rows if row["code"] not in existing])


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
