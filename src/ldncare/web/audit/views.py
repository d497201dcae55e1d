"""The audit trail of one patient, for their organisation's admin (what each
admin sees: ``audit.queries.trail_entries``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ldncare.web.access import patients_visible_to
from ldncare.web.audit import queries
from ldncare.web.audit.reads import record_read
from ldncare.web.decorators import admin_only
from ldncare.web.typing import AuthenticatedRequest


@admin_only
def patient_trail(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = patients_visible_to(request.user).filter(pk=patient_id).select_related("user").first()
    if patient is None:
        raise Http404
    record_read(patient)  # reading the trail is itself a read of the patient's record
    entries = queries.trail_entries(request.user, patient.pk)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "audit/patient_trail.html", {"patient": patient, "page": page})
