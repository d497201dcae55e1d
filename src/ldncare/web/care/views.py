from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ldncare.pathway import NEXT_FOR_PATIENT
from ldncare.web.accounts.roles import Role
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import queries
from ldncare.web.care.treatment import current_treatment
from ldncare.web.care.triage import triaged_queue
from ldncare.web.decorators import clinic_team_only
from ldncare.web.typing import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each role's own queue."""
    user = request.user
    if user.role == Role.PATIENT:
        patient = user.patient
        return render(request, "care/patient_home.html", {
            "patient": patient, "next_step": NEXT_FOR_PATIENT[patient.pathway_state],
            "events": queries.timeline(user, patient)[:5],
            "treatment": current_treatment(patient),
        })
    if user.is_clinic_member:
        from ldncare.web.journal import queries as journal_queries

        return render(request, "care/clinic_home.html", {
            "attention_rows": journal_queries.attention_list(user)[:20],
            "review_queue": record_reads(triaged_queue(user)[:50]),
            "patients": record_reads(queries.patient_list(user)[:20]),
        })
    if user.is_pharmacy_member:
        return redirect("pharmacy:queue")
    return render(request, "accounts/message.html", {
        "title": "No home page", "message": "Your account has no organisation yet."})


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
