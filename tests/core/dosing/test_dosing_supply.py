from datetime import date
from decimal import Decimal

import pytest

from ldncare.dosing import (
    Capsules,
    OralLiquid,
    SupplyError,
    build_plan,
    capsules_for_dose,
    load_library,
    stop,
    supply_for,
)
from ldncare.units import Dose

START = date(2026, 1, 1)


@pytest.fixture
def plan():
    return build_plan(load_library().get("standard"), START)


def test_capsules_first_fill_and_refills_with_dates(plan):
    supply = supply_for(plan, Capsules((Dose("1.5"),)), days_per_fill=30, refills=2)
    first, *refills = supply.fills
    assert first.capsules == ((Dose("1.5"), 48),) and first.total_mg == Decimal("72")
    assert supply.refill_dates == (date(2026, 1, 31), date(2026, 3, 2))
    assert refills[0].capsules == ((Dose("1.5"), 90),)


def test_a_liquid_fill_is_a_volume(plan):
    supply = supply_for(plan, OralLiquid(Decimal("1")), days_per_fill=30, refills=0)
    assert supply.fills[0].volume_ml == Decimal("72")


def test_the_fewest_capsules_make_each_dose():
    form = Capsules((Dose("0.5"), Dose("1.5")))
    assert capsules_for_dose(Dose("4.5"), form) == {Dose("1.5"): 3}
    assert capsules_for_dose(Dose("2"), form) == {Dose("1.5"): 1, Dose("0.5"): 1}


def test_a_dose_that_no_strength_makes_is_refused_with_a_hint():
    with pytest.raises(SupplyError, match="add a strength"):
        capsules_for_dose(Dose("1"), Capsules((Dose("1.5"),)))


def test_a_volume_that_cannot_be_measured_is_refused(plan):
    with pytest.raises(SupplyError, match="cannot be measured"):
        supply_for(plan, OralLiquid(Decimal("7")), days_per_fill=30, refills=0)


def test_fills_stop_when_the_plan_stops(plan):
    stopped = stop(plan, date(2026, 2, 10), "dr", "no benefit")
    supply = supply_for(stopped, OralLiquid(Decimal("1")), days_per_fill=30, refills=5)
    assert len(supply.fills) == 2 and supply.fills[-1].dosing_days == 10


def test_a_float_concentration_is_refused():
    with pytest.raises(SupplyError, match="Decimal"):
        OralLiquid(1.0)  # type: ignore[arg-type]


def test_supply_round_trips_to_json_ready_dict(plan):
    data = supply_for(plan, Capsules((Dose("1.5"),)), days_per_fill=28, refills=1).as_dict()
    assert data["fills"][1]["needed_by"] == "2026-01-29" and data["fills"][0]["total_mg"] == "63"
