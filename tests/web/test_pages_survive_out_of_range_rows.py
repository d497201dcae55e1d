"""Rows stored before the product's date ranges were enforced (a plan stopped
on 9999-12-31, a check-in on 0001-01-01) still render: the calendar, the feed,
the schedule, the journal and the research export answer 200, never 500."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from ldncare import dosing
from ldncare.web.care import prescribing_services as rx
from ldncare.web.care.models import PlanVersion
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn


@pytest.fixture
def stopped_in_year_9999(world):  # type: ignore[no-untyped-def]
    """A prescription whose plan was stopped "on 9999-12-31", stored directly as
    the old code let it be."""
    today = patient_today(world.patient)
    prescription = ensure_prescription(world.patient, world.users["prescriber"], world.pharmacy,
                                       today - timedelta(days=10))
    plan = prescription.current_plan().titration_plan()
    far = dosing.stop(plan, date(9999, 12, 31), "dr", "typo", recorded_at=datetime.now(UTC))
    PlanVersion.objects.create(prescription=prescription, version=far.version,
                               plan=far.as_dict(), data_version=far.data_version,
                               change_kind="stop", created_by=world.users["prescriber"])
    return prescription


def test_the_ics_download_of_a_plan_stopped_in_year_9999_is_a_bounded_calendar(
        world, client, login, stopped_in_year_9999):
    login(world.users["patient"])
    response = client.get(reverse("care:schedule_ics", args=[world.patient.pk]))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert 0 < len(events) < 2 * 366 + 30  # up to the two-year planning horizon


def test_the_calendar_feed_and_schedule_page_survive_a_plan_stopped_in_year_9999(
        world, client, login, stopped_in_year_9999):
    token = rx.create_calendar_feed(world.patient, actor=world.users["patient"])
    feed = client.get(reverse("care:calendar_feed", args=[world.patient.pk, token]))
    assert feed.status_code == 200
    login(world.users["patient"])
    assert client.get(reverse("care:schedule")).status_code == 200


def test_the_research_export_leaves_out_a_check_in_dated_year_1(world, client, login):
    CheckIn.objects.create(patient=world.patient, day=date(1, 1, 1), data={})
    CheckIn.objects.create(patient=world.patient, day=patient_today(world.patient),
                           data={})
    login(world.users["prescriber"])
    response = client.get("/insights/export/", {"download": "1", "k": "2", "part": "data"})
    assert response.status_code == 200
    assert len(response.content.decode().strip().splitlines()) == 2  # header + today's row
    assert client.get(reverse("journal:patient_journal", args=[world.patient.pk])).status_code == 200
