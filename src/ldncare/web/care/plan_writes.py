"""Writing a prescription's plan, below both the prescriber's and the pharmacy's
services: the one way a plan version is stored, and day 1 set when the medicine
arrives (the pharmacy records the arrival; the plan moves with it)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ldncare import dosing
from ldncare.dosing import TitrationPlan
from ldncare.errors import FieldError
from ldncare.pathway import State
from ldncare.web.accounts.models import User
from ldncare.web.care.models import PlanVersion, Prescription
from ldncare.web.care.services import add_note, record_step
from ldncare.web.care.treatment import first_day_after_arrival


class PrescribingError(FieldError):
    """A prescribing request that cannot be carried out; ``field`` names the
    form field the message belongs beside (None: the whole form)."""


def store_version(prescription: Prescription, plan: TitrationPlan, actor: User) -> PlanVersion:
    """Store ``plan`` as a new version of ``prescription`` (none is ever edited)."""
    change = plan.last_change
    return PlanVersion.objects.create(
        prescription=prescription, version=plan.version, plan=plan.as_dict(),
        data_version=plan.data_version, change_kind=change.kind.value if change else "created",
        reason=change.reason if change else "", created_by=actor)


@transaction.atomic
def start_treatment(prescription: Prescription, *, arrived_on: date, actor: User) -> date | None:
    """The medicine of ``prescription`` arrived on ``arrived_on``: treatment
    starts the next day (:func:`~ldncare.web.care.treatment.first_day_after_arrival`).

    Stores day 1 on the prescription; when it is later than the plan's start,
    stores a new plan version moved whole to day 1 (so every step, refill and
    reminder follows); moves a shipped patient to 'active'. Returns day 1, or
    None when nothing changes (already started, or stopped): a refill arriving
    never moves the plan.
    """
    locked = (Prescription.objects.select_for_update(of=("self",)).select_related("patient")
              .get(pk=prescription.pk))
    if locked.started_on is not None or locked.status != Prescription.Status.ACTIVE:
        return None
    current = locked.current_plan()
    plan = current.titration_plan()
    day1 = first_day_after_arrival(plan, arrived_on)
    if day1 != plan.start:
        try:
            moved = dosing.reschedule(
                plan, day1, actor.full_name or actor.email,
                f"The medicine arrived on {arrived_on:%-d %b %Y}; day 1 is the next day.",
                recorded_at=timezone.now())
        except dosing.DosingError as error:  # a stopped plan: nothing to start
            raise PrescribingError(str(error)) from None
        store_version(locked, moved, actor)
    locked.started_on = day1
    locked.save(update_fields=["started_on"])
    patient = locked.patient
    summary = f"Treatment starts on {day1:%-d %b %Y}"
    if patient.pathway_state == State.SHIPPED:
        record_step(patient, State.ACTIVE, actor=actor, summary=summary,
                    data={"prescription_id": locked.pk, "started_on": day1.isoformat()})
    else:
        add_note(patient, actor=actor, visible_to_patient=True, summary=summary,
                 data={"prescription_id": locked.pk, "started_on": day1.isoformat()})
    return day1
