"""The patient's today is the day on their own calendar, around midnight too;
an unknown zone name counts as UTC, never as the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ldncare.web.care.treatment import current_treatment, patient_today
from ldncare.web.journal.demo import ensure_prescription

#: 11:30 UTC on 1 March 2026 is 00:30 on 2 March in Auckland (UTC+13 in summer).
JUST_AFTER_MIDNIGHT_IN_AUCKLAND = datetime(2026, 3, 1, 11, 30, tzinfo=UTC)
JUST_BEFORE_MIDNIGHT_IN_AUCKLAND = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)


def _in_zone(patient, zone: str):  # type: ignore[no-untyped-def]
    patient.user.time_zone = zone
    patient.user.save(update_fields=["time_zone"])
    return patient


def test_the_same_moment_is_a_different_day_in_auckland_and_los_angeles(world):
    patient = _in_zone(world.patient, "Pacific/Auckland")
    assert patient_today(patient, JUST_AFTER_MIDNIGHT_IN_AUCKLAND) == date(2026, 3, 2)
    assert patient_today(patient, JUST_BEFORE_MIDNIGHT_IN_AUCKLAND) == date(2026, 3, 1)
    _in_zone(patient, "America/Los_Angeles")
    assert patient_today(patient, JUST_AFTER_MIDNIGHT_IN_AUCKLAND) == date(2026, 3, 1)


def test_an_unknown_zone_counts_as_utc_not_the_servers_zone(world, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: the server's date would be 2 March
    patient = _in_zone(world.patient, "Mars/Olympus_Mons")
    assert patient_today(patient, JUST_AFTER_MIDNIGHT_IN_AUCKLAND) == date(2026, 3, 1)


def test_day_one_begins_at_midnight_on_the_patients_clock(world):
    patient = _in_zone(world.patient, "Pacific/Auckland")
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy, date(2026, 3, 2))
    before = current_treatment(patient, JUST_BEFORE_MIDNIGHT_IN_AUCKLAND)
    after = current_treatment(patient, JUST_AFTER_MIDNIGHT_IN_AUCKLAND)
    assert before is not None and after is not None
    assert not before.has_started and before.dose_today is None
    assert before.status_words == "Your first dose is on 2 Mar 2026"
    assert after.has_started and str(after.dose_today) == "1.5 mg"
    assert after.status_words == "Today's dose: 1.5 mg"
