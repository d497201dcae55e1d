"""Sending reminders exactly once.

:func:`send_due_reminders` plans every active patient's reminders with the
core's ``plan_reminders`` over a look-back window ending now, and for each
one inserts a :class:`SentReminder` row (UNIQUE ``key``) and queues the
e-mail *in the same transaction*. With the database task queue the queued
e-mail is a row in that transaction too, so a worker that dies half-way
leaves neither; a worker that runs again finds the key and sends nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ldncare.dosing import DosingError, supply_for
from ldncare.journal.errors import JournalError
from ldncare.journal.reminders import (
    FollowUp,
    QuestionnaireDue,
    ReminderOccurrence,
    ReminderPreferences,
    plan_reminders,
)
from ldncare.pathway import State
from ldncare.web.care.models import Patient
from ldncare.web.care.treatment import Treatment, current_treatment, patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.services import record_reminder_once
from ldncare.web.trials.reminders import follow_trial_periods

#: How far back a late-running worker still sends what it missed. Older
#: reminders are stale (a dose reminder from yesterday only confuses).
LOOK_BACK = timedelta(hours=6)


def reminder_preferences(patient: Patient) -> ReminderPreferences:
    """A kind is planned when the patient wants it by e-mail or on their phone."""
    from ldncare.web.pwa.services import preferences as push_preferences

    prefs = queries.preferences(patient)
    push = push_preferences(patient)
    defaults = ReminderPreferences()
    return ReminderPreferences(
        dose=prefs.remind_dose or push.dose, check_in=prefs.remind_check_in or push.check_in,
        questionnaire=prefs.remind_questionnaire or push.questionnaire,
        refill=prefs.remind_refill or push.refill,
        follow_up=prefs.remind_follow_up or push.follow_up,
        bedtime_dose_at=prefs.dose_at or defaults.bedtime_dose_at,
        check_in_at=prefs.check_in_at or defaults.check_in_at)


def reminders_for(patient: Patient, start: datetime, end: datetime) -> tuple[ReminderOccurrence, ...]:
    """The patient's reminders with a send time in ``[start, end)``. No dose or
    refill reminder is planned while the medicine is on its way (no day 1 yet)."""
    treatment = current_treatment(patient, end)
    plan = None if treatment is None else treatment.plan_in_force
    today = patient_today(patient, end)
    dues = [QuestionnaireDue(d.instrument, d.day) for d in queries.due_questionnaires(patient, today)]
    visits = [FollowUp(str(v.pk), v.at, v.mode) for v in
              patient.follow_ups.filter(at__gte=start)]
    preferences = reminder_preferences(patient)
    planned = plan_reminders(
        patient_ref=str(patient.pk), time_zone=queries.zone_of(patient), window_start=start,
        window_end=end, preferences=preferences,
        plan_steps=queries.plan_steps(plan), plan_end=_plan_end(plan),
        questionnaires=dues, refill_days=_refill_days(treatment), follow_ups=visits)
    return follow_trial_periods(patient, planned, start, end, zone=queries.zone_of(patient),
                                dose_on=preferences.dose, dose_at=preferences.bedtime_dose_at)


def _plan_end(plan):  # type: ignore[no-untyped-def]
    if plan is None:
        return None
    return plan.steps[-1].end


def _refill_days(treatment: Treatment | None) -> tuple[date, ...]:
    """Refill dates from the prescription's supply (``dosing.supply_for``)."""
    if treatment is None or treatment.plan_in_force is None:
        return ()
    prescription = treatment.prescription
    try:
        return tuple(supply_for(treatment.plan, treatment.form,
                                days_per_fill=prescription.days_per_fill,
                                refills=prescription.refills).refill_dates)
    except (DosingError, TypeError, ValueError):
        return ()  # no refill reminder is better than a wrong one


def send_due_reminders(now: datetime | None = None, *, backend: str = "default") -> int:
    """Queue every due, not-yet-sent reminder of every active patient on task
    ``backend``; return how many."""
    now = now or timezone.now()
    sent = 0
    patients = Patient.objects.filter(state=State.ACTIVE).select_related("user", "push_preferences")
    for patient in patients:
        try:
            due = reminders_for(patient, now - LOOK_BACK, now)
        except JournalError:
            continue  # e.g. a broken time zone on one account must not stop the others
        for occurrence in due:
            sent += send_once(patient, occurrence, backend=backend)
    return sent


@transaction.atomic
def send_once(patient: Patient, occurrence: ReminderOccurrence, *, backend: str = "default") -> int:
    """Insert the key, then queue the e-mail and/or the phone notification (as the
    patient chose for this kind), in one transaction. 1 if queued, 0 if the key
    was already sent."""
    from ldncare.web.pwa.services import wants_push

    if not record_reminder_once(patient, occurrence.key, kind=str(occurrence.kind),
                                send_at=occurrence.send_at, subject=occurrence.subject[:300]):
        return 0
    kind = str(occurrence.kind)
    if getattr(queries.preferences(patient), f"remind_{kind}", True):
        queue_email(backend, patient.user.email, occurrence.subject, _body(occurrence))
    if wants_push(patient, kind):
        queue_push(backend, patient.pk, occurrence)
    return 1


def queue_push(backend: str, patient_id: int, occurrence: ReminderOccurrence) -> None:
    """Hand one phone notification to the task queue (in this transaction)."""
    from ldncare.web.pwa.tasks import send_push

    send_push.using(backend=backend).enqueue(
        patient_id, "LDN Care", occurrence.subject, _open_url(occurrence), occurrence.key)


def _open_url(occurrence: ReminderOccurrence) -> str:
    """Where tapping the notification leads (a path on this site)."""
    return {"questionnaire": "/journal/questionnaires/", "follow_up": "/"}.get(
        str(occurrence.kind), "/journal/")


def queue_email(backend: str, to: str, subject: str, body: str) -> None:
    """Hand one e-mail to the task queue (a row in this transaction on the database queue)."""
    from ldncare.web.accounts.tasks import send_email

    send_email.using(backend=backend).enqueue(to, subject, body)


def _body(occurrence: ReminderOccurrence) -> str:
    return (f"{occurrence.subject}\n\nOpen your journal: {settings.SITE_URL}/journal/\n\n"
            "You can turn reminders off in your journal settings.")
