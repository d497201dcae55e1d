"""The analysis of a finished trial: the difference between arms with its
interval, probabilities, a verdict and a plain sentence; clear errors for data
that cannot answer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from ldncare.trials import TrialError, analyse_trial, design_trial
from ldncare.trials.simulation import Scenario, simulate_outcomes

DESIGN = design_trial(Decimal("4.5"), Decimal("0"), pairs=3, period_days=14, run_in_days=3,
                      start=date(2027, 1, 4), seed=7)


def _analyse(outcomes, **options):  # type: ignore[no-untyped-def]
    settings = {"primary": "pain", "direction": "lower", "meaningful": 1.0} | options
    return analyse_trial(DESIGN.periods, outcomes, **settings)


def test_a_clear_benefit_reads_active_better_with_its_size():
    outcomes = simulate_outcomes(DESIGN.periods, Scenario(-3.0, sd=1.0), np.random.default_rng(3))
    result = _analyse(outcomes)
    assert result.verdict == "active better"
    assert -4.0 < result.estimate < -2.0
    assert result.high < 0 and result.probability_better > 0.99
    assert "lower than on the comparison" in result.sentence


def test_the_same_data_always_give_the_same_answer():
    outcomes = simulate_outcomes(DESIGN.periods, Scenario(-1.0), np.random.default_rng(4))
    assert _analyse(outcomes).as_dict() == _analyse(outcomes).as_dict()


def test_run_in_days_and_days_outside_the_trial_are_discarded_not_analysed():
    outcomes = {p.start + timedelta(days=i): 5.0 + (i % 3) for p in DESIGN.periods
                for i in range(14)}
    outcomes[DESIGN.periods[0].start - timedelta(days=1)] = 9.0
    result = _analyse(outcomes)
    assert result.days_discarded == 6 * 3 + 1
    assert result.days_used == 6 * 11


def test_higher_is_better_flips_the_meaning_of_the_same_difference():
    outcomes = simulate_outcomes(DESIGN.periods, Scenario(2.5, sd=1.0), np.random.default_rng(5))
    assert _analyse(outcomes, direction="higher").verdict == "active better"
    assert _analyse(outcomes, direction="lower").verdict == "comparator better"


def test_no_effect_is_said_as_no_clear_difference_without_crediting_the_treatment():
    outcomes = simulate_outcomes(DESIGN.periods, Scenario(0.0), np.random.default_rng(11))
    result = _analyse(outcomes)
    assert result.verdict == "no clear difference"
    assert "does not show a clear difference" in result.sentence


def test_a_journal_with_only_one_arm_cannot_be_analysed():
    comparator_days = {p.analysed_from + timedelta(days=i): 5.0 for p in DESIGN.periods
                       if p.arm == "comparator" for i in range(5)}
    with pytest.raises(TrialError, match="both arms"):
        _analyse(comparator_days)


@pytest.mark.parametrize("options, message", [
    ({"direction": "sideways"}, "direction"), ({"meaningful": -1.0}, "meaningful")])
def test_bad_settings_are_refused(options, message):
    with pytest.raises(TrialError, match=message):
        _analyse({date(2027, 1, 10): 5.0}, **options)
