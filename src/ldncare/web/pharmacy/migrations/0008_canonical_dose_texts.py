"""Doses are stored in one canonical text ("1.5", not "1.500"): each batch's
strength, and the strength and naltrexone amount in its worked calculation.
Only the text changes, never a value; reversing it is a no-op (the old texts
read the same)."""

from __future__ import annotations

from django.db import migrations

from ldncare.web.doses import canonical_mg_fields, canonical_text

#: The doses in a stored calculation (weights and volumes keep their texts).
DOSE_KEYS = frozenset({"strength_mg", "api_mg", "total_api_mg"})


def canonical_doses(apps, schema_editor):  # type: ignore[no-untyped-def]
    Batch = apps.get_model("pharmacy", "Batch")
    # Not .update(): audited models are changed through save() only.
    for batch in Batch.objects.order_by("pk").iterator():
        strength = canonical_text(batch.strength)
        calculation = canonical_mg_fields(batch.calculation, DOSE_KEYS)
        if strength != batch.strength or calculation != batch.calculation:
            batch.strength, batch.calculation = strength, calculation
            batch.save(update_fields=["strength", "calculation"])


class Migration(migrations.Migration):
    dependencies = [("pharmacy", "0007_prices_and_order_charges")]

    operations = [migrations.RunPython(canonical_doses, migrations.RunPython.noop)]
