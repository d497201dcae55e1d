"""Reads for review, prescriptions, plans, supply and the patient's schedule.

Every function that takes a user starts from :mod:`ldncare.web.access`; the
calendar feed, read by calendar apps without a session, is scoped by its secret.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.signals import accessed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ldncare import dosing
from ldncare.dateranges import add_days_or_none, planning_window
from ldncare.dosing import Capsules, OralLiquid, TitrationPlan, TitrationStep
from ldncare.interop import fhir
from ldncare.units import format_mg
from ldncare.web.access import patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care import queries
from ldncare.web.care.models import (
    Intake,
    PathwayEvent,
    Patient,
    PlanVersion,
    Prescription,
    Screening,
)
from ldncare.web.care.prescribing_services import FEED_KEY
from ldncare.web.care.treatment import Treatment, current_prescription
from ldncare.web.pharmacy.models import OPEN_STATUSES, Order


def review_queue(user: User) -> QuerySet[Patient]:
    """Patients waiting for a prescriber's decision, longest-waiting first."""
    return queries.review_queue(user)


def latest_intake(patient: Patient) -> Intake | None:
    return patient.intakes.filter(status="submitted").order_by("-submitted_at", "-id").first()


def latest_screening(patient: Patient) -> Screening | None:
    return patient.screenings.order_by("-created_at", "-id").first()


def open_prescription(user: User, patient_id: int) -> Prescription:
    """The patient's current prescription (``care.treatment``: the active one, else
    the newest) for ``user`` (404 when out of scope or none); audited."""
    patient = queries.open_chart(user, patient_id)
    prescription = current_prescription(patient)
    if prescription is None:
        raise Http404("no prescription")
    accessed.send(sender=Prescription, instance=prescription)
    return prescription


def prescription_by_id(user: User, prescription_id: int) -> Prescription:
    """One prescription of a patient ``user`` may see (404 otherwise); audited."""
    prescription = get_object_or_404(
        Prescription.objects.filter(patient__in=patients_visible_to(user))
        .select_related("patient__user", "prescriber", "pharmacy"), pk=prescription_id)
    accessed.send(sender=Prescription, instance=prescription)
    return prescription


def plan_versions(prescription: Prescription) -> QuerySet[PlanVersion]:
    """Every version of the plan, newest first, with who made it."""
    return prescription.plan_versions.select_related("created_by").order_by("-version")


# ---------------------------------------------------------------- the schedule


@dataclass(frozen=True)
class ScheduleRow:
    step: TitrationStep
    volume_ml: str | None
    capsules: str | None
    is_current: bool


@dataclass(frozen=True)
class Schedule:
    """What the patient takes: today, the next change, and every step."""

    plan: TitrationPlan
    today: date
    today_step: TitrationStep | None
    today_ml: str | None
    next_step: TitrationStep | None
    rows: tuple[ScheduleRow, ...]
    liquid: OralLiquid | None
    #: Day 1; None while the medicine is on its way (then nothing is due yet,
    #: and the steps' dates move to the day after it arrives).
    started_on: date | None = None

    @property
    def is_waiting_for_medicine(self) -> bool:
        return self.started_on is None


def schedule(treatment: Treatment) -> Schedule:
    """The current plan as the patient reads it, on their today (``treatment.today``)."""
    plan, form, today = treatment.plan, treatment.form, treatment.today
    liquid = form if isinstance(form, OralLiquid) else None
    in_force = treatment.plan_in_force
    now = None if in_force is None else dosing.current_step(in_force, today)
    upcoming = None if in_force is None else dosing.next_change(in_force, today)
    rows = tuple(ScheduleRow(step, _ml(step, liquid), _capsules(step, form), step == now)
                 for step in plan.steps)
    return Schedule(plan, today, now, _ml(now, liquid) if now else None, upcoming, rows, liquid,
                    treatment.started_on)


def _ml(step: TitrationStep, liquid: OralLiquid | None) -> str | None:
    """'4.5' (mL) for a liquid; None for capsules, pauses or a volume that cannot be measured."""
    if liquid is None or step.is_pause:
        return None
    try:
        return format_mg(dosing.volume_for_dose(step.dose, liquid))
    except dosing.SupplyError:
        return None


def _capsules(step: TitrationStep, form: Capsules | OralLiquid) -> str | None:
    """'1 × 3 mg + 1 × 1.5 mg' for capsules; None otherwise."""
    if not isinstance(form, Capsules) or step.is_pause:
        return None
    try:
        counts = dosing.capsules_for_dose(step.dose, form)
    except dosing.SupplyError:
        return None
    return " + ".join(f"{n} × {strength}" for strength, n in counts.items())


def calendar_until(plan: TitrationPlan, today: date) -> date:
    """The last day a calendar shows: the plan's end, or 90 days past the last
    change for an open-ended plan (calendar apps re-read the feed); never past
    the planning horizon, so a plan stored with a far date still renders."""
    horizon = planning_window(today).latest
    last = plan.steps[-1]
    end = last.end if last.end is not None else add_days_or_none(max(today, last.start), 90)
    return horizon if end is None else min(end, horizon)


def calendar_from(plan: TitrationPlan, today: date) -> date:
    """The first day a calendar shows: the plan's start, but not before the
    planning horizon (a plan stored with a far-past date renders a bounded feed)."""
    return max(plan.start, planning_window(today).earliest)


# ---------------------------------------------------------------- calendar feed


def patient_for_feed(patient_id: int, token: str) -> Patient | None:
    """The patient whose current calendar-feed secret is ``token``, else None.

    Only the newest feed record counts, so creating a new link or revoking
    one makes every older link stop working.
    """
    newest = (PathwayEvent.objects.filter(patient_id=patient_id, data__has_key=FEED_KEY)
              .order_by("-at", "-id").first())
    if newest is None:
        return None
    stored = (newest.data.get(FEED_KEY) or {}).get("token_hash")
    offered = hashlib.sha256(token.encode()).hexdigest()
    if not stored or not hmac.compare_digest(stored, offered):
        return None
    return Patient.objects.select_related("user").get(pk=patient_id)


def has_calendar_feed(patient: Patient) -> bool:
    newest = (patient.events.filter(data__has_key=FEED_KEY).order_by("-at", "-id").first())
    return bool(newest and (newest.data.get(FEED_KEY) or {}).get("token_hash"))


# ---------------------------------------------------------------- interop


def medication_request(treatment: Treatment) -> dict[str, Any]:
    """The prescription's current plan as a FHIR R4 MedicationRequest (a dict)."""
    prescription, plan = treatment.prescription, treatment.plan
    info = fhir.PrescriptionInfo(
        patient_reference=f"Patient/{prescription.patient_id}",
        authored_on=prescription.created_at,
        requester_reference=f"Practitioner/{prescription.prescriber_id}",
        pharmacy_reference=f"Organization/{prescription.pharmacy_id}",
        request_id=f"ldn-rx-{prescription.pk}", form=treatment.form,
        refills=prescription.refills, days_per_fill=prescription.days_per_fill,
        plan_id=f"rx{prescription.pk}",
        note=prescription.override_reason and f"Above the clinic ceiling because: "
                                              f"{prescription.override_reason}")
    return fhir.medication_request(plan, info)


def intake_rows(intake: Intake | None) -> list[tuple[str, str]]:
    """The intake's answers as (question as the patient read it, answer in the
    words of the option chosen), in form order."""
    if intake is None:
        return []
    from ldncare.web.care.intake_forms import answer_sections

    return [row for _, rows in answer_sections(intake.answers or {}) for row in rows]


# ---------------------------------------------------------------- refills

@dataclass(frozen=True)
class RefillState:
    """Where a prescription stands on refills, as the prescriber reads it.

    ``next_fill`` is the fill number the next order would get (0 = first fill);
    ``open_fill`` is the fill still at the pharmacy (a refill waits for it).
    Counted the way :func:`ldncare.web.pharmacy.services.request_refill` counts,
    so the page never offers a refill the service would refuse for numbers.
    """

    allowed: int
    used: int
    next_fill: int
    open_fill: Order | None

    @property
    def left(self) -> int:
        return max(self.allowed - self.used, 0)


def refill_state(prescription: Prescription) -> RefillState:
    """Refills used and left on ``prescription`` (the caller has already scoped it)."""
    orders = list(Order.objects.filter(prescription=prescription).order_by("fill_number", "id"))
    next_fill = max((o.fill_number for o in orders), default=-1) + 1
    open_fill = next((o for o in orders if o.status in OPEN_STATUSES), None)
    return RefillState(allowed=prescription.refills, used=max(next_fill - 1, 0),
                       next_fill=next_fill, open_fill=open_fill)
