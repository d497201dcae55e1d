from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone

from ldncare.pathway import NEXT_FOR_PATIENT
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import queries
from ldncare.web.care.models import Patient
from ldncare.web.decorators import clinic_team_only
from ldncare.web.typing import AuthenticatedRequest


@dataclass(frozen=True)
class PatientRow:
    """One row of the patient list, as shown: built here rather than with a URL
    tag and filters per row in the template (the same text, for a third of the
    cost: a page has 50 rows)."""

    url: str
    name: str
    state: str
    state_label: str
    since: str

    @classmethod
    def of(cls, patient: Patient) -> PatientRow:
        return cls(url=reverse("care:patient_chart", args=[patient.pk]),
                   name=patient.user.full_name, state=patient.state,
                   state_label=patient.get_state_display(),
                   # as ``|date:"j M Y"`` shows it: on the viewer's clock
                   since=formats.date_format(timezone.localtime(patient.state_changed_at),
                                             "j M Y"))


@clinic_team_only
def patient_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(queries.patient_list(request.user), 50).get_page(request.GET.get("page"))
    shown = record_reads(page.object_list)  # each row shows a patient
    return render(request, "care/patient_list.html",
                  {"page": page, "rows": [PatientRow.of(p) for p in shown]})


@login_required
def patient_chart(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    return render(request, "care/patient_chart.html", {
        "patient": patient, "events": queries.timeline(request.user, patient),
        "next_step": NEXT_FOR_PATIENT[patient.pathway_state],
    })
