"""Clinic cohort statistics from per-patient summaries."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ldncare.outcomes.cohort import (
    OBSERVATIONAL_CAVEATS,
    PatientSummary,
    SideEffectSummary,
    cohort_report,
    response_by_condition,
    retention,
    side_effect_table,
    summarise_synthetic_patient,
    time_to_target,
)
from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.responders import Response

D0 = date(2025, 1, 1)


def _summary(i: int, condition: str = "fibromyalgia", response=Response.RESPONDER, stop=None,
             reason=None, effects=()):
    return PatientSummary(f"P{i}", condition, D0, Decimal("4.5"), D0 + timedelta(days=28),
                          stop, reason, D0 + timedelta(days=200), response, effects)


def test_it_counts_responders_per_condition_and_leaves_out_the_not_evaluable():
    rows = response_by_condition([_summary(1), _summary(2, response=Response.NON_RESPONDER),
                                  _summary(3, response=Response.NOT_EVALUABLE)])
    assert rows[0].group == "fibromyalgia"
    assert (rows[0].proportion.events, rows[0].proportion.total) == (1, 2)
    assert rows[0].not_evaluable == 1  # shown beside the rate, not hidden


def test_a_group_where_nobody_can_be_judged_yet_has_no_rate():
    assert response_by_condition([_summary(1, response=Response.NOT_EVALUABLE)]) == ()


def test_it_reports_side_effect_incidence_and_median_duration():
    rows = side_effect_table([
        _summary(1, effects=(SideEffectSummary("vivid_dreams", 10),)),
        _summary(2, effects=(SideEffectSummary("vivid_dreams", 4), SideEffectSummary("headache", None))),
        _summary(3)])
    dreams = next(r for r in rows if r.name == "vivid_dreams")
    assert (dreams.incidence.events, dreams.incidence.total, dreams.median_days) == (2, 3, 7)
    assert next(r for r in rows if r.name == "headache").unresolved == 1


def test_it_reports_the_median_time_to_target():
    assert time_to_target([_summary(1), _summary(2)]).median_days == 28


def test_retention_counts_stop_reasons_and_censors_those_still_on_treatment():
    result = retention([_summary(1, stop=D0 + timedelta(days=30), reason="side_effects"),
                        _summary(2)])
    assert result.stop_reasons == {"side_effects": 1}
    assert result.steps[0].survival == pytest.approx(0.5)
    assert result.steps[-1].censored == 1


def test_the_report_compares_with_published_trials_and_spells_out_observational_caveats():
    report = cohort_report([_summary(1), _summary(2)], as_of=D0 + timedelta(days=200),
                           published=[("fibromyalgia", "FINAL 2024 (n=99): no difference"),
                                      ("crohns_disease", "Smith 2011")])
    assert [c.condition for c in report.comparisons] == ["fibromyalgia"]
    assert report.comparisons[0].published == ("FINAL 2024 (n=99): no difference",)
    assert report.caveats == OBSERVATIONAL_CAVEATS
    json.dumps(report.as_dict())


def test_a_summary_rejects_a_float_dose():
    with pytest.raises(OutcomesError):
        PatientSummary("P1", "x", D0, 4.5, None, None, None, D0, Response.RESPONDER)  # type: ignore[arg-type]


def test_planted_responders_respond_far_more_often_than_planted_non_responders(clinic):
    planted, judged = [], []
    for patient in clinic.patients:
        summary = summarise_synthetic_patient(patient)
        if summary.response is not Response.NOT_EVALUABLE:
            planted.append(patient.planted.responder)
            judged.append(summary.response is Response.RESPONDER)
    responders = [j for p, j in zip(planted, judged, strict=True) if p]
    others = [j for p, j in zip(planted, judged, strict=True) if not p]
    assert sum(responders) / len(responders) >= 0.8
    assert sum(others) / len(others) <= 0.25
