"""API of prescriptions: the prescription, its FHIR MedicationRequest, plan
versions, dose changes and the schedule. Doses are canonical decimal strings
(``DoseText``: "1.5", never 1.5 or "1.500")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ldncare.units import canonical_dose
from ldncare.web.access import may_prescribe, signs_prescriptions
from ldncare.web.apierrors import ApiError, In, PlanDate, Version, require, responses
from ldncare.web.care import prescribing_queries as rxq
from ldncare.web.care import prescribing_services as rx
from ldncare.web.care.models import PlanVersion
from ldncare.web.care.services import ConcurrentChange
from ldncare.web.care.treatment import treatment_of
from ldncare.web.doses import DoseText, api_dose
from ldncare.web.pharmacy import services as pharmacy
from ldncare.web.typing import user_of

router = Router(tags=["prescribing"])


class PrescriptionOut(Schema):
    id: int
    patient_id: int
    status: str
    protocol: str
    form: str
    strengths_mg: list[DoseText]
    concentration_mg_per_ml: DoseText | None
    days_per_fill: int
    refills: int
    pharmacy: str
    prescriber: str
    override_reason: str
    created_at: datetime
    plan_version: int


class PlanVersionOut(Schema):
    version: int
    change_kind: str
    reason: str
    created_by: str
    created_at: datetime
    data_version: str
    plan: dict[str, Any]


class DoseChangeIn(In):
    kind: str = Field(..., max_length=40, description=" | ".join(rx.DOSE_CHANGES))
    reason: str = Field(..., max_length=2000)
    on_date: PlanDate = Field(..., description="within two years of today")
    override_reason: str = Field("", max_length=2000)
    #: The plan version the client saw (required: no last-writer-wins); a newer one answers 409.
    expected_plan_version: Version = Field(..., description="the plan version you last read "
                                                            "(GET .../prescription); 409 when newer")


class RefillOut(Schema):
    order_id: int
    fill_number: int
    status: str
    pharmacy: str
    created_at: datetime
    refills_allowed: int
    refills_left: int


class StepOut(Schema):
    start: date
    end: date | None
    dose_mg: DoseText
    time_of_day: str
    volume_ml: str | None
    capsules: str | None


class ScheduleOut(Schema):
    today: date
    today_dose_mg: DoseText | None
    today_volume_ml: str | None
    time_of_day: str | None
    next_change_on: date | None
    next_dose_mg: DoseText | None
    plan_version: int
    plan_status: str
    #: Day 1 of treatment; null while the medicine is on its way (then no dose
    #: is due today and the steps' dates move to the day after it arrives).
    started_on: date | None
    steps: list[StepOut]


def _prescription_out(found) -> PrescriptionOut:  # type: ignore[no-untyped-def]
    concentration = found.concentration_mg_per_ml
    return PrescriptionOut(
        id=found.pk, patient_id=found.patient_id, status=found.status, protocol=found.protocol,
        form=found.form, strengths_mg=[s for s in map(api_dose, found.strengths_mg) if s],
        concentration_mg_per_ml=api_dose(concentration),
        days_per_fill=found.days_per_fill, refills=found.refills, pharmacy=found.pharmacy.name,
        prescriber=str(found.prescriber), override_reason=found.override_reason,
        created_at=found.created_at, plan_version=found.current_plan().version)


def _version_out(v: PlanVersion) -> PlanVersionOut:
    return PlanVersionOut(version=v.version, change_kind=v.change_kind, reason=v.reason,
                          created_by=str(v.created_by), created_at=v.created_at,
                          data_version=v.data_version, plan=v.plan)


@router.get("/patients/{patient_id}/prescription", response=responses(PrescriptionOut))
def get_prescription(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """The patient's newest prescription (404 when none or out of scope)."""
    return _prescription_out(rxq.open_prescription(user_of(request), patient_id))


@router.get("/patients/{patient_id}/prescription/fhir", response=responses(dict[str, Any]))
def get_medication_request(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """The prescription's current plan as an HL7 FHIR R4 MedicationRequest."""
    found = rxq.open_prescription(user_of(request), patient_id)
    from ldncare.interop.fhir import validate_medication_request

    return validate_medication_request(
        rxq.medication_request(treatment_of(found))).model_dump(mode="json")


@router.get("/patients/{patient_id}/prescription/plan-versions",
            response=responses(list[PlanVersionOut]))
def list_plan_versions(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """Every version of the titration plan, newest first."""
    found = rxq.open_prescription(user_of(request), patient_id)
    return [_version_out(v) for v in rxq.plan_versions(found)]


@router.post("/patients/{patient_id}/prescription/dose-changes",
             response=responses(PlanVersionOut, status=201))
def post_dose_change(request: HttpRequest, patient_id: int, change: DoseChangeIn):  # type: ignore[no-untyped-def]
    """Apply a dose change (advance, hold, step_back, switch_to_morning,
    switch_to_bedtime, pause, resume, stop); answers the new plan version."""
    require(signs_prescriptions(user_of(request)), "Only a prescriber can change the dose.")
    found = rxq.open_prescription(user_of(request), patient_id)
    require(may_prescribe(user_of(request), found.patient),
            "Only a prescriber of this patient's clinic can change the dose.")
    try:
        stored = rx.apply_dose_change(found, kind=change.kind, actor=user_of(request),
                                      reason=change.reason, on_date=change.on_date,
                                      override_reason=change.override_reason,
                                      expected_plan_version=change.expected_plan_version)
    except ConcurrentChange as error:
        raise ApiError(409, str(error), "expected_plan_version") from None
    except rx.PrescribingError as error:
        raise ApiError(400, str(error), error.field or "") from None
    return Status(201, _version_out(stored))


@router.post("/patients/{patient_id}/prescription/refills",
             response=responses(RefillOut, status=201))
def post_refill(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """Send the next fill of the patient's prescription to its pharmacy (a
    prescriber of the patient's clinic only). Screening runs again first; 400
    with the reason when it blocks, no refill is left, the prescription is
    stopped or a fill is still being made; nothing is ordered then."""
    user = user_of(request)
    require(signs_prescriptions(user), "Only a prescriber can send a refill.")
    found = rxq.open_prescription(user, patient_id)
    require(may_prescribe(user, found.patient),
            "Only a prescriber of this patient's clinic can send a refill.")
    try:
        order = pharmacy.request_refill(found, requested_by=user)
    except pharmacy.PharmacyError as error:
        raise ApiError(400, str(error)) from None
    state = rxq.refill_state(found)
    return Status(201, RefillOut(order_id=order.pk, fill_number=order.fill_number,
                                 status=order.status, pharmacy=order.pharmacy.name,
                                 created_at=order.created_at,
                                 refills_allowed=state.allowed, refills_left=state.left))


@router.get("/patients/{patient_id}/schedule", response=responses(ScheduleOut))
def get_schedule(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """Today's dose (and mL for a liquid), the next change and every step."""
    schedule = rxq.schedule(treatment_of(rxq.open_prescription(user_of(request), patient_id)))
    now, upcoming = schedule.today_step, schedule.next_step
    return ScheduleOut(
        today=schedule.today, today_dose_mg=None if now is None else canonical_dose(now.dose),
        today_volume_ml=schedule.today_ml, time_of_day=None if now is None else now.time_of_day.value,
        next_change_on=None if upcoming is None else upcoming.start,
        next_dose_mg=None if upcoming is None else canonical_dose(upcoming.dose),
        plan_version=schedule.plan.version, plan_status=schedule.plan.status.value,
        started_on=schedule.started_on, steps=[StepOut(start=r.step.start, end=r.step.end, dose_mg=canonical_dose(r.step.dose),
                       time_of_day=r.step.time_of_day.value, volume_ml=r.volume_ml,
                       capsules=r.capsules) for r in schedule.rows])
