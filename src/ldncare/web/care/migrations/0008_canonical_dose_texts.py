"""Doses are stored in one canonical text ("1.5", not "1.500"): the doses in
every stored plan version and the capsule strengths of every prescription.
Only the text changes, never a value; reversing it is a no-op (the old texts
read the same)."""

from __future__ import annotations

from django.db import migrations

from ldncare.web.doses import canonical_mg_fields, canonical_text


def canonical_doses(apps, schema_editor):  # type: ignore[no-untyped-def]
    Prescription = apps.get_model("care", "Prescription")
    PlanVersion = apps.get_model("care", "PlanVersion")
    # Not .update(): audited models are changed through save() only. The
    # historical model has no append-only save(), and the plan keeps its meaning.
    for version in PlanVersion.objects.order_by("pk").iterator():
        plan = canonical_mg_fields(version.plan)
        if plan != version.plan:
            version.plan = plan
            version.save(update_fields=["plan"])
    for prescription in Prescription.objects.order_by("pk").iterator():
        strengths = [canonical_text(s) for s in prescription.strengths_mg or []]
        if strengths != list(prescription.strengths_mg or []):
            prescription.strengths_mg = strengths
            prescription.save(update_fields=["strengths_mg"])


class Migration(migrations.Migration):
    dependencies = [("care", "0007_patient_identity_and_consent")]

    operations = [migrations.RunPython(canonical_doses, migrations.RunPython.noop)]
