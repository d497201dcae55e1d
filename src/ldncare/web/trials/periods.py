"""The days of a patient's blinded trials, below the journal: which kit a
patient takes on a day (the check-in records its code) and every trial day
(analyses of the plan, the clinic's cohort numbers and the journal chart
leave them out or mark them). Reads trial rows only; the rule of which days
are blinded is the core's (:mod:`ldncare.trials.days`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet

from ldncare.trials.days import Span, blinded_last_day, blinded_spans, span_days
from ldncare.web.care.models import Patient
from ldncare.web.care.treatment import patient_today
from ldncare.web.trials.models import TrialPeriod


def _stopped_on(patient: Patient, stopped_at: datetime | None) -> date | None:
    """The day (on the patient's calendar) a trial stopped at ``stopped_at`` was stopped."""
    return None if stopped_at is None else patient_today(patient, stopped_at)


def _blinded_periods(patient: Patient) -> list[tuple[TrialPeriod, date]]:
    """Each period of the patient's trials with its last blinded day: the
    period's end, or the day the trial was stopped for safety."""
    out = []
    for period in (TrialPeriod.objects.filter(trial__patient=patient)
                   .select_related("trial").order_by("start")):
        last = blinded_last_day(period.end, _stopped_on(patient, period.trial.stopped_at))
        if period.start <= last:
            out.append((period, last))
    return out


def kit_on(patient: Patient, day: date) -> TrialPeriod | None:
    """The trial period (its kit) the patient takes on ``day``, if ``day`` is a
    blinded trial day: the check-in records the kit's code, not a dose."""
    return next((p for p, last in _blinded_periods(patient) if p.start <= day <= last), None)


def trial_spans(patient: Patient) -> tuple[Span, ...]:
    """The patient's blinded trial days as merged spans (one query)."""
    return blinded_spans((p.start, last, None) for p, last in _blinded_periods(patient))


def trial_days(patient: Patient) -> set[date]:
    """Every day the patient took a blinded trial kit: the plan's dose is not
    what they took, so a before/after analysis of the plan leaves these out
    (the trial's own analysis uses them, by period)."""
    return span_days(trial_spans(patient))


def trial_spans_of(patients: QuerySet[Any]) -> dict[int, tuple[Span, ...]]:
    """The blinded trial spans of every patient in ``patients`` (a query of
    patient pks, e.g. a user's scope) in one query, for the clinic's cohort
    numbers: ``{patient id: spans}``, only patients with a trial day. The same
    rule as :func:`trial_days`, the stop day on each patient's calendar."""
    by_patient: dict[int, list[tuple[date, date, date | None]]] = {}
    rows = (TrialPeriod.objects.filter(trial__patient__in=patients)
            .select_related("trial__patient__user").order_by("trial__patient_id", "start"))
    for period in rows:
        trial = period.trial
        by_patient.setdefault(trial.patient_id, []).append(
            (period.start, period.end, _stopped_on(trial.patient, trial.stopped_at)))
    spans = {pk: blinded_spans(periods) for pk, periods in by_patient.items()}
    return {pk: found for pk, found in spans.items() if found}
