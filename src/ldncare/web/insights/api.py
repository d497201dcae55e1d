"""The n-of-1 summary and the dashboard numbers as JSON, scoped to the requesting user.

Doses are decimal strings (the core's ``as_dict``), never floats.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ldncare.outcomes import AnalysisSettings
from ldncare.web.access import is_clinic_team
from ldncare.web.apierrors import require, responses
from ldncare.web.insights import queries
from ldncare.web.insights.queries import PatientAnalysis
from ldncare.web.typing import user_of

router = Router(tags=["insights"])


class SummaryOut(Schema):
    patient_id: int
    available: bool
    why_not: str = Field(description="Why there is no analysis (empty when there is one).")
    report: dict[str, Any] | None = Field(description="NOf1Report.as_dict(): doses as decimal strings.")


class SummaryParams(Schema):
    baseline_days: int = Field(14, ge=3, le=90, description="Days before the first dose.")


class DashboardOut(Schema):
    report: dict[str, Any] = Field(description="CohortReport.as_dict(): the clinic dashboard.")


def _out(analysis: PatientAnalysis) -> SummaryOut:
    report = analysis.report
    return SummaryOut(patient_id=analysis.patient.pk, available=report is not None,
                      why_not=analysis.why_not, report=report.as_dict() if report else None)


@router.get("/me/summary", response=responses(SummaryOut))
def get_my_summary(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The logged-in patient's own n-of-1 summary (404 for anyone without a patient record)."""
    return _out(queries.own_analysis(user_of(request)))


@router.get("/patients/{patient_id}/summary", response=responses(SummaryOut))
def get_patient_summary(request: HttpRequest, patient_id: int,  # type: ignore[no-untyped-def]
                        params: Query[SummaryParams]):
    """One patient's n-of-1 summary for their clinic team (404 outside it)."""
    require(is_clinic_team(user_of(request)),
            "The n-of-1 summary of a patient is for their clinic team.")
    settings = AnalysisSettings(baseline_days=params.baseline_days)
    return _out(queries.open_patient_analysis(user_of(request), patient_id, settings))


@router.get("/dashboard", response=responses(DashboardOut))
def get_dashboard(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The clinic dashboard's numbers (clinic team only)."""
    require(is_clinic_team(user_of(request)), "The clinic dashboard is for the clinic team.")
    return DashboardOut(report=queries.clinic_report(user_of(request)).as_dict())
