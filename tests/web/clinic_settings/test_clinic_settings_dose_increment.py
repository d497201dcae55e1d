"""A clinic chooses its smallest dose increment: a clinic that doses in tenths
of a milligram may prescribe 0.1 mg steps; everyone else keeps the sourced
0.25 mg; nonsense is refused beside the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ldncare.dosing import custom_protocol
from ldncare.units import Dose
from ldncare.web.accounts.clinic_settings import (
    ClinicSettingsError,
    dosing_limits_for,
    setting_rows,
    update_clinic_settings,
)
from ldncare.web.care.prescribing_services import PrescribingError
from web.prescribing.prescribing_setup import liquid, prescribe

TENTHS = custom_protocol(Dose("0.1"), Dose("0.1"), 7, Dose("0.5"))


def test_a_clinic_that_doses_in_tenths_may_prescribe_a_tenth_of_a_milligram_ladder(world):
    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                           smallest_increment_mg=Decimal("0.1"))
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                             protocol=TENTHS, dosage_form=liquid("1"))
    assert prescription.current_plan().titration_plan().steps[0].dose == Dose("0.1")
    assert "The clinic's own setting" in dosing_limits_for(world.clinic).smallest_increment_source


def test_without_the_setting_the_same_ladder_is_refused_with_the_nearest_plan(world):
    with pytest.raises(PrescribingError, match="smallest dose increment of 0.25 mg"):
        prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                  protocol=TENTHS, dosage_form=liquid("1"))
    assert not world.patient.prescriptions.exists()


def test_the_settings_page_shows_the_increment_with_its_sourced_default(world):
    row = next(r for r in setting_rows(world.clinic) if r.name == "smallest_increment_mg")
    assert (row.current, row.default) == (Decimal("0.25"), Decimal("0.25"))
    assert "Bruun-Plesner" in row.source


@pytest.mark.parametrize("bad", [Decimal("0"), Decimal("2"), Decimal("0.0001")])
def test_an_increment_that_is_not_a_sensible_dose_step_is_refused(world, bad):
    with pytest.raises(ClinicSettingsError) as refused:
        update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                               smallest_increment_mg=bad)
    assert "smallest_increment_mg" in refused.value.errors
    assert dosing_limits_for(world.clinic).smallest_increment == Dose("0.25")
