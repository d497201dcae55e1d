"""Dose reminders follow a running trial's periods: on each trial day the
reminder names the period's kit code, never its content (a titration plan's
"take 4.5 mg" would unblind a placebo-controlled trial)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ldncare.journal.reminders import ReminderKind, ReminderOccurrence, local_to_utc
from ldncare.web.care.models import Patient
from ldncare.web.trials.models import TrialStatus


def follow_trial_periods(patient: Patient, planned: Sequence[ReminderOccurrence],
                         start: datetime, end: datetime, *, zone: str,
                         dose_on: bool, dose_at) -> tuple[ReminderOccurrence, ...]:  # type: ignore[no-untyped-def]
    """``planned`` with the dose reminders of trial days replaced by kit-code ones."""
    trial = patient.trials.filter(status__in=(TrialStatus.DESIGNED, TrialStatus.KITS_READY)).first()
    if trial is None:
        return tuple(planned)
    kept = [o for o in planned if not (o.kind == ReminderKind.DOSE
                                       and trial.start <= o.local_day <= trial.end)]
    if dose_on:
        tz = ZoneInfo(zone)
        first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
        for period in trial.periods.filter(end__gte=first, start__lte=last):
            day = max(period.start, first)
            while day <= min(period.end, last):
                send_at = local_to_utc(day, dose_at, tz)
                if start <= send_at < end:
                    kept.append(ReminderOccurrence(
                        ReminderKind.DOSE, f"{patient.pk}/dose/{day.isoformat()}/trial",
                        send_at, day, f"Tonight: one capsule from your trial kit {period.code}"))
                day += timedelta(days=1)
    return tuple(sorted(kept, key=lambda o: (o.send_at, o.key)))
