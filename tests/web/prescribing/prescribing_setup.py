"""Set-up for prescribing tests: a screened patient, and a patient with a
prescription, made through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

OK_ANSWERS = {
    "no_medications": True, "currently_taking_opioids": False, "opioid_recent": False,
    "opioid_use_disorder_treatment": False, "pregnant": False, "breastfeeding": False,
    "liver": "none", "kidney": "none", "thyroid_treatment": False,
    "immunosuppressant_or_transplant": False, "planned_procedure": False,
    "drinks_alcohol": False, "naltrexone_history": "never", "naltrexone_allergy": False,
    "naloxone_or_nalmefene_allergy": False,
}


def screen(patient, **answers):  # type: ignore[no-untyped-def]
    """Give ``patient`` a submitted intake and a stored screening; move them to SCREENED."""
    from django.utils import timezone

    from ldncare.pathway import State
    from ldncare.screening import answers_to_input
    from ldncare.web.care.models import Intake
    from ldncare.web.care.screening_services import run_screening
    from ldncare.web.care.services import record_step

    values = {**OK_ANSWERS, **answers}
    intake = Intake.objects.create(patient=patient, questionnaire_version="test",
                                   answers=values, status="submitted",
                                   submitted_at=timezone.now())
    if patient.pathway_state != State.INTAKE_SUBMITTED:
        record_step(patient, State.INTAKE_SUBMITTED, actor=patient.user, summary="Intake sent")
    return run_screening(patient, trigger="intake", inputs=answers_to_input(values),
                         actor=None, intake=intake)


def approval(pharmacy, **overrides):  # type: ignore[no-untyped-def]
    from ldncare.dosing import Capsules, load_library
    from ldncare.units import Dose
    from ldncare.web.care.prescribing_services import ApprovalRequest

    values = dict(protocol=load_library().get("standard"), start=_today(),
                  time_of_day="bedtime",
                  dosage_form=Capsules((Dose("1.5"), Dose("3"), Dose("4.5"))),
                  days_per_fill=30, refills=2, pharmacy=pharmacy)
    values.update(overrides)
    return ApprovalRequest(**values)


def liquid(mg_per_ml: str = "1"):  # type: ignore[no-untyped-def]
    from ldncare.dosing import OralLiquid

    return OralLiquid(Decimal(mg_per_ml))


def prescribe(patient, prescriber, pharmacy, *, agreed=True, **overrides):  # type: ignore[no-untyped-def]
    """Screen (if needed) and approve ``patient``; returns the Prescription.
    ``agreed``: the patient then agrees to the cost (the clinic's default asks
    them), so the first fill is at the pharmacy as most tests need."""
    from ldncare.web.care.prescribing_services import approve_prescription

    if not patient.screenings.exists():
        screen(patient)
    patient.refresh_from_db()
    prescription = approve_prescription(patient, prescriber=prescriber,
                                        request=approval(pharmacy, **overrides),
                                        expected_version=patient.version)
    if agreed and prescription.awaits_cost_agreement:
        agree(prescription)
        patient.refresh_from_db()
    return prescription


def agree(prescription):  # type: ignore[no-untyped-def]
    """The patient agrees to the cost their page shows (the same quote)."""
    from ldncare.web.care.prescribing_services import SeenCost, agree_to_cost
    from ldncare.web.pharmacy.pricing import prescription_quote

    quote = prescription_quote(prescription)
    agree_to_cost(prescription, patient_user=prescription.patient.user,
                  seen=SeenCost(prescription.current_plan().version, quote.first_fill_amount,
                                quote.per_month_amount))
    prescription.refresh_from_db()
    return prescription


def agreement_off(world):  # type: ignore[no-untyped-def]
    """The world's clinic sends a prescription at approval (no cost agreement)."""
    from ldncare.web.accounts.clinic_settings import update_clinic_settings

    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                           patient_agrees_to_cost=False)


def started(prescription):  # type: ignore[no-untyped-def]
    """``prescription`` as if its medicine arrived the day before the planned start
    (the patient confirmed it): day 1 is the start the approval planned."""
    from ldncare.web.care.plan_writes import start_treatment

    planned = prescription.current_plan().titration_plan().start
    start_treatment(prescription, actor=prescription.patient.user,
                    arrived_on=planned - timedelta(days=1))
    prescription.refresh_from_db()
    return prescription


def other_prescriber(world):  # type: ignore[no-untyped-def]
    from ldncare.web.accounts.models import User
    from ldntest.world import make_user

    return (User.objects.filter(email="doc@b.example").first()
            or make_user("doc@b.example", "prescriber", world.other_clinic))


def prescribed_patient(world, own: bool):  # type: ignore[no-untyped-def]
    """World's own (or other) patient with a prescription."""
    if own:
        patient, doctor, pharmacy = world.patient, world.users["prescriber"], world.pharmacy
    else:
        patient, doctor, pharmacy = world.other_patient, other_prescriber(world), world.other_pharmacy
    if not patient.prescriptions.exists():
        prescribe(patient, doctor, pharmacy)
    return patient


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()
