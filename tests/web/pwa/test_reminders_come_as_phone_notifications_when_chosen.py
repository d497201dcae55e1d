"""A patient who chose a reminder as a phone notification gets it on each of
their phones, once however often the worker runs, in addition to (or instead
of) the e-mail, as they chose per kind."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from django.core import mail

from ldncare.pathway import State
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import JournalPreferences
from ldncare.web.journal.reminders import send_due_reminders
from ldncare.web.pwa import services
from ldntest.push import Browser

START = date(2026, 3, 1)
DOSE_TIME = datetime.combine(date(2026, 3, 10), time(22, 5), tzinfo=UTC)  # London = UTC in March


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy, START)
    return patient


def _phone(patient, receiver, path="/phone"):
    browser = Browser()
    services.subscribe(patient, services.parse_subscription(
        browser.subscription(receiver.endpoint(path))))
    return browser


def _shown_on_phone(receiver, browser):
    return [json.loads(browser.decrypt(m.body)) for m in receiver.received]


def test_the_dose_reminder_reaches_the_phone_once_however_often_the_worker_runs(active, receiver):
    services.save_preferences(active, {"dose": True})
    browser = _phone(active, receiver)
    send_due_reminders(DOSE_TIME)
    send_due_reminders(DOSE_TIME.replace(minute=20))
    shown = _shown_on_phone(receiver, browser)
    assert len(shown) == 1
    assert shown[0]["body"].startswith("Time for your LDN dose") and shown[0]["url"] == "/journal/"
    assert shown[0]["tag"] == f"{active.pk}/dose/2026-03-10"


def test_every_phone_of_the_patient_gets_it(active, receiver):
    services.save_preferences(active, {"dose": True})
    _phone(active, receiver, "/phone"), _phone(active, receiver, "/tablet")
    send_due_reminders(DOSE_TIME)
    assert sorted(m.path for m in receiver.received) == ["/phone", "/tablet"]


def test_a_kind_not_chosen_for_the_phone_is_only_e_mailed(active, receiver):
    services.save_preferences(active, {"check_in": True})
    browser = _phone(active, receiver)
    send_due_reminders(DOSE_TIME)  # 20:00 check-in and 22:00 dose reminders are both due
    assert [p["tag"] for p in _shown_on_phone(receiver, browser)] == [
        f"{active.pk}/check_in/2026-03-10"]
    assert any("LDN dose" in m.subject for m in mail.outbox)


def test_push_only_sends_no_e_mail_for_that_kind(active, receiver):
    JournalPreferences.objects.create(patient=active, remind_dose=False, remind_check_in=False,
                                      remind_questionnaire=False, remind_refill=False,
                                      remind_follow_up=False)
    services.save_preferences(active, {"dose": True})
    browser = _phone(active, receiver)
    send_due_reminders(DOSE_TIME)
    assert len(_shown_on_phone(receiver, browser)) == 1
    assert not mail.outbox


def test_without_a_phone_nothing_is_pushed_and_the_e_mail_still_goes(active, receiver):
    services.save_preferences(active, {"dose": True})
    send_due_reminders(DOSE_TIME)
    assert not receiver.received and any("LDN dose" in m.subject for m in mail.outbox)
