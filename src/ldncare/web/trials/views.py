"""Thin views of blinded n-of-1 trials: parse, call a query or service, render.

Who sees what: the patient and the clinic see period codes only; the pharmacy's
kit page shows the allocation; the allocation reaches the clinic and the
patient only after the analysis is stored (or, for one period, through an
emergency unblinding with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ldncare.trials.defaults import load_defaults
from ldncare.web.access import (
    may_compound_kits,
    may_run_trial,
    may_see_trial_page,
    patients_visible_to,
    trials_visible_to,
)
from ldncare.web.audit.reads import record_read, record_reads
from ldncare.web.care.treatment import patient_today
from ldncare.web.decorators import clinic_team_only, forbidden, pharmacy_team_only, prescriber_only
from ldncare.web.trials import queries, services
from ldncare.web.trials.forms import DesignForm, ReasonForm
from ldncare.web.trials.models import TrialPeriod
from ldncare.web.typing import AuthenticatedRequest

#: The design page's names for the defaults of ``data/trials.yaml``.
DEFAULT_LABELS = {"pairs": "Pairs of periods", "period_days": "Days per period",
                  "run_in_days": "Run-in days",
                  "meaningful_difference": "Smallest difference that matters (points)"}


def _fail(form: Any, error: services.TrialFormError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The patient's trials; the clinic's trials; the pharmacy's kits to make."""
    user = request.user
    if user.is_pharmacy_member:
        trials = record_reads(trials_visible_to(user)
                              .select_related("patient__user", "kit_order")[:200])
        return render(request, "trials/kit_queue.html", {"trials": trials})
    trials = record_reads(trials_visible_to(user).select_related("patient__user")[:200])
    return render(request, "trials/index.html", {"trials": trials})


@prescriber_only
def design(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = patients_visible_to(request.user).filter(pk=patient_id).select_related("user").first()
    if patient is None:
        raise Http404("No such patient")
    measures = queries.measure_choices(patient)
    form = DesignForm(request.POST or None, measures=measures,
                      initial={"start": patient_today(patient)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choices = services.DesignChoices(
            data["active_mg"], data["comparator_mg"], data["pairs"], data["period_days"],
            data["run_in_days"], data["start"], data["primary"], data["meaningful"])
        try:
            trial = services.design_trial_for(patient, by=request.user, choices=choices)
        except services.TrialFormError as error:
            _fail(form, error)
        else:
            messages.success(request, "Trial designed: the pharmacy now compounds the coded kits.")
            return redirect("trials:detail", trial_id=trial.pk)
    return render(request, "trials/design.html", {
        "patient": record_read(patient), "form": form, "defaults": load_defaults(),
        "default_rows": [(DEFAULT_LABELS.get(d.name, d.name), d)
                         for d in load_defaults().values.values()],
        "open_trial": queries.open_trial(patient)}, status=400 if form.errors else 200)


def _detail_context(request: AuthenticatedRequest, trial: Any, **extra: Any) -> dict[str, Any]:
    today = patient_today(trial.patient)
    return {"trial": record_read(trial), "today": today, "phase": queries.phase(trial, today),
            "current": queries.current_period(trial, today),
            "progress": queries.progress(trial, today),
            "measure": queries.measure_label(trial.primary),
            "may_run": may_run_trial(request.user, trial),
            "allocation": queries.may_see_allocation(trial),
            "arms": {"active": queries.arm_label(trial, "active"),
                     "comparator": queries.arm_label(trial, "comparator")},
            "plain": queries.plain_result(trial) if trial.result else "",
            "unblindings": queries.unblindings(trial),
            "unblind_form": extra.pop("unblind_form", None) or ReasonForm(prefix="unblind"),
            "stop_form": extra.pop("stop_form", None) or ReasonForm(prefix="stop"), **extra}


@login_required
def detail(request: AuthenticatedRequest, trial_id: int) -> HttpResponse:
    if not may_see_trial_page(request.user):
        return forbidden(request, "The trial page is for the patient and their clinic team; "
                                  "the pharmacy works from the kit page.")
    trial = queries.open_trial_for(request.user, trial_id)
    return render(request, "trials/detail.html", _detail_context(request, trial))


def _prescriber_action(request: AuthenticatedRequest, trial_id: int) -> Any:
    trial = queries.open_trial_for(request.user, trial_id)
    if not may_run_trial(request.user, trial):
        return None
    return trial


@require_POST
@prescriber_only
def unblind(request: AuthenticatedRequest, trial_id: int) -> HttpResponse:
    return _with_reason(request, trial_id, "unblind", services.emergency_unblind,
                        done="Unblinded: the current period's content is shown below.",
                        refused="Only the patient's prescriber can unblind.")


@require_POST
@prescriber_only
def stop(request: AuthenticatedRequest, trial_id: int) -> HttpResponse:
    return _with_reason(request, trial_id, "stop", services.stop_trial,
                        done="Trial stopped. The pharmacy's kit order is cancelled if it had "
                             "not shipped. The trial can be analysed now.",
                        refused="Only the patient's prescriber can stop the trial.")


def _with_reason(request: AuthenticatedRequest, trial_id: int, prefix: str,
                 action: Callable[..., Any], *, done: str, refused: str) -> HttpResponse:
    """A prescriber's action that needs a written reason (unblind, stop): done
    and back to the trial, or the trial page again with the error by the field."""
    trial = _prescriber_action(request, trial_id)
    if trial is None:
        return forbidden(request, refused)
    form = ReasonForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(trial, by=request.user, reason=form.cleaned_data["reason"])
        except services.TrialFormError as error:
            _fail(form, error)
        else:
            messages.warning(request, done)
            return redirect("trials:detail", trial_id=trial.pk)
    return render(request, "trials/detail.html",
                  _detail_context(request, trial, **{f"{prefix}_form": form}), status=400)


@require_POST
@prescriber_only
def analyse(request: AuthenticatedRequest, trial_id: int) -> HttpResponse:
    trial = _prescriber_action(request, trial_id)
    if trial is None:
        return forbidden(request, "Only the patient's prescriber can analyse the trial.")
    try:
        services.analyse(trial, by=request.user)
    except services.TrialFormError as error:
        return render(request, "trials/detail.html",
                      _detail_context(request, trial, analyse_error=str(error)), status=400)
    messages.success(request, "Analysis stored; the allocation is now shown.")
    return redirect("trials:detail", trial_id=trial.pk)


@pharmacy_team_only
def kits(request: AuthenticatedRequest, trial_id: int) -> HttpResponse:
    trial = queries.open_trial_for(request.user, trial_id)
    periods = record_reads(trial.periods.select_related("batch", "compounded_by"))
    return render(request, "trials/kits.html", {
        "trial": record_read(trial), "may_compound": may_compound_kits(request.user),
        "kits": [(p, p.kit_record or services.kit_record(trial, p)) for p in periods]})


def _period(trial: Any, number: int) -> TrialPeriod:
    period = TrialPeriod.objects.filter(trial=trial, number=number).select_related(
        "batch", "trial__patient__user", "trial__prescription__prescriber").first()
    if period is None:
        raise Http404("No such period")
    return period


@require_POST
@pharmacy_team_only
def start_kit_batch(request: AuthenticatedRequest, trial_id: int, number: int) -> HttpResponse:
    """The bench starts the kit's pharmacy batch, then weighs and verifies it on
    the pharmacy's batch page like any batch."""
    trial = queries.open_trial_for(request.user, trial_id)
    if not may_compound_kits(request.user):
        return forbidden(request, "Only the pharmacy's technicians and pharmacists compound kits.")
    period = _period(trial, number)
    try:
        batch = services.start_kit_batch(period, by=request.user)
    except services.TrialFormError as error:
        messages.error(request, str(error))
        return redirect("trials:kits", trial_id=trial.pk)
    messages.success(request, f"Batch {batch.lot} started for kit {period.code}: record its "
                              "weights, then a pharmacist verifies it.")
    return redirect("pharmacy:batch", batch_id=batch.pk)


@pharmacy_team_only
def kit_label_pdf(request: AuthenticatedRequest, trial_id: int, number: int) -> HttpResponse:
    """The kit's dispensing label (4 × 2 inch): its code and both possible
    contents, never the content."""
    from ldncare.compounding import CompoundingError
    from ldncare.web.pdf import pdf_response
    from ldncare.web.pharmacy.documents import barcode_svg
    from ldncare.web.trials.documents import kit_label_for

    trial = queries.open_trial_for(request.user, trial_id)
    period = record_read(_period(trial, number))
    try:
        content = kit_label_for(period)
    except CompoundingError as error:
        return render(request, "accounts/message.html",
                      {"title": "This label cannot be made", "message": str(error)}, status=409)
    return pdf_response(request, "trials/pdf/kit_label.html",
                        {"doc": content, "barcode": barcode_svg(content.rx_number)},
                        f"kit-label-{period.code}.pdf")


@require_POST
@pharmacy_team_only
def compound_kit(request: AuthenticatedRequest, trial_id: int, number: int) -> HttpResponse:
    trial = queries.open_trial_for(request.user, trial_id)
    if not may_compound_kits(request.user):
        return forbidden(request, "Only the pharmacy's technicians and pharmacists compound kits.")
    period = TrialPeriod.objects.filter(trial=trial, number=number).first()
    if period is None:
        raise Http404("No such period")
    try:
        services.record_kit(period, by=request.user)
    except services.TrialFormError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Kit {period.code} recorded as compounded and labelled.")
    return redirect("trials:kits", trial_id=trial.pk)


@clinic_team_only
def cohort(request: AuthenticatedRequest) -> HttpResponse:
    groups = queries.cohort(request.user)
    for group in groups:
        record_reads(row.trial for row in group.rows)
    return render(request, "trials/cohort.html", {"groups": groups})
