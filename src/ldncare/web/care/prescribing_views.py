"""Pages of review, prescribing, dose changes and the patient's schedule.
Thin: parse, call a service or query, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ldncare.interop.ical import CalendarError, plan_to_ical
from ldncare.pathway import REVIEW_QUEUE
from ldncare.web.access import may_prescribe, may_verify_identity, partner_pharmacies_of
from ldncare.web.accounts.clinic_settings import cost_agreement_required_for
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import prescribing_queries as rxq
from ldncare.web.care import prescribing_services as rx
from ldncare.web.care import queries, triage
from ldncare.web.care.identity_services import missing_for_verification
from ldncare.web.care.models import Patient, Prescription
from ldncare.web.care.prescribing_forms import (
    ApprovalForm,
    CostAgreementForm,
    DeclineForm,
    DoseChangeForm,
)
from ldncare.web.care.services import ConcurrentChange
from ldncare.web.care.treatment import (
    current_prescription,
    current_treatment,
    supply,
    time_zone_of,
    treatment_of,
)
from ldncare.web.decorators import clinic_team_only, patient_only, prescriber_only
from ldncare.web.pdf import pdf_response
from ldncare.web.pharmacy import pricing
from ldncare.web.pharmacy import services as pharmacy
from ldncare.web.pwa.services import calendar_alarms
from ldncare.web.typing import AuthenticatedRequest

# ---------------------------------------------------------------- review


@clinic_team_only
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    """The triaged queue, filtered by the GET form (``care.triage``)."""
    form = triage.TriageFilter(request.GET or None, conditions=triage.queue_conditions(request.user))
    chosen = form.cleaned_data if form.is_valid() else {}
    patients = record_reads(triage.triaged_queue(request.user, **chosen)[:200])
    return render(request, "care/prescribing/review_queue.html", {
        "patients": patients, "form": form, "filtered": any(chosen.values()),
        "verdict_words": triage.VERDICT_WORDS,
    }, status=400 if form.errors else 200)


def _review_context(request: AuthenticatedRequest, patient: Patient, *, approval: ApprovalForm | None = None,
                    decline: DeclineForm | None = None, problem: str = "") -> dict:
    library = rx.clinic_library(patient.clinic)
    screening = rxq.latest_screening(patient)
    initial = {"version": patient.version}
    return {
        "patient": patient, "intake_rows": rxq.intake_rows(rxq.latest_intake(patient)),
        "screening": screening,
        "blocked": screening is None or screening.blocks_approval,
        "identity_missing": missing_for_verification(patient),
        "may_verify": may_verify_identity(request.user, patient),
        "may_decide": may_prescribe(request.user, patient)
                      and patient.pathway_state in REVIEW_QUEUE,
        "approval_form": approval or ApprovalForm(initial=initial, library=library,
                                                  pharmacies=partner_pharmacies_of(request.user)),
        "decline_form": decline or DeclineForm(initial=initial),
        "library": library, "default_protocol": library.get(library.default_protocol),
        "limits": rx.clinic_limits(patient.clinic), "problem": problem,
        "agreement_required": cost_agreement_required_for(patient.clinic),
        "prescription": current_prescription(patient),
        "proposal_cost": _proposal_cost(
            approval or ApprovalForm(initial=initial, library=library,
                                     pharmacies=partner_pharmacies_of(request.user)), patient),
    }


def _proposal_cost(form: ApprovalForm, patient: Patient) -> dict:
    """What the plan in the approval form would cost the patient (an unfilled
    form is priced with its initial values)."""
    if not form.is_bound:
        pharmacies = cast(forms.ModelChoiceField, form.fields["pharmacy"]).queryset
        assert pharmacies is not None, "the form sets its pharmacies in __init__"
        data = {name: field.initial for name, field in form.fields.items()
                if field.initial is not None}
        data["pharmacy"] = pharmacies.values_list("pk", flat=True).first()
        data["version"] = patient.version
        form = ApprovalForm(data, library=form.library, pharmacies=pharmacies)
    if not form.is_valid():
        return {"problem": "Complete the plan above to see what it would cost."}
    d = form.cleaned_data
    try:
        rx.within_horizon(d["start_date"], "start_date")
    except rx.PrescribingError as error:
        return {"problem": str(error)}
    cost = pricing.proposal_cost(d["protocol_value"], d["start_date"], d["dosage_form"],
                                 days_per_fill=d["days_per_fill"], refills=d["refills"],
                                 time_of_day=d["time_of_day"],
                                 limits=rx.clinic_limits(patient.clinic), pharmacy=d["pharmacy"])
    if isinstance(cost, str):
        return {"problem": cost}
    return {"pharmacy": d["pharmacy"], "per_month": cost.shown, "first_fill": cost.first_fill.shown,
            "missing": ", ".join(cost.missing)}


def _posted_approval(request: AuthenticatedRequest, patient: Patient) -> ApprovalForm:
    """The approval form as posted, with the clinic's protocols and the partner pharmacies."""
    return ApprovalForm(request.POST, library=rx.clinic_library(patient.clinic),
                        pharmacies=partner_pharmacies_of(request.user))


@prescriber_only
@require_POST
def approval_cost(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """The cost panel again for the plan as the form now stands (htmx, on change)."""
    patient = queries.open_chart(request.user, patient_id)
    form = _posted_approval(request, patient)
    return render(request, "care/prescribing/_proposal_cost.html",
                  {"patient": patient, "proposal_cost": _proposal_cost(form, patient)})


@clinic_team_only
def review(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    return render(request, "care/prescribing/review.html", _review_context(request, patient))


@prescriber_only
@require_POST
def approve(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    form = _posted_approval(request, patient)
    if form.is_valid():
        try:
            rx.approve_prescription(patient, prescriber=request.user,
                                    request=form.approval_request(),
                                    expected_version=form.cleaned_data["version"])
        except (rx.PrescribingError, ConcurrentChange) as error:
            return _approval_refused(request, patient, form, error)
        messages.success(request, _approved_words(patient))
        return redirect("care:prescription", patient_id=patient.pk)
    return render(request, "care/prescribing/review.html",
                  _review_context(request, patient, approval=form,
                                  problem=_hidden_problem(form, "version")), status=400)


def _approved_words(patient: Patient) -> str:
    prescription = current_prescription(patient)
    if prescription is not None and prescription.awaits_cost_agreement:
        return ("Approved. The patient was asked to agree to the cost; the prescription goes to "
                "the pharmacy when they do.")
    return "Approved and sent to the pharmacy. The patient was told."


def _approval_refused(request: AuthenticatedRequest, patient: Patient, form: ApprovalForm,
                      error: Exception) -> HttpResponse:
    field = getattr(error, "field", None)
    if field in form.fields:
        form.add_error(field, str(error))
        problem = ""
    else:
        problem = str(error)
    status = 409 if isinstance(error, ConcurrentChange) else 400
    patient.refresh_from_db()
    return render(request, "care/prescribing/review.html",
                  _review_context(request, patient, approval=form, problem=problem),
                  status=status)


@prescriber_only
@require_POST
def decline(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            rx.decline_prescription(patient, prescriber=request.user,
                                    reason=form.cleaned_data["reason"],
                                    expected_version=form.cleaned_data["version"])
        except (rx.PrescribingError, ConcurrentChange) as error:
            patient.refresh_from_db()
            status = 409 if isinstance(error, ConcurrentChange) else 400
            return render(request, "care/prescribing/review.html", _review_context(
                request, patient, decline=form, problem=str(error)), status=status)
        messages.success(request, "Declined. The patient can read your reason.")
        return redirect("care:patient_chart", patient_id=patient.pk)
    return render(request, "care/prescribing/review.html",
                  _review_context(request, patient, decline=form,
                                  problem=_hidden_problem(form, "version")), status=400)


def _hidden_problem(form, field: str) -> str:  # type: ignore[no-untyped-def]
    """Hidden fields have nowhere to show an error; say it at the top instead."""
    if field in form.errors:
        return "This form is out of date. Reload the page and submit again; your input is kept."
    return ""


# ---------------------------------------------------------------- the patient agrees to the cost


@patient_only
@require_POST
def agree_to_cost(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """The patient agrees to the cost of their new prescription, which then goes
    to the pharmacy. Every outcome returns to their home page with a message:
    an old page, a second press or a stopped prescription sends nothing."""
    found = rxq.open_prescription(request.user, patient_id)
    form = CostAgreementForm(request.POST)
    if not form.is_valid() or form.cleaned_data["prescription"] != found.pk:
        messages.error(request, "This page was out of date, so nothing was sent. Check your plan "
                                "and its cost below, then agree again.")
        return redirect("home")
    try:
        rx.agree_to_cost(found, patient_user=request.user, seen=form.seen())
    except rx.CostAlreadyAgreed as error:
        messages.info(request, str(error))
    except rx.PrescribingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Thank you. Your prescription was sent to "
                                  f"{found.pharmacy.name}.")
    return redirect("home")


# ---------------------------------------------------------------- prescription


def _prescription_context(request: AuthenticatedRequest, prescription: Prescription,
                          change_form: DoseChangeForm | None = None, problem: str = "",
                          refill_problem: str = "") -> dict:
    treatment = treatment_of(prescription)
    current = treatment.version
    return {
        "patient": prescription.patient, "prescription": prescription, "current": current,
        "plan": treatment.plan, "versions": rxq.plan_versions(prescription),
        "supply": supply(treatment), "schedule": rxq.schedule(treatment),
        "may_change": may_prescribe(request.user, prescription.patient)
                      and prescription.status == Prescription.Status.ACTIVE,
        "change_form": change_form or DoseChangeForm(initial={"plan_version": current.version}),
        "problem": problem,
        "refills": rxq.refill_state(prescription), "refill_problem": refill_problem,
        "quote": _quote_while_waiting(prescription),
    }


def _quote_while_waiting(prescription: Prescription) -> Any:
    """The cost the patient is asked to agree to (the numbers their page shows), or None."""
    return pricing.prescription_quote(prescription) if prescription.awaits_cost_agreement else None


@clinic_team_only
def prescription(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    found = rxq.open_prescription(request.user, patient_id)
    return render(request, "care/prescribing/prescription.html",
                  _prescription_context(request, found))


@prescriber_only
@require_POST
def dose_change(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    found = rxq.open_prescription(request.user, patient_id)
    form = DoseChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rx.apply_dose_change(found, kind=data["kind"], actor=request.user,
                                 reason=data["reason"], on_date=data["on_date"],
                                 override_reason=data.get("override_reason") or "",
                                 expected_plan_version=data["plan_version"])
        except (rx.PrescribingError, ConcurrentChange) as error:
            field = getattr(error, "field", None)
            if field in form.fields:
                form.add_error(field, str(error))
            found.refresh_from_db()
            return render(request, "care/prescribing/prescription.html", _prescription_context(
                request, found, form, "" if field in form.fields else str(error)),
                status=409 if isinstance(error, ConcurrentChange) else 400)
        messages.success(request, "Dose plan changed; the new version is listed below.")
        return redirect("care:prescription", patient_id=found.patient_id)
    return render(request, "care/prescribing/prescription.html",
                  _prescription_context(request, found, form,
                                        _hidden_problem(form, "plan_version")), status=400)


# ---------------------------------------------------------------- refills


def _stale_refill(request: HttpRequest, prescription: Prescription) -> str:
    """A clear message when the page the prescriber clicked on was out of date
    (another prescriber has sent that refill meanwhile); "" when it was not."""
    seen = request.POST.get("next_fill", "")
    if not seen:
        return ""
    if not seen.isdigit() or int(seen) != rxq.refill_state(prescription).next_fill:
        return ("Someone else has sent a refill of this prescription since you opened the page. "
                "Nothing was ordered; check the refills below before sending another.")
    return ""


@prescriber_only
@require_POST
def request_refill(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Send the next fill to the pharmacy. Screening runs again first; when it
    (or the refill count, or a fill still being made) stops the refill, the page
    says why and nothing is ordered."""
    found = rxq.open_prescription(request.user, patient_id)
    if not may_prescribe(request.user, found.patient):
        raise Http404("not a prescriber of this patient")
    if stale := _stale_refill(request, found):
        return render(request, "care/prescribing/prescription.html",
                      _prescription_context(request, found, refill_problem=stale), status=409)
    try:
        order = pharmacy.request_refill(found, requested_by=request.user)
    except pharmacy.PharmacyError as error:
        found.refresh_from_db()
        return render(request, "care/prescribing/prescription.html",
                      _prescription_context(request, found, refill_problem=str(error)),
                      status=400)
    messages.success(request, f"Refill {order.fill_number} was sent to {order.pharmacy.name}. "
                              "The safety screening ran again and found nothing that stops it.")
    return redirect("care:prescription", patient_id=found.patient_id)


@login_required
def prescription_pdf(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    found = rxq.open_prescription(request.user, patient_id)
    treatment = treatment_of(found)
    return pdf_response(request, "care/pdf/prescription.html", {
        "prescription": found, "patient": found.patient, "plan": treatment.plan,
        "supply": supply(treatment), "generated_at": timezone.now()},
        f"ldn-prescription-{found.pk}.pdf")


# ---------------------------------------------------------------- the schedule


def _schedule_page(request: AuthenticatedRequest, patient_id: int, *, feed_token: str = "") -> HttpResponse:
    patient = queries.open_chart(request.user, patient_id)
    treatment = current_treatment(patient)
    context: dict[str, Any] = {
        "patient": patient, "prescription": treatment and treatment.prescription,
               "feed_token": feed_token, "has_feed": rxq.has_calendar_feed(patient)}
    if treatment is not None:
        context["schedule"] = rxq.schedule(treatment)
    if feed_token:
        context["feed_url"] = request.build_absolute_uri(
            reverse("care:calendar_feed", kwargs={"patient_id": patient.pk, "token": feed_token}))
    return render(request, "care/schedule/schedule.html", context)


@patient_only
def my_schedule(request: AuthenticatedRequest) -> HttpResponse:
    return _schedule_page(request, request.user.patient.pk)


@login_required
def patient_schedule(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    return _schedule_page(request, patient_id)


@patient_only
@require_POST
def create_calendar_link(request: AuthenticatedRequest) -> HttpResponse:
    patient = request.user.patient
    token = rx.create_calendar_feed(patient, actor=request.user)
    messages.success(request, "Your calendar link is ready. Older links no longer work.")
    # The secret is shown once, on this response only; it is never stored in clear.
    return _schedule_page(request, patient.pk, feed_token=token)


@patient_only
@require_POST
def revoke_calendar_link(request: AuthenticatedRequest) -> HttpResponse:
    rx.revoke_calendar_feed(request.user.patient, actor=request.user)
    messages.success(request, "Your calendar link no longer works.")
    return redirect("care:schedule")


def _ics(prescription: Prescription) -> HttpResponse:
    """The dose calendar. While the medicine is on its way it has no events
    (there is no day 1 yet); a subscribed calendar fills in once it arrives."""
    treatment = treatment_of(prescription)
    plan, schedule = treatment.plan, rxq.schedule(treatment)
    if treatment.plan_in_force is None:
        first = last = plan.start - timedelta(days=1)  # one day before any dose: no events
    else:
        first, last = (rxq.calendar_from(plan, schedule.today),
                       rxq.calendar_until(plan, schedule.today))
    try:
        body = plan_to_ical(plan, tz=time_zone_of(prescription.patient).key, first=first,
                            last=last, plan_id=f"ldncare-rx{prescription.pk}",
                            liquid=schedule.liquid,
                            alarms_minutes_before=calendar_alarms(prescription.patient))
    except CalendarError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ldn-schedule.ics"'
    return response


@login_required
def schedule_ics(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    return _ics(rxq.open_prescription(request.user, patient_id))


def calendar_feed(request: HttpRequest, patient_id: int, token: str) -> HttpResponse:
    """The subscribed calendar: no session, the secret in the URL is the key."""
    patient = rxq.patient_for_feed(patient_id, token)
    found = patient and current_prescription(patient)
    if not found:
        raise Http404("no calendar here")
    return _ics(found)


@login_required
def schedule_pdf(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    found = rxq.open_prescription(request.user, patient_id)
    schedule = rxq.schedule(treatment_of(found))
    return pdf_response(request, "care/pdf/schedule.html", {
        "prescription": found, "patient": found.patient, "schedule": schedule,
        "generated_at": timezone.now()},
        f"ldn-schedule-{found.pk}.pdf")
