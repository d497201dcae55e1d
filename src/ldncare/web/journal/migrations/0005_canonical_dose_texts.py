"""Doses are stored in one canonical text ("1.5", not "1.500"): the dose a
check-in recorded, in its stored entry. Only the text changes, never a value;
reversing it is a no-op (the old texts read the same)."""

from __future__ import annotations

from django.db import migrations

from ldncare.web.doses import canonical_text


def canonical_doses(apps, schema_editor):  # type: ignore[no-untyped-def]
    CheckIn = apps.get_model("journal", "CheckIn")
    # Not .update(): audited models are changed through save() only.
    for row in CheckIn.objects.filter(dose_mg__isnull=False).order_by("pk").iterator():
        dose = (row.data or {}).get("dose")
        if not isinstance(dose, dict) or not isinstance(dose.get("mg"), str):
            continue
        mg = canonical_text(dose["mg"])
        if mg != dose["mg"]:
            row.data = {**row.data, "dose": {**dose, "mg": mg}}
            row.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_urgent_alerts_and_settings")]

    operations = [migrations.RunPython(canonical_doses, migrations.RunPython.noop)]
