"""Writes of patient requests: a patient opens a thread (a refill, a question,
a problem), the care team replies, either closes it. Each function is one
transaction; every row is audited.

The patient is told by e-mail that there is a reply, and nothing more: the
e-mail holds no health details (not the subject, not the words), only a link
to sign in. A problem report whose words look like an emergency
(:mod:`ldncare.journal.red_flag_words`) also raises an urgent decision-support
suggestion, so it takes the existing urgent path (the care team is alerted by
e-mail and the alert escalates until someone acknowledges it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ldncare.errors import FieldError
from ldncare.journal.red_flag_words import red_flags_in
from ldncare.journal.rules import Action, Urgency
from ldncare.journal.rules import Suggestion as CoreSuggestion
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient, PatientRequest, RequestMessage

#: The most a message may hold (a page of text).
MESSAGE_MAX = 4000
SUBJECT_MAX = 120
REPLY_SUBJECT = "LDN Care: your clinic has replied"
RED_FLAG_CODE = "patient_request_red_flag"
RED_FLAG_SOURCE = ("product choice: a patient's problem report whose words may describe an "
                   "emergency is raised as urgent (ldncare.journal.red_flag_words; UNVERIFIED "
                   "phrase list)")


class RequestError(FieldError):
    """A request or reply that cannot be stored; says why, for the field it names."""


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise RequestError("Write your message.", "body")
    if len(body) > MESSAGE_MAX:
        raise RequestError(f"Keep the message under {MESSAGE_MAX} characters.", "body")
    return body


@transaction.atomic
def open_request(patient: Patient, *, author: User, kind: str, subject: str,
                 body: str) -> PatientRequest:
    """Start a thread for ``patient`` (written by the patient themselves)."""
    if kind not in PatientRequest.Kind.values:
        raise RequestError("Choose what you would like to do.", "kind")
    subject = " ".join(subject.split())
    if not subject:
        raise RequestError("Give your message a short title.", "subject")
    if len(subject) > SUBJECT_MAX:
        raise RequestError(f"Keep the title under {SUBJECT_MAX} characters.", "subject")
    body = _clean_body(body)
    now = timezone.now()
    flags = list(red_flags_in(f"{subject}\n{body}")) if kind == PatientRequest.Kind.PROBLEM else []
    thread = PatientRequest.objects.create(patient=patient, kind=kind, subject=subject,
                                           red_flags=flags, has_red_flags=bool(flags), created_at=now, last_message_at=now)
    RequestMessage.objects.create(request=thread, author=author, from_patient=True, body=body,
                                  created_at=now)
    if flags:
        _raise_urgent_suggestion(thread, now)
    return thread


def _raise_urgent_suggestion(thread: PatientRequest, now) -> None:  # type: ignore[no-untyped-def]
    """The urgent path: a suggestion the attention list shows first, and the
    care team's alert e-mail (which commits with it, or neither does)."""
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.journal.models import Suggestion
    from ldncare.web.journal.urgent_services import alert_care_team

    patient = thread.patient
    link = reverse("care:request_thread", args=[thread.pk])
    core = CoreSuggestion(
        code=RED_FLAG_CODE, urgency=Urgency.URGENT, action=Action.CONTACT_PATIENT,
        message="The patient reported a problem in words that may describe an emergency: "
                f"read their request and contact them ({link}).",
        rationale="A problem written in the patient's own words is not covered by the "
                  "check-in's structured red flags; these words match a red-flag phrase.",
        source=RED_FLAG_SOURCE, key=f"{RED_FLAG_CODE}:{thread.pk}",
        day=patient_today(patient, now), rules_version="patient-requests-1")
    row = Suggestion.objects.create(
        patient=patient, key=core.key, code=core.code, urgency=str(core.urgency),
        action=str(core.action), message=core.message, rationale=core.rationale,
        source=core.source, day=core.day, rules_version=core.rules_version, data=core.as_dict())
    alert_care_team(row)


def _lock(thread: PatientRequest) -> PatientRequest:
    return (PatientRequest.objects.select_for_update(of=("self",))
            .select_related("patient__user").get(pk=thread.pk))


@transaction.atomic
def reply(thread: PatientRequest, *, author: User, body: str) -> RequestMessage:
    """Add ``author``'s message. A reply from the care team e-mails the patient
    that there is one (no health details); a patient's reply puts the thread
    back in the care team's list. A closed thread takes no more messages."""
    row = _lock(thread)
    if row.status == PatientRequest.Status.CLOSED:
        raise RequestError("This conversation is closed. Start a new request instead.", "body")
    from_patient = author.pk == row.patient.user_id
    now = timezone.now()
    message = RequestMessage.objects.create(request=row, author=author, from_patient=from_patient,
                                            body=_clean_body(body), created_at=now)
    row.awaiting_clinic, row.last_message_at = from_patient, now
    row.save(update_fields=["awaiting_clinic", "last_message_at"])
    if not from_patient:
        _tell_patient_of_reply(row, message)
    return message


def _tell_patient_of_reply(thread: PatientRequest, message: RequestMessage) -> None:
    from ldncare.web.journal.reminders import queue_email

    to = thread.patient.user.email
    if not to:
        return
    link = f"{settings.SITE_URL}{reverse('care:request_thread', args=[thread.pk])}"
    body = (f"Hello {thread.patient.user.full_name},\n\n"
            "Your clinic has replied to a message you sent through LDN Care.\n\n"
            f"Sign in to read it: {link}\n\n"
            "This e-mail holds no health details on purpose. In an emergency, call your local "
            "emergency number; do not wait for a reply.\n")
    transaction.on_commit(lambda: queue_email("default", to, REPLY_SUBJECT, body))


@transaction.atomic
def close(thread: PatientRequest, *, actor: User) -> PatientRequest:
    """Close the thread (a second close changes nothing). It stays readable."""
    row = _lock(thread)
    if row.status == PatientRequest.Status.CLOSED:
        return row
    row.status, row.closed_at, row.closed_by = PatientRequest.Status.CLOSED, timezone.now(), actor
    row.awaiting_clinic = False
    row.save(update_fields=["status", "closed_at", "closed_by", "awaiting_clinic"])
    return row
