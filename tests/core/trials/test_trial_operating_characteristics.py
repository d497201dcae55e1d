"""Simulated trials (seeded): with no effect the analysis rarely claims one, and
with a true 2-point effect it usually finds it — 3 pairs of 14-day periods,
3-day run-ins, day-to-day AR(1) noise and 20% of days missing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldncare.trials import design_trial
from ldncare.trials.simulation import Scenario, operating_characteristics

DESIGN = design_trial(Decimal("4.5"), Decimal("0"), pairs=3, period_days=14, run_in_days=3,
                      start=date(2027, 1, 4), seed=7)
TRIALS = 400


def test_with_no_effect_at_most_5_percent_of_trials_say_the_active_arm_is_better():
    rates = operating_characteristics(DESIGN.periods, Scenario(0.0, phi=0.6, sd=1.2),
                                      trials=TRIALS, seed=1)
    assert rates["active better"] <= 0.05


def test_a_true_2_point_benefit_is_found_in_at_least_80_percent_of_trials():
    rates = operating_characteristics(DESIGN.periods, Scenario(-2.0, phi=0.6, sd=1.2),
                                      trials=TRIALS, seed=2)
    assert rates["active better"] >= 0.80
    assert rates["comparator better"] == 0.0
