"""The patient label of a batch states the first dose of the fill that the
batch can give (capsules: a whole number of them; a liquid: any dose), at
that step's time of day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.dosing import (
    DosingError,
    LabelDose,
    build_plan,
    custom_protocol,
    label_dose,
    pause,
    switch_to_morning,
)
from ldncare.units import Dose

START = date(2026, 1, 1)
# 1.5, 3, 4.5 mg, each for 14 days, then 4.5 mg on.
PLAN = build_plan(custom_protocol(Dose("1.5"), Dose("1.5"), 14, Dose("4.5")), START)
FIRST_FILL = (START, START + timedelta(days=27))


def test_a_capsule_label_states_the_first_step_of_the_fill():
    assert label_dose(PLAN, FIRST_FILL, "1.5", liquid=False) == LabelDose(Decimal("1.5"), "at bedtime")


def test_a_capsule_that_cannot_make_the_first_dose_waits_for_a_step_it_can():
    assert label_dose(PLAN, FIRST_FILL, Decimal("3"), liquid=False).dose == Decimal("3")


def test_a_liquid_label_states_the_first_step_whatever_the_concentration():
    assert label_dose(PLAN, FIRST_FILL, "1", liquid=True).dose == Decimal("1.5")


def test_a_fill_that_starts_later_skips_the_steps_before_it():
    refill = (START + timedelta(days=28), START + timedelta(days=55))
    assert label_dose(PLAN, refill, "1.5", liquid=False).dose == Decimal("4.5")


def test_a_morning_step_says_in_the_morning():
    morning = switch_to_morning(PLAN, START, actor="dr", reason="vivid dreams")
    assert label_dose(morning, FIRST_FILL, "1.5", liquid=False).when == "in the morning"


def test_a_pause_step_is_never_the_label_dose():
    paused = pause(PLAN, START + timedelta(days=3), actor="dr", reason="surgery")
    after_the_pause_began = (START + timedelta(days=5), START + timedelta(days=32))
    said = label_dose(paused, after_the_pause_began, "1.5", liquid=False)
    assert said.dose == Decimal("1.5") and said.when == "as your titration schedule says"


def test_no_step_that_fits_says_as_the_schedule_says():
    said = label_dose(PLAN, FIRST_FILL, "2", liquid=False)
    assert said == LabelDose(Decimal("2"), "as your titration schedule says")


def test_without_a_plan_or_fill_the_label_says_as_directed():
    assert label_dose(None, None, "1.500", liquid=False) == LabelDose(Decimal("1.5"),
                                                                     "as directed by your prescriber")
    assert label_dose(PLAN, None, "1.5", liquid=False).when == "as directed by your prescriber"


def test_a_zero_strength_is_refused():
    with pytest.raises(DosingError):
        label_dose(PLAN, FIRST_FILL, "0", liquid=False)


@given(st.integers(1, 60), st.sampled_from(["0.5", "0.75", "1", "1.5", "3"]), st.booleans())
def test_the_label_dose_is_a_dose_of_the_fill_the_batch_can_give(offset, strength, liquid):
    covers = (START + timedelta(days=offset), START + timedelta(days=offset + 27))
    said = label_dose(PLAN, covers, strength, liquid=liquid)
    doses = {s.dose.mg for s in PLAN.steps
             if s.start <= covers[1] and (s.end is None or s.end >= covers[0])}
    if said.when.startswith(("at ", "in ")):
        assert said.dose in doses and (liquid or said.dose % Decimal(strength) == 0)
    else:
        assert said.dose == Decimal(strength)
