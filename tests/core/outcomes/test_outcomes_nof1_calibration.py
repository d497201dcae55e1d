"""The analysis recovers planted effects and finds none where none was planted.

Stated tolerances (also in docs/outcomes.md):
- no planted effect: at most 10% of latest-period rating comparisons are called
  "improved" or "worsened" (nominal 5%);
- planted responders: the estimated pain change is within ±0.75 points of the
  planted change in at least 80% of patients, and on average within ±0.2;
- planted responders' pain is called "improved" in at least 80% of patients.
"""

from __future__ import annotations

import numpy as np

from ldncare.outcomes.nof1 import Verdict, analyse_patient
from ldncare.outcomes.synthetic import RATINGS, planted_change


def _latest(patient):
    report = analyse_patient(patient.series(), patient.dose_periods(), as_of=patient.last_seen)
    return report


def test_it_rarely_finds_a_change_where_none_was_planted(clinic):
    calls = []
    for patient in clinic.patients:
        if patient.planted.responder:
            continue
        report = _latest(patient)
        for name in RATINGS:
            latest = report.measure(name).latest_evaluable()
            if latest is not None:
                calls.append(latest.verdict in (Verdict.IMPROVED, Verdict.WORSENED))
    assert len(calls) > 500
    assert np.mean(calls) <= 0.10


def test_it_recovers_the_planted_fall_in_pain_within_tolerance(clinic):
    errors, improved = [], []
    for patient in clinic.patients:
        if not patient.planted.responder:
            continue
        report = _latest(patient)
        latest = report.measure("pain").latest_evaluable()
        if latest is None:
            continue
        period = next(p for p in report.periods if p.label == latest.period)
        end = min(period.end or patient.last_seen, patient.last_seen)
        errors.append(latest.change - planted_change(patient, "pain", period.start, end))
        improved.append(latest.verdict is Verdict.IMPROVED)
    errors = np.array(errors)
    assert len(errors) > 100
    assert np.mean(np.abs(errors) <= 0.75) >= 0.80
    assert abs(errors.mean()) <= 0.2
    assert np.mean(improved) >= 0.80
