"""The front page: each role's own queue.

It sits above the apps (it shows the clinic's attention list from the journal
beside the care queues), so no app has to import a higher one for it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ldncare.pathway import NEXT_FOR_PATIENT
from ldncare.web.access import is_clinic_team, is_patient, is_pharmacy_team
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import queries
from ldncare.web.care.treatment import current_treatment
from ldncare.web.care.triage import triaged_queue
from ldncare.web.journal import queries as journal_queries
from ldncare.web.typing import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each role's own queue."""
    user = request.user
    if is_patient(user):
        patient = user.patient
        return render(request, "care/patient_home.html", {
            "patient": patient, "next_step": NEXT_FOR_PATIENT[patient.pathway_state],
            "events": queries.timeline(user, patient)[:5],
            "treatment": current_treatment(patient),
        })
    if is_clinic_team(user):
        return render(request, "care/clinic_home.html", {
            "attention_rows": journal_queries.attention_list(user)[:20],
            "review_queue": record_reads(triaged_queue(user)[:50]),
            "patients": record_reads(queries.patient_list(user)[:20]),
        })
    if is_pharmacy_team(user):
        return redirect("pharmacy:queue")
    return render(request, "accounts/message.html", {
        "title": "No home page", "message": "Your account has no organisation yet."})
