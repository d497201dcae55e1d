"""n-of-1 report: changes, caveats, sentences and round-tripping."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.nof1 import (
    AnalysisSettings,
    DosePeriod,
    NOf1Report,
    Verdict,
    analyse_patient,
)

START = date(2025, 3, 1)


def _series(before: float, after: float, days_before: int = 14, days_after: int = 56,
            seed: int = 0, skip: frozenset[int] = frozenset()) -> dict[date, float]:
    rng = np.random.default_rng(seed)
    out = {}
    for i in range(-days_before, days_after):
        if i in skip:
            continue
        level = before if i < 0 else after
        out[START + timedelta(days=i)] = float(np.clip(round(level + rng.normal(0, 0.7)), 0, 10))
    return out


PERIODS = (DosePeriod(START, START + timedelta(days=13), Decimal("1.5")),
           DosePeriod(START + timedelta(days=14), None, Decimal("4.5"), "maintenance 4.5 mg"))


def test_it_calls_a_large_fall_in_pain_an_improvement():
    report = analyse_patient({"pain": _series(7, 4)}, PERIODS)
    latest = report.measure("pain").latest_evaluable()
    assert latest.verdict is Verdict.IMPROVED
    assert latest.low < latest.change < latest.high < 0
    assert latest.meaningful


def test_it_calls_a_rise_in_mood_an_improvement_because_higher_is_better():
    report = analyse_patient({"mood": _series(3, 6)}, PERIODS)
    assert report.measure("mood").latest_evaluable().verdict is Verdict.IMPROVED


def test_it_says_no_clear_change_when_nothing_changed_and_names_natural_fluctuation():
    report = analyse_patient({"pain": _series(5, 5, seed=3)}, PERIODS)
    assert report.measure("pain").latest_evaluable().verdict is Verdict.NO_CLEAR_CHANGE
    assert "natural_fluctuation" in {c.code for c in report.caveats}


def test_it_refuses_to_judge_with_too_little_baseline():
    report = analyse_patient({"pain": _series(7, 4, days_before=3)}, PERIODS)
    assert all(c.verdict is Verdict.NOT_ENOUGH_DATA for c in report.measure("pain").changes)
    assert "too_little_data" in {c.code for c in report.caveats}


def test_it_reports_a_gap_in_the_record():
    report = analyse_patient({"pain": _series(7, 4, skip=frozenset(range(20, 32)))}, PERIODS)
    assert any(c.code == "gap" and c.period == "maintenance 4.5 mg" for c in report.caveats)


def test_it_names_another_medicine_changing_during_treatment():
    report = analyse_patient({"pain": _series(7, 4)}, PERIODS,
                             medication_changes=[START + timedelta(days=20)])
    caveat = next(c for c in report.caveats if c.code == "medication_change")
    assert "maintenance 4.5 mg" in caveat.period
    assert any("Another medicine changed" in s for s in report.sentences)


def test_every_report_says_it_is_not_placebo_controlled():
    report = analyse_patient({"pain": _series(7, 4)}, PERIODS)
    assert report.caveats[0].code == "uncontrolled"


def test_it_finds_the_time_to_a_sustained_change():
    report = analyse_patient({"pain": _series(7, 3)}, PERIODS)
    days = report.measure("pain").days_to_sustained_change
    assert days is not None and 0 <= days <= 10


def test_it_finds_no_sustained_change_when_there_is_none():
    report = analyse_patient({"pain": _series(5, 5, seed=3)}, PERIODS)
    assert report.measure("pain").days_to_sustained_change is None


def test_the_dose_response_view_has_one_point_per_dose():
    report = analyse_patient({"pain": _series(7, 4)}, PERIODS)
    doses = [d for d, _, _ in report.measure("pain").dose_response.points]
    assert doses == [Decimal("1.5"), Decimal("4.5")]


def test_the_patient_sentence_states_the_fall_and_a_positive_range():
    report = analyse_patient({"pain": _series(7, 4)}, PERIODS)
    sentence = report.sentences[0]
    assert "fell by" in sentence and "likely range" in sentence and "range -" not in sentence


def test_it_round_trips_through_json():
    report = analyse_patient({"pain": _series(7, 4), "mood": _series(4, 5)}, PERIODS,
                             medication_changes=[START + timedelta(days=30)])
    data = json.loads(json.dumps(report.as_dict()))
    reloaded = NOf1Report.from_dict(data)
    assert reloaded.as_dict() == data
    assert reloaded.sentences == report.sentences
    assert reloaded.measure("pain").latest_evaluable().verdict is Verdict.IMPROVED


def test_it_is_deterministic():
    one = analyse_patient({"pain": _series(7, 4)}, PERIODS)
    assert analyse_patient({"pain": _series(7, 4)}, PERIODS) == one


def test_it_rejects_overlapping_dose_periods():
    periods = (DosePeriod(START, None, Decimal("1.5")),
               DosePeriod(START + timedelta(days=14), None, Decimal("4.5")))
    with pytest.raises(OutcomesError, match="overlap"):
        analyse_patient({"pain": _series(7, 4)}, periods)


def test_it_rejects_a_float_dose():
    with pytest.raises(OutcomesError, match="Decimal"):
        DosePeriod(START, None, 4.5)  # type: ignore[arg-type]


def test_it_rejects_an_unknown_direction():
    with pytest.raises(OutcomesError, match="'lower' or 'higher'"):
        AnalysisSettings(directions={"pain": "down"})


def test_it_rejects_an_empty_journal():
    with pytest.raises(OutcomesError, match="no measures"):
        analyse_patient({}, PERIODS)
