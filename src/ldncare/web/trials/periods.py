"""The days of a patient's blinded trials, below the journal: which kit a
patient takes on a day (the check-in records its code) and every trial day
(analyses of the plan leave them out). Reads trial rows only."""

from __future__ import annotations

from datetime import date, timedelta

from ldncare.web.care.models import Patient
from ldncare.web.care.treatment import patient_today
from ldncare.web.trials.models import TrialPeriod


def _blinded_periods(patient: Patient) -> list[tuple[TrialPeriod, date]]:
    """Each period of the patient's trials with its last blinded day: the
    period's end, or the day the trial was stopped for safety."""
    out = []
    for period in (TrialPeriod.objects.filter(trial__patient=patient)
                   .select_related("trial").order_by("start")):
        trial = period.trial
        last = period.end
        if trial.stopped_at is not None:
            last = min(last, patient_today(patient, trial.stopped_at))
        if period.start <= last:
            out.append((period, last))
    return out


def kit_on(patient: Patient, day: date) -> TrialPeriod | None:
    """The trial period (its kit) the patient takes on ``day``, if ``day`` is a
    blinded trial day: the check-in records the kit's code, not a dose."""
    return next((p for p, last in _blinded_periods(patient) if p.start <= day <= last), None)


def trial_days(patient: Patient) -> set[date]:
    """Every day the patient took a blinded trial kit: the plan's dose is not
    what they took, so a before/after analysis of the plan leaves these out
    (the trial's own analysis uses them, by period)."""
    days: set[date] = set()
    for period, last in _blinded_periods(patient):
        days.update(period.start + timedelta(days=i) for i in range((last - period.start).days + 1))
    return days
