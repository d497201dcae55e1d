"""Reminders go out exactly once, at the patient's local time, only if wanted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from unittest import mock

import pytest
from django.core import mail

from ldncare.pathway import State
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import JournalPreferences, SentReminder
from ldncare.web.journal.reminders import send_due_reminders

START = date(2026, 3, 1)


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy, START)
    return patient


def at(hour, minute=0, day=date(2026, 3, 10)):
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def test_the_dose_reminder_is_sent_once_however_often_the_worker_runs(active):
    assert send_due_reminders(at(22, 5)) >= 1  # London is UTC in March: 22:00 dose, 20:00 check-in
    first = len(mail.outbox)
    assert send_due_reminders(at(22, 10)) == 0
    assert len(mail.outbox) == first
    assert SentReminder.objects.filter(key=f"{active.pk}/dose/2026-03-10").count() == 1


def test_a_crash_before_commit_sends_nothing_and_the_next_run_sends_it_once(active):
    with mock.patch("ldncare.web.journal.reminders.queue_email",
                    side_effect=RuntimeError("worker killed")), pytest.raises(RuntimeError):
        send_due_reminders(at(22, 5))
    assert not SentReminder.objects.exists() and not mail.outbox
    sent = send_due_reminders(at(22, 6))
    assert sent >= 1 and len(mail.outbox) == sent
    assert send_due_reminders(at(22, 7)) == 0


def test_reminders_follow_the_patients_time_zone(active):
    user = active.user
    user.time_zone = "America/New_York"  # UTC-5 on 10 March 2026 (DST starts 8 March: UTC-4)
    user.save(update_fields=["time_zone"])
    assert send_due_reminders(at(22, 5)) == 0  # 18:05 in New York: nothing due yet
    assert send_due_reminders(at(2, 5, date(2026, 3, 11))) >= 1  # 22:05 New York time
    assert SentReminder.objects.filter(key=f"{active.pk}/dose/2026-03-10").exists()


def test_a_reminder_the_patient_turned_off_is_not_sent(active):
    JournalPreferences.objects.create(patient=active, remind_dose=False, remind_check_in=False,
                                      tracked_ratings=["pain"])
    assert send_due_reminders(at(22, 5)) == 0
    assert not mail.outbox


def test_the_database_queue_holds_each_email_once_across_a_restart(active):
    from django_tasks_db.models import DBTaskResult

    sent = send_due_reminders(at(22, 5), backend="database")
    again = send_due_reminders(at(22, 6), backend="database")  # a restarted worker
    assert sent >= 1 and again == 0
    assert DBTaskResult.objects.count() == SentReminder.objects.count() == sent
