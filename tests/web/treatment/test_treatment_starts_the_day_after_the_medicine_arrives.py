"""Treatment starts when the medicine arrives: day 1 is the day after the
patient confirms receipt (or the carrier's delivered date), never before the
start the prescriber chose. Until then nothing is due and no dose is reminded."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.care.plan_writes import start_treatment
from ldncare.web.care.treatment import WAITING_WORDS, current_treatment, patient_today, supply
from ldncare.web.journal.reminders import reminders_for
from web.treatment.treatment_setup import approved, ship_first_fill


def _confirm_receipt(client, login, world, order):  # type: ignore[no-untyped-def]
    login(world.users["patient"])
    return client.post(reverse("pharmacy:confirm_delivery", args=[order.pk]), follow=True)


def test_before_the_medicine_arrives_no_dose_is_due_and_the_pages_say_so(world, client, login):
    ship_first_fill(world, approved(world))
    treatment = current_treatment(world.patient)
    assert treatment is not None and treatment.started_on is None
    assert treatment.is_waiting_for_medicine and treatment.dose_today is None
    assert treatment.status_words == WAITING_WORDS
    login(world.users["patient"])
    for page in (client.get(reverse("care:schedule")), client.get(reverse("home"))):
        text = page.content.decode()
        assert WAITING_WORDS in text and "Today (" not in text and "Today's dose" not in text
    api = client.get(f"/api/care/patients/{world.patient.pk}/schedule").json()
    assert api["started_on"] is None and api["today_dose_mg"] is None


def test_no_dose_or_refill_reminder_is_planned_before_the_medicine_arrives(world):
    ship_first_fill(world, approved(world))
    today = patient_today(world.patient)
    day = datetime.combine(today, time(0), tzinfo=UTC)
    planned = reminders_for(world.patient, day - timedelta(days=1), day + timedelta(days=2))
    assert not [r for r in planned if str(r.kind) in ("dose", "refill")]


def test_confirming_receipt_makes_tomorrow_day_one_and_moves_every_date(world, client, login):
    prescription = approved(world)
    before = current_treatment(world.patient)
    assert before is not None
    first_refill = supply(before).refill_dates[0]  # type: ignore[union-attr]
    order = ship_first_fill(world, prescription)
    today = patient_today(world.patient)
    days_late = (today + timedelta(days=1)) - before.plan.start
    page = _confirm_receipt(client, login, world, order)
    assert "delivery recorded" in page.content.decode()

    prescription.refresh_from_db()
    world.patient.refresh_from_db()
    after = current_treatment(world.patient)
    assert after is not None
    assert prescription.started_on == after.plan.start == today + timedelta(days=1)
    assert after.version.version == 2 and after.version.change_kind == "rescheduled"
    assert supply(after).refill_dates[0] == first_refill + days_late  # type: ignore[union-attr]
    assert world.patient.pathway_state == State.ACTIVE
    schedule = client.get(reverse("care:schedule")).content.decode()
    assert f"Your first dose is on <span data-testid=\"day-1\">{after.plan.start:%-d %b %Y}" in schedule
    assert WAITING_WORDS not in schedule


def test_medicine_that_arrives_before_the_planned_start_keeps_that_start(world, client, login):
    later = patient_today(world.patient) + timedelta(days=10)
    prescription = approved(world, start=later)
    _confirm_receipt(client, login, world, ship_first_fill(world, prescription))
    prescription.refresh_from_db()
    assert prescription.started_on == later
    assert prescription.plan_versions.count() == 1


def test_a_second_arrival_never_moves_the_plan_again(world, client, login):
    prescription = approved(world)
    _confirm_receipt(client, login, world, ship_first_fill(world, prescription))
    prescription.refresh_from_db()
    day1 = prescription.started_on
    again = start_treatment(prescription, arrived_on=patient_today(world.patient) + timedelta(5),
                            actor=world.users["patient"])
    prescription.refresh_from_db()
    assert again is None and prescription.started_on == day1
