from datetime import UTC, date, datetime, time
from decimal import Decimal

import icalendar
import pytest

from ldncare.dosing import OralLiquid, build_plan, load_library, pause, switch_to_morning
from ldncare.interop.ical import CalendarError, plan_to_ical

START = date(2026, 3, 20)
STAMP = datetime(2026, 3, 1, tzinfo=UTC)


def events(ics: bytes):
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


@pytest.fixture
def plan():
    return build_plan(load_library().get("standard"), START)


def test_it_makes_one_event_per_dose_day(plan):
    found = events(plan_to_ical(plan, tz="Europe/Oslo", last=date(2026, 4, 30), generated_at=STAMP))
    assert len(found) == 42


def test_each_event_is_at_bedtime_in_the_patients_time_zone_across_a_dst_change(plan):
    found = events(plan_to_ical(plan, tz="Europe/Oslo", last=date(2026, 4, 5), generated_at=STAMP))
    starts = [e.decoded("dtstart") for e in found]
    assert {s.time() for s in starts} == {time(22, 0)}
    assert str(starts[0].tzinfo) == "Europe/Oslo"
    assert starts[0].utcoffset() != starts[-1].utcoffset()  # DST began on 29 March


def test_morning_steps_use_the_morning_time(plan):
    morning = switch_to_morning(plan, START, "dr", "insomnia")
    found = events(plan_to_ical(morning, tz="UTC", last=date(2026, 3, 22), morning=time(7, 30),
                                generated_at=STAMP))
    assert {e.decoded("dtstart").time() for e in found} == {time(7, 30)}


def test_paused_days_have_no_event(plan):
    paused = pause(plan, date(2026, 3, 25), "dr", "surgery")
    assert len(events(plan_to_ical(paused, tz="UTC", last=date(2026, 4, 30), generated_at=STAMP))) == 5


def test_a_liquid_event_says_how_many_millilitres(plan):
    found = events(plan_to_ical(plan, tz="UTC", last=START, liquid=OralLiquid(Decimal("1")),
                                generated_at=STAMP))
    assert "1.5 mL" in str(found[0]["description"])


def test_uids_are_stable_per_plan_and_day(plan):
    one = events(plan_to_ical(plan, tz="UTC", last=START, plan_id="p7", generated_at=STAMP))
    assert str(one[0]["uid"]) == "p7-2026-03-20@ldncare"


def test_an_unknown_time_zone_is_refused(plan):
    with pytest.raises(CalendarError, match="IANA"):
        plan_to_ical(plan, tz="Nowhere/Land", last=START)
