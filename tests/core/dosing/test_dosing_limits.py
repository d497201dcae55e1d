from datetime import date

import pytest

from ldncare.dosing import (
    CeilingExceeded,
    DosingLimits,
    HardMaximumExceeded,
    ProtocolError,
    build_plan,
    custom_protocol,
)
from ldncare.units import Dose

START = date(2026, 1, 1)


def ladder(target: str):
    return custom_protocol(Dose("1.5"), Dose("1.5"), 14, Dose(target))


def test_the_default_limits_are_four_and_a_half_and_ten_mg_each_with_a_source():
    limits = DosingLimits()
    assert limits.clinic_ceiling == Dose("4.5") and limits.hard_maximum == Dose("10")
    assert "LDN-Information-Pack" in limits.clinic_ceiling_source
    assert "favoritenp.com" in limits.hard_maximum_source


def test_it_rejects_a_target_above_the_ceiling_without_a_reason():
    with pytest.raises(CeilingExceeded, match="clinic ceiling of 4.5 mg"):
        build_plan(ladder("6"), START)


def test_a_blank_override_reason_does_not_count():
    with pytest.raises(CeilingExceeded):
        build_plan(ladder("6"), START, override_reason="   ")


def test_a_recorded_reason_passes_the_ceiling():
    plan = build_plan(ladder("6"), START, override_reason="FINAL trial titrated to 6 mg")
    assert plan.target == Dose("6") and plan.override_reason


def test_it_rejects_a_target_above_the_hard_maximum_even_with_a_reason():
    with pytest.raises(HardMaximumExceeded, match="hard maximum of 10 mg"):
        build_plan(ladder("10.5"), START, override_reason="patient asked")


def test_the_hard_maximum_itself_is_allowed_with_a_reason():
    assert build_plan(ladder("10"), START, override_reason="case series").target == Dose("10")


def test_a_clinic_may_lower_its_ceiling():
    limits = DosingLimits(clinic_ceiling=Dose("3"))
    with pytest.raises(CeilingExceeded, match="3 mg"):
        build_plan(ladder("4.5"), START, limits=limits)


def test_a_ceiling_above_the_hard_maximum_is_refused():
    with pytest.raises(ProtocolError, match="cannot be above"):
        DosingLimits(clinic_ceiling=Dose("12"))
