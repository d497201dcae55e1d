"""Builders for pharmacy tests: a prescription with its plan for a world
patient, and an order ready for the bench."""

from __future__ import annotations

import datetime as dt


def make_prescription(world, patient=None, *, form="capsules", strengths=("1.5", "3", "4.5"),  # type: ignore[no-untyped-def]
                      concentration=None, days_per_fill=30, refills=2, start=None):
    from django.utils import timezone

    from ldncare.dosing import build_plan, load_library
    from ldncare.web.care.models import PlanVersion, Prescription, Screening

    patient = patient or world.patient
    clinic_is_a = patient.clinic_id == world.clinic.pk
    pharmacy = world.pharmacy if clinic_is_a else world.other_pharmacy
    prescriber = world.users["prescriber"]
    screening = Screening.objects.create(
        patient=patient, trigger="intake", verdict="ok", rule_set_version="test",
        inputs={}, result={}, screened_on=timezone.localdate())
    prescription = Prescription.objects.create(
        patient=patient, prescriber=prescriber, pharmacy=pharmacy, screening=screening,
        protocol="standard", form=form, strengths_mg=list(strengths) if form == "capsules" else [],
        concentration_mg_per_ml=concentration, days_per_fill=days_per_fill, refills=refills)
    plan = build_plan(load_library().get("standard"), start or timezone.localdate())
    PlanVersion.objects.create(prescription=prescription, version=1, plan=plan.as_dict(),
                               data_version=plan.data_version, change_kind="created",
                               created_by=prescriber)
    return prescription


def make_order(world, patient=None, **options):  # type: ignore[no-untyped-def]
    from ldncare.web.pharmacy.services import create_order

    return create_order(make_prescription(world, patient, **options))


def a_day() -> dt.date:
    return dt.date(2026, 3, 1)
