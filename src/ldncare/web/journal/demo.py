"""Demo journal content for `make run`: months of check-ins for the demo
patients who are on LDN (or stopped), taken from a synthetic clinic
(``ldncare.outcomes.generate_clinic``), and decision support run over them
so some suggestions are open. Idempotent: a patient with check-ins is skipped.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.models import PlanVersion, Prescription, Screening
from ldncare.web.care.treatment import time_zone_of
from ldncare.web.journal import queries
from ldncare.web.journal.models import CheckIn, QuestionnairePlan
from ldncare.web.journal.services import CheckInAnswers, evaluate_suggestions, save_check_in

DEMO_STATES = (State.ACTIVE, State.STOPPED)
DEMO_DAYS = 120


def ensure_prescription(patient, prescriber: User, pharmacy: Organisation,  # type: ignore[no-untyped-def]
                        start: date, protocol: str = "standard") -> Prescription:
    """The patient's active prescription, or a new one on ``protocol`` from ``start``
    (used by the demo and by tests that need a dosing plan)."""
    existing = patient.prescriptions.filter(status=Prescription.Status.ACTIVE).first()
    if existing is not None:
        return existing
    from ldncare.dosing import build_plan, load_library

    plan = build_plan(load_library().get(protocol), start, actor=prescriber.email,
                      reason="Demo prescription")
    screening = Screening.objects.create(
        patient=patient, trigger=Screening.Trigger.PRESCRIPTION, verdict="ok",
        rule_set_version="demo", inputs={}, result={"verdict": "ok", "findings": []},
        screened_on=start)
    prescription = Prescription.objects.create(
        patient=patient, prescriber=prescriber, pharmacy=pharmacy, screening=screening,
        protocol=protocol, form=Prescription.Form.CAPSULES, strengths_mg=["1.5", "3", "4.5"],
        days_per_fill=30, refills=5, started_on=start)
    PlanVersion.objects.create(prescription=prescription, version=1, plan=plan.as_dict(),
                               data_version=plan.data_version, change_kind="created",
                               created_by=prescriber)
    return prescription


#: The course each demo patient's journal follows: their intake's condition,
#: and whether it should show a response (the active patient does; the one who
#: stopped did so for lack of benefit, as their timeline says).
COURSES = {"patient@patients.example": ("fibromyalgia", True),
           "stopped@patients.example": ("long_covid", False)}


def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    from ldncare.outcomes import generate_clinic

    prescriber = User.objects.filter(organisation=clinic, role="prescriber").first()
    from ldncare.web.demo import PATIENTS

    # Only the named demo patients: other apps may add cohorts with their own journals.
    emails = [email for email, _, _ in PATIENTS]
    patients = [p for p in clinic.patients.select_related("user").filter(user__email__in=emails)
                .order_by("id") if p.state in DEMO_STATES]
    if prescriber is None or not patients:
        return
    today = timezone.now().date()
    synthetic = generate_clinic(max(60, len(patients) * 3), months=5, seed=2026,
                                start=today - timedelta(days=DEMO_DAYS + 30)).patients
    used: set[str] = set()
    for patient in patients:
        if CheckIn.objects.filter(patient=patient).exists():
            continue
        course = _course_for(patient.user.email, synthetic, used)
        used.add(course.patient_id)
        _load_patient(patient, course, prescriber, pharmacy, today)


def _course_for(email: str, synthetic, used: set[str]):  # type: ignore[no-untyped-def]
    """The longest unused course that fits the patient (condition, response,
    still going), else the longest unused one."""
    condition, responder = COURSES.get(email, ("", True))
    free = sorted((c for c in synthetic if c.patient_id not in used),
                  key=lambda c: -len(c.check_ins))
    fitting = [c for c in free if c.condition == condition
               and c.planted.responder == responder and c.stopped_on is None]
    return (fitting or free)[0]


@transaction.atomic
def _load_patient(patient, course, prescriber, pharmacy, today: date) -> None:  # type: ignore[no-untyped-def]
    zone = time_zone_of(patient)
    start = max(course.start_date, today - timedelta(days=DEMO_DAYS))
    earlier = patient.prescriptions.order_by("created_at").first()
    if earlier is not None:  # the prescribing demo already made one: journal from its start
        start = earlier.plan_versions.order_by("version").first().titration_plan().start
    if not patient.condition:
        patient.condition = course.condition if course.condition != "chronic_pain" else ""
        patient.save(update_fields=["condition"])
    stopped = patient.events.filter(state=State.STOPPED).order_by("at").first()
    if earlier is None:
        ensure_prescription(patient, prescriber, pharmacy, start)
    shift = start - course.start_date  # map the synthetic course onto this patient's dates
    asked = set(queries.asked_ratings(patient))
    # The journal runs to today, or to the day the patient stopped.
    last = today if stopped is None else min(today, timezone.localtime(stopped.at, zone).date())
    for c in course.check_ins:
        day = c.day + shift
        # Two weeks before the first dose: the baseline "Is LDN working for me?" compares with.
        if day < start - timedelta(days=14) or day > last:
            continue
        effects = {e.name: "mild" for e in course.side_effects
                   if e.onset + shift <= day <= (e.resolved or c.day) + shift}
        ratings = {k: v for k, v in (("pain", c.pain), ("fatigue", c.fatigue), ("mood", c.mood),
                                     ("brain_fog", c.brain_fog), ("sleep_quality", c.sleep))
                   if v is not None and k in asked}
        answers = CheckInAnswers(dose_taken=c.dose_taken if day >= start else None,
                                 ratings=ratings, side_effects=effects,
                                 vivid_dreams="vivid_dreams" in effects)
        at = datetime.combine(day, time(21, 30), tzinfo=zone)
        save_check_in(patient, day, answers, now=at, evaluate_after=False)
    QuestionnairePlan.objects.get_or_create(
        patient=patient, instrument="phq-9",
        defaults={"start": start, "every_days": 28, "set_by": prescriber})
    evaluate_suggestions(patient, last)
