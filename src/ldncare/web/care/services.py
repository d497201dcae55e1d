"""Writes about patients and their pathway. Each function is one transaction,
appends to the event log and keeps ``Patient.state`` in step with it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ldncare.pathway import State, check_transition
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.models import PathwayEvent, Patient


class ConcurrentChange(RuntimeError):
    """Someone else changed the record since the user loaded it."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this patient's record while you were working on it. "
            "Nothing was saved; your input is kept below. Check the new state and submit again."
        )


def register_patient(user: User, clinic: Organisation) -> Patient:
    patient = Patient.objects.create(user=user, clinic=clinic)
    PathwayEvent.objects.create(patient=patient, state=State.REGISTERED, actor=user,
                                summary="Signed up and joined " + clinic.name)
    return patient


def lock_patient(patient_id: int, expected_version: int | None) -> Patient:
    """Lock the patient row for this transaction; raise :class:`ConcurrentChange`
    if it is no longer at ``expected_version`` (None skips the check)."""
    patient = Patient.objects.select_for_update().get(pk=patient_id)
    if expected_version is not None and patient.version != expected_version:
        raise ConcurrentChange()
    return patient


@transaction.atomic
def record_step(patient: Patient, new_state: State, *, actor: User | None, summary: str,
                reason: str = "", expected_version: int | None = None,
                visible_to_patient: bool = True, data: dict[str, Any] | None = None) -> PathwayEvent:
    """Move ``patient`` to ``new_state``, recording who, when, what and why."""
    locked = lock_patient(patient.pk, expected_version)
    check_transition(locked.pathway_state, new_state)
    now = timezone.now()
    event = PathwayEvent.objects.create(
        patient=locked, state=new_state, actor=actor, at=now, summary=summary, reason=reason,
        visible_to_patient=visible_to_patient, data=data or {},
    )
    locked.state, locked.state_changed_at, locked.version = new_state, now, locked.version + 1
    locked.save(update_fields=["state", "state_changed_at", "version"])
    patient.state, patient.state_changed_at, patient.version = locked.state, now, locked.version
    return event


@transaction.atomic
def add_note(patient: Patient, *, actor: User, summary: str, reason: str = "",
             visible_to_patient: bool = False, data: dict[str, Any] | None = None) -> PathwayEvent:
    """Record something that happened without changing the pathway state."""
    return PathwayEvent.objects.create(
        patient=patient, state=patient.state, actor=actor, summary=summary, reason=reason,
        visible_to_patient=visible_to_patient, data=data or {}, at=timezone.now(),
    )
