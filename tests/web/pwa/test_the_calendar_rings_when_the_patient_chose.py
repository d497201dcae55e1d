"""The dose calendar (the .ics download and the subscribed feed) carries the
alarms the patient chose: at the time of the dose unless they chose otherwise."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient))
    return patient


def _triggers(client, patient):
    response = client.get(reverse("care:schedule_ics", args=[patient.pk]))
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events
    return {tuple(sorted(-a.decoded("trigger") for a in e.walk("VALARM"))) for e in events}


def test_by_default_the_calendar_rings_at_the_time_of_the_dose(active, client, login):
    login(active.user)
    assert _triggers(client, active) == {(timedelta(0),)}


def test_the_patient_chooses_ten_and_thirty_minutes_before(active, client, login):
    login(active.user)
    answer = client.post(reverse("pwa:calendar_alarms"), {"minutes_before": ["10", "30"]})
    assert answer.status_code == 302
    assert _triggers(client, active) == {(timedelta(minutes=10), timedelta(minutes=30))}


def test_ticking_none_means_no_alarm(active, client, login):
    login(active.user)
    client.post(reverse("pwa:calendar_alarms"), {})
    assert _triggers(client, active) == {()}


def test_a_choice_not_offered_is_refused_beside_the_field_and_nothing_changes(active, client,
                                                                               login):
    login(active.user)
    answer = client.post(reverse("pwa:calendar_alarms"), {"minutes_before": ["9999"]})
    assert answer.status_code == 400
    assert b"Select a valid choice" in answer.content
    assert _triggers(client, active) == {(timedelta(0),)}
