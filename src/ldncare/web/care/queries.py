"""Reads for the clinic's pages. Every function starts from a scoped queryset."""

from __future__ import annotations

from auditlog.signals import accessed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ldncare.pathway import REVIEW_QUEUE
from ldncare.web.access import is_patient, patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care.models import PathwayEvent, Patient


def own_patient(user: User) -> Patient:
    """The logged-in patient's own record (404 when they have none). Read through
    the user, so the row the consent gate already loaded on this request is reused
    (a patient's own record is always in their scope)."""
    try:
        return user.patient  # type: ignore[no-any-return]
    except Patient.DoesNotExist:
        raise Http404("No patient record") from None


def patient_list(user: User) -> QuerySet[Patient]:
    """The patients ``user`` may see, newest activity first, in a constant
    number of queries whatever the length."""
    return patients_visible_to(user).select_related("user").order_by("-state_changed_at", "id")


def review_queue(user: User) -> QuerySet[Patient]:
    """Patients waiting for the prescriber, longest-waiting first."""
    return (patients_visible_to(user).filter(state__in=[s.value for s in REVIEW_QUEUE])
            .select_related("user").order_by("state_changed_at", "id"))


def open_chart(user: User, patient_id: int) -> Patient:
    """The patient's chart for ``user`` (404 when out of scope); the read is audited."""
    patient = get_object_or_404(patients_visible_to(user).select_related("user", "clinic"),
                                pk=patient_id)
    accessed.send(sender=Patient, instance=patient)
    return patient


def timeline(user: User, patient: Patient) -> QuerySet[PathwayEvent]:
    """The events of ``patient`` that ``user`` may see: all for the care team,
    the patient-facing ones for the patient."""
    events = patient.events.select_related("actor").order_by("-at", "-id")
    if is_patient(user):
        events = events.filter(visible_to_patient=True)
    return events
