"""Day 1 of treatment is stored on the prescription (it starts when the medicine
arrives). Prescriptions made before this keep the start their plan already has,
so no one's schedule shifts."""

from __future__ import annotations

from datetime import date

from django.db import migrations, models


def keep_existing_starts(apps, schema_editor):  # type: ignore[no-untyped-def]
    Prescription = apps.get_model("care", "Prescription")
    PlanVersion = apps.get_model("care", "PlanVersion")
    for prescription in Prescription.objects.filter(started_on__isnull=True).iterator():
        newest = (PlanVersion.objects.filter(prescription=prescription)
                  .order_by("-version").first())
        steps = (newest.plan or {}).get("steps") if newest is not None else None
        if not steps:
            continue
        # Not .update(): audited models are changed through save() only.
        prescription.started_on = date.fromisoformat(steps[0]["start"])
        prescription.save(update_fields=["started_on"])


class Migration(migrations.Migration):
    dependencies = [("care", "0004_pathwayevent_pathway_event_by_state")]

    operations = [
        migrations.AddField(
            model_name="prescription", name="started_on",
            field=models.DateField(blank=True, null=True)),
        migrations.RunPython(keep_existing_starts, migrations.RunPython.noop),
    ]
