"""Intake pages for the patient and screening pages for the clinic team.

Thin views: parse the form, call :mod:`ldncare.web.care.screening_services`,
render. Patients never see screening findings: decision support goes to the
prescriber.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ldncare.pathway import NEXT_FOR_PATIENT
from ldncare.screening import IntakeAnswersError
from ldncare.web.access import patients_visible_to
from ldncare.web.care import queries
from ldncare.web.care import screening_services as services
from ldncare.web.care.intake_forms import (
    PREGNANCY_QUESTIONS,
    DraftAnswersError,
    IntakeForm,
    ScreeningDecisionForm,
    answer_sections,
    to_initial,
)
from ldncare.web.care.models import Intake, Patient, Screening
from ldncare.web.care.services import ConcurrentChange
from ldncare.web.decorators import clinic_team_only, patient_only, prescriber_only
from ldncare.web.typing import AuthenticatedRequest

SENT = ("Thank you: your answers were sent and checked for safety. "
        "A prescriber will review them.")


def _intake_page(request: HttpRequest, patient: Patient, form: IntakeForm,
                 status: int = 200) -> HttpResponse:
    return render(request, "care/intake/form.html", {
        "patient": patient, "form": form, "draft": services.current_intake(patient),
    }, status=status)


def _sent_page(request: HttpRequest, patient: Patient) -> HttpResponse:
    intake = patient.intakes.filter(status=Intake.Status.SUBMITTED).first()
    return render(request, "care/intake/sent.html", {
        "patient": patient, "intake": intake,
        "answer_sections": answer_sections(intake.answers or {}, _not_asked(patient))
        if intake else [],
        "next_step": NEXT_FOR_PATIENT[patient.pathway_state],
    })


def _not_asked(patient: Patient) -> frozenset[str]:
    """The questions that do not apply to ``patient`` (see ``Patient.asked_about_pregnancy``)."""
    return frozenset() if patient.asked_about_pregnancy else PREGNANCY_QUESTIONS


@patient_only
def intake(request: AuthenticatedRequest) -> HttpResponse:
    """The intake questionnaire: save a draft, come back, add medicines, submit."""
    patient = request.user.patient
    if not services.may_start_intake(patient):
        return _sent_page(request, patient)
    not_asked = _not_asked(patient)
    if request.method != "POST":
        last = services.current_intake(patient)
        return _intake_page(request, patient, IntakeForm(initial=to_initial(
            last.answers if last else {}), not_asked=not_asked))
    action = request.POST.get("action", "save")
    form = IntakeForm(request.POST, blank_rows=3 if action == "add_medication" else 2,
                      not_asked=not_asked)
    if not form.is_valid():
        return _intake_page(request, patient, form, status=400)
    answers = form.answers()
    try:
        services.save_intake_draft(patient, answers, actor=request.user)
        if action == "submit":
            services.submit_intake(patient, answers, actor=request.user)
    except (DraftAnswersError, IntakeAnswersError) as problem:
        form.add_answer_errors(problem.errors)
        return _intake_page(request, patient, form, status=400)
    except services.IntakeNotOpen as problem:
        form.add_error(None, str(problem))
        return _intake_page(request, patient, form, status=409)
    if action == "add_medication":
        return _intake_page(request, patient, form)
    messages.success(request, SENT if action == "submit" else
                     "Draft saved. You can come back and finish it at any time.")
    return redirect("care:intake")


@patient_only
@require_POST
def intake_questions(request: AuthenticatedRequest, question: str) -> HttpResponse:
    """The questions that depend on ``question``, rendered from the posted (not
    saved) answers: hidden when their condition is not met. htmx swaps them in
    out of band; nothing is stored. Without htmx, back to the whole form."""
    form = IntakeForm(request.POST)
    if question not in form.items:
        raise Http404("no such question")
    rows = form.dependents_of(question)
    if not rows:
        raise Http404("no question depends on this one")
    if not request.headers.get("HX-Request"):
        return redirect("care:intake")
    return render(request, "care/intake/_dependents.html", {"rows": rows, "oob": True})


def _screening_context(patient: Patient, **extra: Any) -> dict[str, Any]:
    screenings = list(patient.screenings.select_related("decided_by", "intake"))
    return {"patient": patient, "screenings": screenings, **extra}


@clinic_team_only
def patient_screenings(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Every screening of the patient, newest first, each with its findings.

    Asked by htmx (for a chart section), it answers the newest panel alone."""
    patient = queries.open_chart(request.user, patient_id)
    context = _screening_context(patient)
    if request.headers.get("HX-Request"):
        return render(request, "care/screening/_latest.html", context)
    return render(request, "care/screening/list.html", context)


def _back_to(request: HttpRequest) -> str | None:
    """The page the decision form was on (the review page, say), if it is ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return None


@require_POST
@prescriber_only
def screening_decision(request: AuthenticatedRequest, screening_id: int) -> HttpResponse:
    """A prescriber proceeds or declines on a screening that needs a decision."""
    screening = get_object_or_404(
        Screening.objects.filter(patient__in=patients_visible_to(request.user))
        .select_related("patient__user", "patient__clinic"), pk=screening_id)
    form = ScreeningDecisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.record_screening_decision(
                screening, prescriber=request.user, decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"])
        except services.ScreeningDecisionError as problem:
            form.add_error(problem.field, str(problem))
        except ConcurrentChange as problem:
            form.add_error(None, "Another prescriber has already decided on this screening. "
                                 + str(problem).split(". ", 1)[-1])
            status = 409
        else:
            messages.success(request, "Your decision is recorded.")
            return redirect(_back_to(request) or reverse(
                "care:patient_screenings", args=[screening.patient_id]))
    context = _screening_context(screening.patient, decision_form=form,
                                 decision_for=screening.pk)
    return render(request, "care/screening/list.html", context, status=status)
