"""Demo intakes and screenings for the demo patients past "registered".

Each patient's answers fit their pathway state: the one waiting for review
has a supplement the screening cannot recognise (needs review, no decision
yet); the declined one takes tramadol (contraindicated, declined with the
reason on their timeline); those prescribed have a clean or cautionary list.
The pathway events already exist (``ldncare.web.demo``): this adds only the
intake and screening rows, dated like those events. Idempotent.
"""

from __future__ import annotations

from typing import Any

from ldncare.pathway import State
from ldncare.screening import ScreeningInput, answers_to_input, load_questionnaire, screen
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Intake, Patient, Screening
from ldncare.web.care.screening_services import clinic_screening_settings

NO_TO_ALL = {
    "currently_taking_opioids": False, "opioid_recent": False,
    "opioid_use_disorder_treatment": False, "pregnant": False, "breastfeeding": False,
    "liver": "none", "kidney": "none", "thyroid_treatment": False,
    "immunosuppressant_or_transplant": False, "planned_procedure": False,
    "drinks_alcohol": False, "naltrexone_history": "never", "naltrexone_allergy": False,
    "naloxone_or_nalmefene_allergy": False,
}

#: e-mail → (answers, decision, decision reason)
INTAKES: dict[str, tuple[dict[str, Any], str, str]] = {
    "review@patients.example": (
        {**NO_TO_ALL, "conditions": ["Fibromyalgia"],
         "medications": ["vitamin D3 1000 IU", "Dr Lin's Calm-Root herbal blend"]}, "", ""),
    "declined@patients.example": (
        {**NO_TO_ALL, "conditions": ["Chronic low back pain"], "currently_taking_opioids": True,
         "medications": ["tramadol 50 mg twice a day"]},
        "decline", "Currently taking tramadol daily; LDN would block it."),
    "pharmacy@patients.example": (
        {**NO_TO_ALL, "conditions": ["Fibromyalgia"], "medications": ["magnesium glycinate"]},
        "", ""),
    "shipped@patients.example": (
        {**NO_TO_ALL, "conditions": ["Hashimoto's thyroiditis"], "thyroid_treatment": True,
         "medications": ["levothyroxine 75 mcg"]}, "", ""),
    "patient@patients.example": (
        {**NO_TO_ALL, "conditions": ["Fibromyalgia"], "drinks_alcohol": True,
         "medications": ["vitamin D3 1000 IU", "omega-3 fish oil"]}, "", ""),
    "stopped@patients.example": (
        {**NO_TO_ALL, "conditions": ["Long COVID fatigue"], "no_medications": True}, "", ""),
}


def _event_at(patient: Patient, state: State):  # type: ignore[no-untyped-def]
    event = patient.events.filter(state=state).order_by("at").first()
    return event.at if event else patient.created_at


def _add_intake(patient: Patient, answers: dict[str, Any], decision: str, reason: str,
                prescriber: User | None) -> None:
    sent_at, screened_at = (_event_at(patient, State.INTAKE_SUBMITTED),
                            _event_at(patient, State.SCREENED))
    on = screened_at.date()
    intake = Intake.objects.create(
        patient=patient, questionnaire_version=load_questionnaire()["version"], answers=answers,
        status=Intake.Status.SUBMITTED, updated_at=sent_at, submitted_at=sent_at)
    inputs: ScreeningInput = answers_to_input(answers, today=on)
    result = screen(inputs, clinic_screening_settings(patient.clinic), on)
    Screening.objects.create(
        patient=patient, intake=intake, trigger=Screening.Trigger.INTAKE, verdict=result.verdict,
        rule_set_version=result.rule_set_version, inputs=inputs.as_dict(),
        result=result.as_dict(), screened_on=on, created_at=screened_at,
        decision=decision, decision_reason=reason,
        decided_by=prescriber if decision else None, decided_at=screened_at if decision else None)


def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    """Give each demo patient past "registered" a submitted intake and its screening."""
    prescriber = User.objects.filter(organisation=clinic, role=Role.PRESCRIBER).first()
    for email, (answers, decision, reason) in INTAKES.items():
        patient = Patient.objects.filter(user__email=email, clinic=clinic).first()
        if patient is None or patient.intakes.exists():
            continue
        _add_intake(patient, answers, decision, reason, prescriber)
