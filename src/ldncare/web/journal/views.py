"""Thin views of the journal: parse, call a service or query, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from ldncare.journal.checkin import load_catalogue
from ldncare.journal.errors import JournalError
from ldncare.journal.instruments import get_instrument
from ldncare.web.access import may_prescribe
from ldncare.web.audit.reads import record_read
from ldncare.web.care.treatment import patient_today
from ldncare.web.decorators import clinic_team_only, patient_only, prescriber_only
from ldncare.web.journal import charts, queries, services, urgent_queries, urgent_services
from ldncare.web.journal.forms import (
    CheckInForm,
    DismissForm,
    FollowUpForm,
    NewMedicineForm,
    PreferencesForm,
    ScheduleForm,
    new_fill_key,
    questionnaire_form,
)
from ldncare.web.journal.models import CheckIn
from ldncare.web.pdf import pdf_response
from ldncare.web.typing import AuthenticatedRequest

#: Patients per page of the attention list (the clinic home shows its first 20).
ATTENTION_PAGE = 50


def _chosen_day(request: HttpRequest, today: date) -> date:
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today
    return min(day, today)


# --- the patient's pages -----------------------------------------------------------

def _guidance(guidance) -> dict:  # type: ignore[no-untyped-def]
    """Template context for ``journal/_guidance.html``."""
    return {"guidance": guidance, "guidance_told": urgent_services.told_words(guidance)}


@patient_only
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Today's check-in (or an earlier day's), with the patient's own charts."""
    patient = queries.own_patient(request.user)
    today = patient_today(patient)
    asked = queries.asked_ratings(patient)
    if request.method == "POST":
        form = CheckInForm(request.POST, asked=asked, today=today)
        if form.is_valid():
            key = form.cleaned_data["idempotency_key"] or None
            saved = form.cleaned_data["day"]
            done = redirect(reverse("journal:home")
                            + ("" if saved == today else f"?day={saved.isoformat()}"))
            if key is not None and _check_in_already_saved(patient, key):
                messages.success(request, f"Check-in saved for {saved}.")
                return done  # the same filled form sent again (double tap, offline queue)
            try:
                services.save_check_in(patient, saved, form.answers(),
                                       expected_revision=form.cleaned_data["expected_revision"],
                                       idempotency_key=key)
            except IntegrityError:
                # A concurrent send of the same filled form committed first.
                if key is None or not _check_in_already_saved(patient, key):
                    raise
            except services.StaleEntry as error:
                form.add_error(None, str(error))
                return _home(request, patient, form, today, status=409)
            except JournalError as error:
                form.add_error(None, str(error))
                return _home(request, patient, form, today, status=400)
            messages.success(request, f"Check-in saved for {saved}.")
            return done
        return _home(request, patient, form, today, status=400)
    day = _chosen_day(request, today)
    record_read(patient)  # the patient's own journal is a read like any other
    stored = CheckIn.objects.filter(patient=patient, day=day).first()
    initial = CheckInForm.initial_from(stored.data if stored else {}, day)
    form = CheckInForm(initial={**initial, "idempotency_key": new_fill_key()},
                       asked=asked, today=today)
    return _home(request, patient, form, today, stored=stored)


def _check_in_already_saved(patient, key: str) -> bool:  # type: ignore[no-untyped-def]
    from ldncare.web.operations.idempotency import replayed

    return replayed(patient.user_id, services.CHECK_IN_SCOPE, key) is not None


def _home(request: HttpRequest, patient, form, today: date, *, stored=None,  # type: ignore[no-untyped-def]
          status: int = 200) -> HttpResponse:
    check_ins = queries.core_check_ins(patient)
    steps = queries.plan_steps(queries.titration_plan(patient))
    blinded = queries.blinded_spans(patient)
    return render(request, "journal/home.html", {
        "patient": patient, "form": form, "today": today, "stored": stored,
        **_guidance(urgent_queries.check_in_guidance(patient, stored)),
        "medicine_form": NewMedicineForm(),
        "due": queries.due_questionnaires(patient, today),
        "recent": CheckIn.objects.filter(patient=patient).order_by("-day")[:7],
        "keep_going": charts.keep_going(len(check_ins)),
        "ratings_chart": mark_safe(charts.ratings_chart(  # noqa: S308 (our own SVG)
            check_ins[-90:], steps, queries.tracked_ratings(patient), blinded=blinded)),
        "ratings_chart_narrow": mark_safe(charts.ratings_chart(  # noqa: S308 (our own SVG)
            check_ins[-30:], steps, queries.tracked_ratings(patient), blinded=blinded,
            **charts.NARROW)),
        "adherence": queries.adherence(check_ins[-28:]),
    }, status=status)


@patient_only
@require_POST
def new_medicine(request: AuthenticatedRequest) -> HttpResponse:
    patient = queries.own_patient(request.user)
    form = NewMedicineForm(request.POST)
    if form.is_valid():
        try:
            services.report_new_medicine(patient, form.cleaned_data["medicine"], request.user)
        except JournalError as error:
            form.add_error("medicine", str(error))
        else:
            messages.success(request, "Thank you. Your clinic has been told and will check it "
                                      "against your LDN.")
            return redirect("journal:home")
    return render(request, "journal/new_medicine.html", {"form": form}, status=400)


@patient_only
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """What the patient tracks and which reminders they get."""
    patient = queries.own_patient(request.user)
    prefs = queries.preferences(patient)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_preferences(
                    patient, tracked=data["tracked"],
                    reminders={k: data[f"remind_{k}"] for k in services.REMINDER_KINDS},
                    dose_at=data["dose_at"], check_in_at=data["check_in_at"])
            except JournalError as error:
                form.add_error("tracked", str(error))
            else:
                messages.success(request, "Your journal settings are saved.")
                return redirect("journal:preferences")
        return render(request, "journal/preferences.html", {"form": form}, status=400)
    initial = {"tracked": list(queries.tracked_ratings(patient)), "dose_at": prefs.dose_at,
               "check_in_at": prefs.check_in_at,
               **{f"remind_{k}": getattr(prefs, f"remind_{k}") for k in services.REMINDER_KINDS}}
    return render(request, "journal/preferences.html", {"form": PreferencesForm(initial=initial)})


@patient_only
def questionnaires(request: AuthenticatedRequest) -> HttpResponse:
    """Due and done questionnaires; ``?response=<id>`` (one of the patient's own)
    shows the guidance for that answer first."""
    patient = queries.own_patient(request.user)
    just_done = None
    if request.GET.get("response", "").isdigit():
        just_done = patient.questionnaire_responses.filter(pk=int(request.GET["response"])).first()
    return render(request, "journal/questionnaires.html", {
        "due": queries.due_questionnaires(patient, patient_today(patient)),
        "done": patient.questionnaire_responses.order_by("-completed_at")[:20],
        **_guidance(urgent_queries.response_guidance(patient, just_done) if just_done else ()),
    })


@patient_only
def questionnaire(request: AuthenticatedRequest, instrument: str) -> HttpResponse:
    """A questionnaire the prescriber scheduled, built from its definition."""
    patient = queries.own_patient(request.user)
    if not patient.questionnaire_plans.filter(instrument=instrument, active=True).exists():
        raise Http404("No such questionnaire is scheduled for you.")
    definition = get_instrument(instrument)
    form = questionnaire_form(definition, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                response = services.submit_questionnaire(patient, instrument, form.cleaned_data)
            except JournalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{definition.name} saved: score {response.score}"
                                          f"{' (' + response.band + ')' if response.band else ''}.")
                return redirect(reverse("journal:questionnaires") + f"?response={response.pk}")
        return render(request, "journal/questionnaire.html",
                      {"form": form, "instrument": definition}, status=400)
    return render(request, "journal/questionnaire.html", {"form": form, "instrument": definition})


@patient_only
def export_csv(request: AuthenticatedRequest) -> HttpResponse:
    patient = record_read(queries.own_patient(request.user))
    response = HttpResponse(queries.export_csv(patient), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ldn-journal.csv"'
    return response


@patient_only
def export_fhir(request: AuthenticatedRequest) -> HttpResponse:
    patient = record_read(queries.own_patient(request.user))
    response = HttpResponse(queries.export_fhir_json(patient), content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="ldn-journal-fhir.json"'
    return response


# --- the clinic's pages --------------------------------------------------------------

@clinic_team_only
def patient_journal(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """The prescriber's view of one patient's journal: charts, open suggestions,
    questionnaire schedules and follow-ups."""
    patient = queries.open_journal(request.user, patient_id)
    return render(request, "journal/patient_journal.html",
                  _journal_context(request, patient, schedule_form=ScheduleForm(
                      initial={"start": patient_today(patient), "every_days": 28})))


def _journal_context(request: AuthenticatedRequest, patient, **extra) -> dict:  # type: ignore[no-untyped-def]
    check_ins = queries.core_check_ins(patient)
    steps = queries.plan_steps(queries.titration_plan(patient))
    today = patient_today(patient)
    return {
        "patient": patient, "today": today,
        "can_prescribe": may_prescribe(request.user, patient),
        "suggestions": queries.open_suggestions(patient),
        "decided": patient.suggestions.exclude(status="open").select_related("decided_by")
        .order_by("-decided_at")[:10],
        "schedules": patient.questionnaire_plans.filter(active=True),
        "responses": patient.questionnaire_responses.order_by("-completed_at")[:10],
        "follow_ups": patient.follow_ups.order_by("-at")[:5],
        "summary": queries.data_summary(patient, today),
        "ratings_chart": mark_safe(charts.ratings_chart(  # noqa: S308 (our own SVG)
            check_ins, steps, [r.code for r in load_catalogue().ratings],
            blinded=queries.blinded_spans(patient))),
        "side_effects_chart": mark_safe(charts.side_effects_chart(check_ins)),  # noqa: S308
        "adherence_chart": mark_safe(charts.adherence_chart(check_ins)),  # noqa: S308
        "dismiss_form": DismissForm(), "follow_up_form": FollowUpForm(),
        **extra,
    }


@prescriber_only
@require_POST
def schedule_questionnaire(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_journal(request.user, patient_id)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_questionnaire(patient, actor=request.user, **form.cleaned_data)
        except JournalError as error:
            form.add_error("every_days", str(error))
        else:
            messages.success(request, "Questionnaire scheduled.")
            return redirect("journal:patient_journal", patient_id=patient.pk)
    return render(request, "journal/patient_journal.html",
                  _journal_context(request, patient, schedule_form=form), status=400)


def _suggestion(request: AuthenticatedRequest, suggestion_id: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(queries.suggestions_visible_to(request.user).select_related("patient"),
                             pk=suggestion_id)


@prescriber_only
@require_POST
def accept_suggestion(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(request, suggestion_id)
    try:
        services.accept_suggestion(suggestion, request.user, request.POST.get("reason", "")[:1000])
    except JournalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Suggestion accepted.")
    return redirect("journal:patient_journal", patient_id=suggestion.patient_id)


@prescriber_only
@require_POST
def dismiss_suggestion(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(request, suggestion_id)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_suggestion(suggestion, request.user, form.cleaned_data["reason"])
        except JournalError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, "Suggestion dismissed.")
            return redirect("journal:patient_journal", patient_id=suggestion.patient_id)
    return render(request, "journal/dismiss.html", {"form": form, "suggestion": suggestion},
                  status=400)


@prescriber_only
def schedule_follow_up(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient = queries.open_journal(request.user, patient_id)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                visit = services.schedule_follow_up(
                    patient, at=form.moment(queries.zone_of(patient)),
                    mode=form.cleaned_data["mode"], note=form.cleaned_data["note"],
                    actor=request.user)
            except JournalError as error:
                form.add_error("day", str(error))
            else:
                messages.success(request, "Follow-up booked.")
                return redirect("journal:follow_up", follow_up_id=visit.pk)
        return render(request, "journal/follow_up_form.html", {"form": form, "patient": patient},
                      status=400)
    return render(request, "journal/follow_up_form.html", {"form": form, "patient": patient})


@clinic_team_only
def follow_up(request: AuthenticatedRequest, follow_up_id: int) -> HttpResponse:
    visit = get_object_or_404(queries.follow_ups_visible_to(request.user)
                              .select_related("patient__user", "scheduled_by"), pk=follow_up_id)
    record_read(visit.patient)
    return render(request, "journal/follow_up.html", {"visit": visit, "patient": visit.patient,
                                                      "summary": visit.summary})


@clinic_team_only
def visit_report(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """A printable visit report (PDF)."""
    patient = queries.open_journal(request.user, patient_id)
    context = _journal_context(request, patient)
    return pdf_response(request, "journal/pdf/visit_report.html", context,
                        f"visit-report-{patient.pk}-{context['today']}.pdf")


@clinic_team_only
def attention(request: AuthenticatedRequest) -> HttpResponse:
    """The clinic's patients ordered by their most urgent open suggestion,
    ``ATTENTION_PAGE`` a page (``?page=``; a bad page number shows page 1 or the last)."""
    page = Paginator(queries.attention_list(request.user), ATTENTION_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "journal/attention.html", {
        "rows": page.object_list, "page": page,
        "alerts": urgent_queries.urgent_alerts(request.user)})


@clinic_team_only
@require_POST
def acknowledge_suggestion(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    """One click: the urgent alert has been seen (audited); escalation stops."""
    suggestion = _suggestion(request, suggestion_id)
    if suggestion.urgency != "urgent":
        messages.error(request, "Only urgent alerts need acknowledging.")
    else:
        urgent_services.acknowledge(suggestion, request.user)
        messages.success(request, "Alert acknowledged.")
    if request.POST.get("next") == "attention":
        return redirect("journal:attention")
    return redirect("journal:patient_journal", patient_id=suggestion.patient_id)
