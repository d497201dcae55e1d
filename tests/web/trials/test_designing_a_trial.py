"""A prescriber designs a blinded trial: the randomised order is stored with
its seed and reproduces; bad choices are refused beside the field."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def test_the_stored_schedule_is_the_core_design_drawn_from_the_stored_seed(world):
    from ldncare.trials import design_trial

    trial = trials_world.make_trial(world, seed=42)
    again = design_trial(Decimal("4.5"), Decimal("0"), pairs=3, period_days=14, run_in_days=3,
                         start=trial.start, seed=42)
    assert trial.schedule == again.as_dict()
    assert [p.arm for p in trial.periods.all()] == [p.arm for p in again.periods]
    assert trial.periods.count() == 6


def test_each_pair_holds_one_period_on_each_arm_and_codes_say_nothing_of_the_content(world):
    trial = trials_world.make_trial(world)
    periods = list(trial.periods.all())
    for pair in (1, 2, 3):
        assert sorted(p.arm for p in periods if p.pair == pair) == ["active", "comparator"]
    for period in periods:
        assert "4.5" not in period.code and "placebo" not in period.code.lower()
    assert len({p.code for p in periods}) == 6


def test_a_patient_without_an_active_prescription_cannot_start_a_trial(world):
    from ldncare.web.trials.services import TrialFormError, design_trial_for

    with pytest.raises(TrialFormError, match="no active LDN prescription"):
        design_trial_for(world.patient, by=world.users["prescriber"],
                         choices=trials_world.choices())


def test_a_run_in_that_leaves_too_few_analysed_days_is_refused_beside_the_run_in(world):
    from ldncare.web.trials.services import TrialFormError

    with pytest.raises(TrialFormError) as raised:
        trials_world.make_trial(world, period_days=5, run_in_days=3)
    assert raised.value.field == "run_in_days"


def test_the_direction_follows_the_rating_pain_is_better_lower(world):
    trial = trials_world.make_trial(world)
    assert trial.direction == "lower"
