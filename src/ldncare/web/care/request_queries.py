"""Reads of patient requests, always from ``access.patient_requests_visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ldncare.journal.guidance import Guidance, crisis_contacts, guidance_for
from ldncare.web.access import patient_requests_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.audit.reads import record_read
from ldncare.web.care.models import Patient, PatientRequest, RequestMessage


def requests_of(user: User) -> QuerySet[PatientRequest]:
    """Every thread ``user`` may read, newest message first."""
    return (patient_requests_visible_to(user).select_related("patient__user")
            .order_by("-last_message_at", "-id"))


def waiting_for_clinic(user: User) -> QuerySet[PatientRequest]:
    """Open threads whose newest message is the patient's, problems with red
    flags first, then the longest waiting."""
    return (requests_of(user).filter(status=PatientRequest.Status.OPEN, awaiting_clinic=True)
            .order_by("-has_red_flags", "last_message_at", "id"))


def open_thread(user: User, request_id: int) -> PatientRequest:
    """One thread (404 outside ``user``'s scope); the read is audited."""
    thread = requests_of(user).select_related("closed_by").filter(pk=request_id).first()
    if thread is None:
        raise Http404("no such request")
    return record_read(thread)


def messages_of(thread: PatientRequest) -> list[RequestMessage]:
    return list(thread.messages.select_related("author", "request").order_by("created_at", "id"))


def emergency_contacts(patient: Patient):  # type: ignore[no-untyped-def]
    """The clinic's crisis line and its country's emergency number (the
    "in an emergency call …" line shown with every request form)."""
    from ldncare.web.journal.urgent_queries import clinic_guidance

    return crisis_contacts(clinic_guidance(patient.clinic))


def red_flag_guidance(thread: PatientRequest) -> tuple[Guidance, ...]:
    """What the patient reads for the red flags their words raised."""
    from ldncare.web.journal.urgent_queries import clinic_guidance, treatment_state

    if not thread.red_flags:
        return ()
    return guidance_for(thread.red_flags, clinic_guidance(thread.patient.clinic),
                        treatment=treatment_state(thread.patient))
