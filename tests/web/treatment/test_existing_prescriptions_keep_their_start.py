"""Prescriptions made before day 1 was stored keep the start their plan already
has (the migration fills it in), so no one's schedule shifts."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from ldncare.web.care.treatment import current_treatment
from ldncare.web.journal.demo import ensure_prescription

MIGRATION = importlib.import_module("ldncare.web.care.migrations.0005_prescription_started_on")


def test_an_existing_prescription_gets_its_plans_start_as_day_one(world):
    start = timezone.localdate() - timedelta(days=30)
    prescription = ensure_prescription(world.patient, world.users["prescriber"], world.pharmacy,
                                       start)
    prescription.started_on = None  # as every row was before the migration
    prescription.save(update_fields=["started_on"])
    MIGRATION.keep_existing_starts(apps, None)
    prescription.refresh_from_db()
    assert prescription.started_on == start
    treatment = current_treatment(world.patient)
    assert treatment is not None and treatment.has_started and treatment.plan.start == start
