"""The headline is about one primary measure; the others are Holm-corrected and
labelled; a baseline trend or a bad start qualifies the words."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.nof1 import AnalysisSettings, DosePeriod, Role, Verdict, analyse_patient
from ldncare.outcomes.stats import holm_adjusted, t_two_sided_p

START = date(2025, 3, 1)
PERIODS = (DosePeriod(START, None, Decimal("4.5"), "4.5 mg"),)


def _flat(level: float, seed: int, slope_per_day: float = 0.0, after: float | None = None
          ) -> dict[date, float]:
    rng = np.random.default_rng(seed)
    out = {}
    for i in range(-14, 56):
        base = level if i < 0 or after is None else after
        out[START + timedelta(days=i)] = float(base + slope_per_day * i + rng.normal(0, 0.5))
    return out


def test_the_chosen_primary_measure_carries_the_headline():
    series = {"pain": _flat(6, 1, after=3), "fatigue": _flat(6, 2)}
    report = analyse_patient(series, PERIODS,
                             settings=AnalysisSettings(primary_measure="fatigue"))
    assert report.primary == "fatigue"
    assert report.primary_analysis.measure == "fatigue"
    assert report.headline.startswith("Main measure")
    assert "fatigue" in report.headline
    assert report.sentences[0] == report.headline


def test_other_measures_are_labelled_as_also_tracked_and_holm_corrected():
    series = {"pain": _flat(6, 1, after=3), "fatigue": _flat(6, 2), "mood": _flat(5, 3)}
    report = analyse_patient(series, PERIODS, settings=AnalysisSettings(primary_measure="pain"))
    assert report.headline_verdict is Verdict.IMPROVED
    assert all(m.role is Role.SECONDARY for m in report.secondary_analyses)
    assert all(s.startswith("Also tracked") for s in report.secondary_sentences)
    assert all(m.adjusted_p is not None for m in report.secondary_analyses)
    assert any(c.code == "several_measures" for c in report.caveats)


def test_without_a_choice_pain_is_taken_and_the_report_says_so():
    report = analyse_patient({"pain": _flat(6, 1), "mood": _flat(5, 2)}, PERIODS)
    assert report.primary == "pain"
    assert "No main measure was chosen" in report.primary_reason


def test_an_unknown_primary_measure_is_refused():
    with pytest.raises(OutcomesError, match="neither a check-in rating nor a questionnaire"):
        AnalysisSettings(primary_measure="hbi")


def test_the_patient_sentence_never_credits_ldn():
    report = analyse_patient({"pain": _flat(6, 1, after=3)}, PERIODS)
    assert "since you started LDN" in report.headline
    assert "cannot show that LDN caused it" in report.headline


def test_a_falling_baseline_qualifies_the_improvement_in_words():
    series = {"pain": _flat(7, 4, slope_per_day=-0.12)}
    report = analyse_patient(series, PERIODS)
    pain = report.measure("pain")
    assert pain.baseline_trend_per_week < 0
    assert [q.code for q in pain.qualifiers] == ["baseline_trend"]
    assert "already falling before LDN started" in report.headline


def test_a_baseline_worse_than_the_usual_level_is_named_as_a_possible_return_to_usual():
    series = {"pain": _flat(7, 5, after=5)}
    report = analyse_patient(series, PERIODS, typical_levels={"pain": 5.0})
    assert [q.code for q in report.measure("pain").qualifiers] == ["unusual_baseline"]
    assert "worse than your usual level" in report.headline


def test_diary_days_before_the_baseline_serve_as_the_usual_level():
    series = {"pain": {**{START - timedelta(days=40 - i): 5.0 for i in range(20)},
                       **_flat(7, 5, after=5)}}
    report = analyse_patient(series, PERIODS)
    assert report.measure("pain").typical_level == 5.0
    assert report.measure("pain").qualified


def test_pgic_is_reported_as_the_patients_own_answer_not_compared_with_a_baseline():
    series = {"pain": _flat(6, 1), "pgic": {START + timedelta(days=50): 2.0}}
    report = analyse_patient(series, PERIODS)
    assert [m.measure for m in report.measures] == ["pain"]
    assert report.global_change == ("Your latest answer to the PGIC (global change) question "
                                    "(20 Apr 2025): Much improved.",)


def test_phq9_and_gad7_reach_the_analysis_under_the_journals_codes():
    series = {"pain": _flat(6, 1), "phq-9": {START - timedelta(days=d): 12.0 for d in range(1, 9)}
              | {START + timedelta(days=d): 8.0 for d in range(1, 9)}}
    report = analyse_patient(series, PERIODS)
    assert report.measure("phq-9").direction == "lower"
    assert "PHQ-9 (depression)" in " ".join(report.sentences)


def test_holm_adjusts_the_smallest_p_value_most():
    assert holm_adjusted([0.01, 0.04, 0.03, 0.5]) == pytest.approx((0.04, 0.09, 0.09, 0.5))


def test_the_t_test_p_value_matches_published_tables():
    assert t_two_sided_p(2.228, 10) == pytest.approx(0.05, abs=2e-4)
    assert t_two_sided_p(2.0, 10) == pytest.approx(0.0734, abs=2e-4)
