"""A titration plan as an iCalendar file: one event per dose at the chosen time.

The patient's calendar app (or a subscribed feed) then reminds them each day.
Times are local to the patient's IANA time zone (``Europe/Oslo``); the file
carries the VTIMEZONE so any standard calendar reads it. UIDs are stable per
plan and day, so a re-published feed updates events instead of duplicating them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from ldncare.dosing.plan import TimeOfDay, TitrationPlan
from ldncare.dosing.protocols import dosing_times
from ldncare.dosing.schedule import DoseEvent, dose_events
from ldncare.dosing.supply import OralLiquid, volume_for_dose
from ldncare.units import format_mg

PRODUCT_ID = "-//LDN Care//ldncare dosing//EN"

#: The alarm choices a patient is offered, in minutes before the dose (0: at the time).
ALARM_CHOICES = (0, 10, 30, 60)
#: Alarms further ahead than this are refused (a day: a dose alarm, not a diary).
MAX_ALARM_MINUTES = 24 * 60


class CalendarError(ValueError):
    """The calendar cannot be made as asked (unknown time zone, empty range...)."""


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"{name!r} is not a known time zone; use an IANA name such as "
                            "'Europe/London' or 'America/New_York'") from None


def _what_to_take(event: DoseEvent, liquid: OralLiquid | None) -> str:
    text = f"Take {format_mg(event.dose.mg)} mg naltrexone (LDN)"
    if liquid is not None:
        volume = volume_for_dose(event.dose, liquid)
        text += f": {format_mg(volume)} mL of the {format_mg(liquid.mg_per_ml)} mg/mL liquid"
    return text


def plan_to_ical(plan: TitrationPlan, *, tz: str, last: date, first: date | None = None,
                 bedtime: time | None = None, morning: time | None = None,
                 plan_id: str = "plan", liquid: OralLiquid | None = None,
                 duration: timedelta = timedelta(minutes=15),
                 generated_at: datetime | None = None,
                 alarms_minutes_before: tuple[int, ...] = ()) -> bytes:
    """The ``.ics`` bytes with one VEVENT per dose day from ``first`` (default: the
    plan's start) to ``last``, at ``bedtime`` or ``morning`` local time as each step
    says (defaults from ``dosing.yaml``: 22:00 and 08:00). Paused days have no event.
    With ``liquid``, each event also says how many millilitres to measure. Each
    event carries one VALARM (a notification on the phone) per entry of
    ``alarms_minutes_before`` (0: at the time of the dose).
    """
    zone = _zone(tz)
    alarms = tuple(sorted(set(alarms_minutes_before)))
    if any(not 0 <= m <= MAX_ALARM_MINUTES for m in alarms):
        raise CalendarError(f"an alarm is 0 to {MAX_ALARM_MINUTES} minutes before the dose")
    defaults = dosing_times()
    clock = {TimeOfDay.BEDTIME: bedtime or defaults.bedtime,
             TimeOfDay.MORNING: morning or defaults.morning}
    stamp = generated_at or datetime.now(UTC)
    if stamp.utcoffset() is None:
        raise CalendarError("generated_at must be timezone-aware")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "LDN doses")
    for dose in dose_events(plan, first or plan.start, last):
        event = _event(dose, zone, clock[dose.time_of_day], duration, plan_id, stamp, liquid)
        for minutes in alarms:
            event.add_component(_alarm(dose, minutes))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(dose: DoseEvent, zone: ZoneInfo, at: time, duration: timedelta, plan_id: str,
           stamp: datetime, liquid: OralLiquid | None) -> Event:
    starts = datetime.combine(dose.day, at, tzinfo=zone)
    event = Event()
    event.add("uid", f"{plan_id}-{dose.day.isoformat()}@ldncare")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", starts + duration)
    event.add("summary", f"LDN {format_mg(dose.dose.mg)} mg ({dose.time_of_day.value})")
    event.add("description", _what_to_take(dose, liquid))
    return event


def _alarm(dose: DoseEvent, minutes_before: int) -> Alarm:
    """A display alarm (RFC 5545 §3.6.6) ``minutes_before`` the dose."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-minutes_before))
    alarm.add("description", f"LDN {format_mg(dose.dose.mg)} mg"
              + (" now" if minutes_before == 0 else f" in {minutes_before} minutes"))
    return alarm
