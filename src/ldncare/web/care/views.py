from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from ldncare.pathway import NEXT_FOR_PATIENT
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import queries
from ldncare.web.decorators import clinic_team_only
from ldncare.web.typing import AuthenticatedRequest


@clinic_team_only
def patient_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(queries.patient_list(request.user), 50).get_page(request.GET.get("page"))
    record_reads(page.object_list)  # each row shows a patient
    return render(request, "care/patient_list.html", {"page": page})


@login_required
def patient_chart(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    return render(request, "care/patient_chart.html", {
        "patient": patient, "events": queries.timeline(request.user, patient),
        "next_step": NEXT_FOR_PATIENT[patient.pathway_state],
    })
