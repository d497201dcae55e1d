"""Pages of patient requests: the patient's list and new-request form, the
care team's list, one thread with its reply form, closing it. Thin: parse,
call a service or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ldncare.web.access import is_patient, may_answer_requests, may_read_journals
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import request_queries as queries
from ldncare.web.care import request_services as services
from ldncare.web.care.models import PatientRequest
from ldncare.web.care.request_forms import NewRequestForm, ReplyForm
from ldncare.web.decorators import forbidden
from ldncare.web.typing import AuthenticatedRequest


def _is_patient(request: AuthenticatedRequest) -> bool:
    return is_patient(request.user)


@login_required
def requests(request: AuthenticatedRequest) -> HttpResponse:
    """A patient's threads and the form for a new one; the care team's open threads."""
    if not may_read_journals(request.user):
        return forbidden(request, "Patients' requests are for them and their care team only.")
    if not _is_patient(request):
        closed = request.GET.get("show") == "closed"
        status = PatientRequest.Status.CLOSED if closed else PatientRequest.Status.OPEN
        rows = record_reads(queries.requests_of(request.user).filter(status=status)[:200])
        return render(request, "care/requests/team_list.html", {"threads": rows, "closed": closed})
    patient = request.user.patient
    form = NewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.open_request(patient, author=request.user, **form.cleaned_data)
        except services.RequestError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Your message was sent to your care team.")
            return redirect("care:request_thread", thread.pk)
    return render(request, "care/requests/patient_list.html", {
        "form": form, "threads": queries.requests_of(request.user)[:100],
        "contacts": queries.emergency_contacts(patient),
    }, status=400 if form.errors else 200)


def _thread_page(request: AuthenticatedRequest, thread: PatientRequest, form: ReplyForm,
                 status: int = 200) -> HttpResponse:
    return render(request, "care/requests/thread.html", {
        "thread": thread, "thread_messages": queries.messages_of(thread), "form": form,
        "may_answer": may_answer_requests(request.user, thread.patient),
        "is_patient": _is_patient(request),
        "guidance": queries.red_flag_guidance(thread)
        if _is_patient(request) and thread.status == PatientRequest.Status.OPEN else (),
        "contacts": queries.emergency_contacts(thread.patient),
    }, status=status)


@login_required
def request_thread(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    thread = queries.open_thread(request.user, request_id)
    return _thread_page(request, thread, ReplyForm())


@require_POST
@login_required
def reply(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    thread = queries.open_thread(request.user, request_id)
    if not (_is_patient(request) or may_answer_requests(request.user, thread.patient)):
        return forbidden(request, "Only the patient and their care team write in this thread.")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply(thread, author=request.user, body=form.cleaned_data["body"])
        except services.RequestError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your reply was sent.")
            return redirect("care:request_thread", thread.pk)
    return _thread_page(request, thread, form, status=400)


@require_POST
@login_required
def close_request(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    thread = queries.open_thread(request.user, request_id)
    if not (_is_patient(request) or may_answer_requests(request.user, thread.patient)):
        return forbidden(request, "Only the patient and their care team close this thread.")
    services.close(thread, actor=request.user)
    messages.success(request, "The conversation is closed.")
    return redirect("care:request_thread", thread.pk)
