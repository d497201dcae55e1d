"""Demo prescriptions for `make run`: the demo patients who are past approval
(prescribed, sent to pharmacy, shipped, active, stopped) get a prescription
and plan versions that fit their pathway state. The prescribed patient's plan
waits for them to agree to its cost; the others agreed (the pharmacy demo
records the amounts, from its price list). Idempotent: a patient who already
has a prescription is left alone. Pharmacy orders are the pharmacy app's demo
content."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ldncare import dosing
from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Patient, PlanVersion, Prescription, Screening

#: For each state: days from today to the plan's start, the protocol, the form,
#: and the dose changes already made (kind, days after start, reason).
PLANS: dict[State, tuple[int, str, str, list[tuple[str, int, str]]]] = {
    State.PRESCRIBED: (10, "standard", "capsules", []),
    State.SENT_TO_PHARMACY: (10, "gentle", "oral_liquid", []),
    State.COMPOUNDED: (7, "standard", "capsules", []),
    State.VERIFIED: (5, "standard", "capsules", []),
    State.SHIPPED: (3, "standard", "capsules", []),
    State.ACTIVE: (-70, "standard", "capsules",
                   [("switch_to_morning", 9, "Vivid dreams in the first week; dose moved to "
                                             "the morning.")]),
    State.STOPPED: (-120, "standard", "capsules",
                    [("hold", 20, "Headaches at 3 mg; holding while they settle."),
                     ("stop", 90, "No benefit after three months at a steady dose; the patient "
                                  "chose to stop.")]),
}


def stop_day(state: State) -> int:
    """Days from the first dose to the stop, for a demo patient in ``state`` (0: no stop)."""
    return next((after for kind, after, _ in PLANS[state][3] if kind == "stop"), 0)


def stop_reason(state: State) -> str:
    return next((reason for kind, _, reason in PLANS[state][3] if kind == "stop"), "")


def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    prescriber = User.objects.filter(organisation=clinic, role=Role.PRESCRIBER).first()
    if prescriber is None:
        return
    for patient in Patient.objects.filter(clinic=clinic, state__in=[s.value for s in PLANS]):
        if not patient.prescriptions.exists():
            _prescribe(patient, prescriber, pharmacy)


@transaction.atomic
def _prescribe(patient: Patient, prescriber: User, pharmacy: Organisation) -> None:
    offset, protocol_name, form, changes = PLANS[patient.pathway_state]
    library = dosing.load_library()
    start = timezone.localdate() + timedelta(days=offset)
    # Dated like the patient's own timeline: prescribed when the pathway says so,
    # each dose change recorded on the day it took effect.
    prescribed = patient.events.filter(state=State.PRESCRIBED).order_by("at").first()
    prescribed_at = prescribed.at if prescribed else timezone.now()
    plan = dosing.build_plan(library.get(protocol_name), start, actor=prescriber.full_name,
                             recorded_at=prescribed_at, library_version=library.version)
    prescription = Prescription.objects.create(
        patient=patient, prescriber=prescriber, pharmacy=pharmacy,
        screening=_screening(patient), protocol=protocol_name, form=form,
        strengths_mg=["1.5", "3", "4.5"] if form == "capsules" else [],
        concentration_mg_per_ml=Decimal("1") if form == "oral_liquid" else None,
        days_per_fill=30, refills=3, created_at=prescribed_at, cost_agreement_required=True,
        status=Prescription.Status.STOPPED if patient.pathway_state == State.STOPPED
        else Prescription.Status.ACTIVE,
        # Day 1 is known once the medicine has arrived (active and stopped patients).
        started_on=start if patient.pathway_state in (State.ACTIVE, State.STOPPED) else None)
    _store(prescription, plan, prescriber, prescribed_at)
    for kind, after, reason in changes:
        from ldncare.web.care.prescribing_services import DOSE_CHANGES

        on = start + timedelta(days=after)
        at = datetime.combine(on, time(9), tzinfo=UTC)
        plan = DOSE_CHANGES[kind][1](plan, on, prescriber.full_name, reason, recorded_at=at)
        _store(prescription, plan, prescriber, at)


def _store(prescription: Prescription, plan: dosing.TitrationPlan, actor: User,
           at: datetime) -> None:
    change = plan.last_change
    assert change is not None, "a stored plan version records the change that made it"
    PlanVersion.objects.create(prescription=prescription, version=plan.version,
                               plan=plan.as_dict(), data_version=plan.data_version,
                               change_kind=change.kind.value, reason=change.reason,
                               created_by=actor, created_at=at)


def _screening(patient: Patient) -> Screening:
    """The patient's latest screening, or a clear one from standard 'no concerns' answers
    when the intake demo has not made one."""
    latest = patient.screenings.order_by("-created_at", "-id").first()
    if latest is not None:
        return latest
    from ldncare import screening as core

    answers = {"no_medications": True, "currently_taking_opioids": False, "opioid_recent": False,
               "opioid_use_disorder_treatment": False, "pregnant": False, "breastfeeding": False,
               "liver": "none", "kidney": "none", "thyroid_treatment": False,
               "immunosuppressant_or_transplant": False, "planned_procedure": False,
               "drinks_alcohol": False, "naltrexone_history": "never",
               "naltrexone_allergy": False, "naloxone_or_nalmefene_allergy": False}
    inputs = core.answers_to_input(answers)
    today = timezone.localdate()
    result = core.screen(inputs, None, today)
    return Screening.objects.create(patient=patient, trigger=Screening.Trigger.INTAKE,
                                    verdict=result.verdict,
                                    rule_set_version=result.rule_set_version,
                                    inputs=inputs.as_dict(), result=result.as_dict(),
                                    screened_on=today)
