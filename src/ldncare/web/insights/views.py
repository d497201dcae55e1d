"""Thin views: parse, call a query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from ldncare.outcomes import export_to_strings
from ldncare.web.access import may_export_research
from ldncare.web.accounts import reauth
from ldncare.web.decorators import clinic_team_only, patient_only, prescriber_only, requires
from ldncare.web.insights import charts, queries
from ldncare.web.insights.forms import AnalysisSettingsForm, ExportForm, PrimaryMeasureForm
from ldncare.web.insights.services import NoPlanError, build_research_export, choose_primary_measure
from ldncare.web.typing import AuthenticatedRequest

#: The de-identified research export: the clinic's prescribers and its admin.
may_export = may_export_research


researcher_only = requires(may_export,
                           "The research export is for the clinic's prescribers and admin.")


def _analysis_context(analysis: queries.PatientAnalysis) -> dict[str, object]:
    return {"analysis": analysis, "report": analysis.report,
            "charts": charts.measure_charts(analysis)}


@patient_only
def my_summary(request: AuthenticatedRequest) -> HttpResponse:
    """The patient's own "is LDN working for me?" page, in plain words."""
    analysis = queries.own_analysis(request.user)
    return render(request, "insights/my_summary.html", _analysis_context(analysis))


def _primary_form(analysis: queries.PatientAnalysis, data: object = None) -> PrimaryMeasureForm:
    current = queries.primary_measure(analysis.patient)
    return PrimaryMeasureForm(data, choices=queries.primary_measure_choices(),  # type: ignore[arg-type]
                              initial={"measure": current.measure})


@clinic_team_only
def patient_summary(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """One patient's n-of-1 for the care team, with the baseline length they choose."""
    form = AnalysisSettingsForm(request.GET if "baseline_days" in request.GET else None)
    analysis = queries.open_patient_analysis(request.user, patient_id, form.settings())
    return render(request, "insights/patient_summary.html",
                  {**_analysis_context(analysis), "form": form, "patient": analysis.patient,
                   "primary_form": _primary_form(analysis)}, status=200)


@prescriber_only
@require_POST
def choose_primary(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Store the main measure of the patient's plan; the page shows it at once."""
    analysis = queries.open_patient_analysis(request.user, patient_id)
    primary_form = _primary_form(analysis, request.POST)
    problem = ""
    if primary_form.is_valid():
        try:
            choose_primary_measure(analysis.patient, measure=primary_form.cleaned_data["measure"],
                                   reason=primary_form.cleaned_data["reason"],
                                   chosen_by=request.user)
        except NoPlanError as error:
            problem = str(error)
        else:
            messages.success(request, "Main measure saved; the headline is now about it.")
            return redirect("insights:patient_summary", patient_id=analysis.patient.pk)
    return render(request, "insights/patient_summary.html",
                  {**_analysis_context(analysis), "form": AnalysisSettingsForm(),
                   "patient": analysis.patient, "primary_form": primary_form,
                   "primary_problem": problem}, status=400)


@clinic_team_only
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The clinic's outcomes: response, side effects, time to target, retention, trials."""
    report = queries.clinic_report(request.user)
    return render(request, "insights/dashboard.html", {
        "report": report, "retention_chart": mark_safe(charts.retention_chart(report)),  # noqa: S308
        "definitions": queries.definitions_in_use(report),
        "may_export": may_export(request.user),
    })


@login_required
@researcher_only
@reauth.sensitive_action(when=lambda request: "download" in request.GET)
def export(request: AuthenticatedRequest) -> HttpResponse:
    """The export page; with ``download`` in the query string, the CSV itself."""
    form = ExportForm(request.GET if "download" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "insights/export.html", {"form": form},
                      status=400 if form.is_bound else 200)
    data, dictionary = export_to_strings(build_research_export(request.user, form.cleaned_data["k"]))
    part = form.cleaned_data["part"]
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data if part == "data" else dictionary, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="ldncare-research-{part}-{stamp}.csv"'
    return response
