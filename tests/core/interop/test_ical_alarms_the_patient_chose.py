"""Each dose event carries the alarms the patient chose (VALARM, RFC 5545),
so the phone's calendar rings at the time or some minutes before."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.dosing import build_plan, load_library
from ldncare.interop.ical import MAX_ALARM_MINUTES, CalendarError, plan_to_ical

START = date(2026, 3, 20)
STAMP = datetime(2026, 3, 1, tzinfo=UTC)
PLAN = build_plan(load_library().get("standard"), START)


def _ics(**kwargs):
    return plan_to_ical(PLAN, tz="Europe/Oslo", last=date(2026, 3, 22), generated_at=STAMP,
                        **kwargs)


def test_each_event_rings_at_the_time_and_ten_minutes_before():
    calendar = icalendar.Calendar.from_ical(_ics(alarms_minutes_before=(10, 0)))
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        assert sorted(a.decoded("trigger") for a in alarms) == [timedelta(minutes=-10),
                                                                timedelta(0)]
        assert {str(a["action"]) for a in alarms} == {"DISPLAY"}
        assert all("LDN" in str(a["description"]) for a in alarms)


def test_no_alarm_chosen_means_no_valarm():
    assert b"BEGIN:VALARM" not in _ics()


def test_an_alarm_more_than_a_day_ahead_is_refused():
    with pytest.raises(CalendarError, match="minutes before"):
        _ics(alarms_minutes_before=(MAX_ALARM_MINUTES + 1,))


@settings(max_examples=40, deadline=None)  # builds and parses a calendar: slow on a busy machine
@given(st.sets(st.integers(min_value=0, max_value=MAX_ALARM_MINUTES), max_size=4))
def test_every_chosen_alarm_appears_once_in_every_event(minutes):
    calendar = icalendar.Calendar.from_ical(_ics(alarms_minutes_before=tuple(minutes)))
    for event in calendar.walk("VEVENT"):
        triggers = sorted(-a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == sorted(timedelta(minutes=m) for m in minutes)
