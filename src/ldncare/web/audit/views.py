"""The audit trail of one patient, for their organisation's admin."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ldncare.web.access import patients_visible_to
from ldncare.web.decorators import admin_only
from ldncare.web.typing import AuthenticatedRequest


@admin_only
def patient_trail(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = patients_visible_to(request.user).filter(pk=patient_id).select_related("user").first()
    if patient is None:
        raise Http404
    entries = (LogEntry.objects.filter(additional_data__patient_id=patient.pk)
               .select_related("actor", "content_type").order_by("-timestamp", "-id"))
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "audit/patient_trail.html", {"patient": patient, "page": page})
