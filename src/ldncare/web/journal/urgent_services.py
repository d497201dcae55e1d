"""Writes for urgent signals: the alert to the care team, its escalation, its
acknowledgement, the patient's guidance e-mail and the clinic's settings.

Every e-mail is sent exactly once the way reminders are: a ``SentReminder``
row with a unique key (``urgent-alert:<suggestion>``,
``urgent-escalation:<suggestion>``, ``guidance:…``) is inserted in the same
transaction that queues the e-mail task. A worker that dies half-way leaves
neither; one that runs again (or a second one) finds the key and sends
nothing, even when tasks are delivered more than once.

E-mails to staff carry no health details: only that a patient needs urgent
attention, and a link.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ldncare.journal.errors import JournalError
from ldncare.journal.guidance import ClinicGuidance, Guidance, check_clinic_guidance
from ldncare.web.access import may_change_clinic_settings
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.models import Patient
from ldncare.web.care.services import add_note
from ldncare.web.journal import urgent_queries
from ldncare.web.journal.models import Suggestion, UrgentCareSettings
from ldncare.web.journal.reminders import queue_email
from ldncare.web.journal.services import record_reminder_once

ALERT_SUBJECT = "LDN Care: a patient needs urgent attention"
ESCALATION_SUBJECT = "LDN Care: an urgent alert has not been acknowledged"


class UrgentSettingsChanged(JournalError):
    """Another admin saved these settings since this one loaded them."""


def _link(suggestion: Suggestion) -> str:
    return f"{settings.SITE_URL}/journal/patients/{suggestion.patient_id}/#suggestion-{suggestion.pk}"


def alert_care_team(suggestion: Suggestion, *, backend: str = "default") -> int:
    """Queue the alert e-mail to each of the patient's prescribers, once per
    suggestion. Call inside the transaction that stored the suggestion.
    Returns how many e-mails were queued (0 when already sent)."""
    recipients = [u.email for u in urgent_queries.care_team(suggestion.patient) if u.email]
    if not recipients or not record_reminder_once(
            suggestion.patient, f"{urgent_queries.ALERT}:{suggestion.pk}", kind="urgent_alert",
            send_at=timezone.now(), subject=ALERT_SUBJECT):
        return 0
    body = (f"A patient of {suggestion.patient.clinic.name} needs urgent attention.\n\n"
            f"Open it here and acknowledge the alert: {_link(suggestion)}\n\n"
            "This e-mail holds no health details on purpose; sign in to read them.")
    for to in recipients:
        queue_email(backend, to, ALERT_SUBJECT, body)
    return len(recipients)


def escalate_overdue(now: datetime | None = None, *, backend: str = "default") -> int:
    """Escalate every open, unacknowledged urgent suggestion whose clinic's
    escalation time has passed since it was raised, once each. Returns how
    many suggestions were escalated now."""
    now = now or timezone.now()
    escalated = 0
    candidates = (Suggestion.objects.filter(status=Suggestion.Status.OPEN, urgency="urgent",
                                            acknowledged_at__isnull=True)
                  .select_related("patient__clinic").order_by("created_at"))
    windows: dict[int, Any] = {}
    for suggestion in candidates:
        clinic = suggestion.patient.clinic
        if clinic.pk not in windows:
            windows[clinic.pk] = urgent_queries.escalate_after(clinic)
        if now >= suggestion.created_at + windows[clinic.pk]:
            escalated += _escalate_once(suggestion.pk, now, backend)
    return escalated


@transaction.atomic
def _escalate_once(suggestion_id: int, now: datetime, backend: str) -> int:
    suggestion = (Suggestion.objects.select_for_update(of=("self",))
                  .select_related("patient__clinic").get(pk=suggestion_id))
    if suggestion.acknowledged_at is not None or suggestion.status != Suggestion.Status.OPEN:
        return 0  # acknowledged or decided while we looked
    clinic = suggestion.patient.clinic
    recipients = urgent_queries.escalation_contacts(clinic)
    if not recipients or not record_reminder_once(
            suggestion.patient, f"{urgent_queries.ESCALATION}:{suggestion.pk}",
            kind="urgent_escalation", send_at=now, subject=ESCALATION_SUBJECT):
        return 0
    hours = int(urgent_queries.escalate_after(clinic).total_seconds() // 3600)
    body = (f"An urgent alert for a patient of {clinic.name} has not been acknowledged by a "
            f"prescriber within {hours} hours.\n\nOpen it here and acknowledge it: "
            f"{_link(suggestion)}\n\nThis e-mail holds no health details on purpose.")
    for to in recipients:
        queue_email(backend, to, ESCALATION_SUBJECT, body)
    return 1


@transaction.atomic
def acknowledge(suggestion: Suggestion, actor: User, now: datetime | None = None) -> Suggestion:
    """Record that ``actor`` has seen the urgent alert (once; a second click
    changes nothing). Escalation stops; the suggestion stays open until a
    prescriber accepts or dismisses it. Audited and noted on the timeline."""
    row = Suggestion.objects.select_for_update(of=("self",)).select_related("patient").get(
        pk=suggestion.pk)
    if row.acknowledged_at is not None:
        return row
    row.acknowledged_by, row.acknowledged_at = actor, now or timezone.now()
    row.save(update_fields=["acknowledged_by", "acknowledged_at"])
    add_note(row.patient, actor=actor, summary="Urgent alert acknowledged",
             data={"suggestion": row.key})
    return row


def email_patient_guidance(patient: Patient, key: str, guidance: Sequence[Guidance], *,
                           backend: str = "default") -> bool:
    """Queue the confirmation e-mail with ``guidance`` to the patient, once per
    ``key``. Call inside the transaction that stored what they reported."""
    if not guidance or not patient.user.email:
        return False
    subject = "LDN Care: what to do now about what you reported"
    if not record_reminder_once(patient, f"{urgent_queries.GUIDANCE}:{key}", kind="guidance",
                                send_at=timezone.now(), subject=subject):
        return False
    queue_email(backend, patient.user.email, subject, guidance_text(guidance))
    return True


def guidance_text(guidance: Sequence[Guidance]) -> str:
    """The guidance as plain text, crisis numbers first, as the page shows it."""
    parts = []
    for g in guidance:
        lines = [f"{g.level.words}: {g.title}"]
        lines += [f"  {c.name}: {c.phone} ({c.how})" for c in g.crisis]
        lines.append(g.text)
        parts.append("\n".join(lines))
    parts.append(f"{told_words(guidance)}\n\nYour journal: {settings.SITE_URL}/journal/")
    return "\n\n".join(parts)


def told_words(guidance: Sequence[Guidance]) -> str:
    """Whether the clinic was alerted, in the patient's words (never a claim that is not true)."""
    if any(g.clinic_told for g in guidance):
        return "Your clinic has been told and will contact you."
    return "Please contact your clinic to tell them about this."


@transaction.atomic
def update_urgent_settings(clinic: Organisation, *, admin: User, expected_version: int | None,
                           country: str, crisis_line: str, texts: dict[str, str],
                           escalate_after_hours: int | None, on_call_email: str
                           ) -> UrgentCareSettings:
    """Store the clinic's urgent-care choices after the core checked them.
    A text equal to the sourced default (or empty) is stored as "no change",
    so the default and its source keep showing."""
    from ldncare.journal.guidance import load_guidance

    if not may_change_clinic_settings(admin, clinic):
        raise PermissionError("Only this clinic's admin can change its settings.")
    check_clinic_guidance(ClinicGuidance(country, crisis_line.strip(), texts, escalate_after_hours))
    book = load_guidance()
    own = {code: text.strip() for code, text in texts.items()
           if text.strip() and text.strip() != book.text(code).text.strip()}
    UrgentCareSettings.objects.get_or_create(clinic=clinic)
    row = UrgentCareSettings.objects.select_for_update().get(clinic=clinic)
    if expected_version is not None and row.version != expected_version:
        raise UrgentSettingsChanged("Someone else changed these settings meanwhile; nothing was "
                                    "saved. Check the new values and submit again.")
    row.country, row.crisis_line, row.texts = country, crisis_line.strip(), own
    row.escalate_after_hours, row.on_call_email = escalate_after_hours, on_call_email.strip()
    row.version += 1
    row.updated_by, row.updated_at = admin, timezone.now()
    row.save()
    return row
