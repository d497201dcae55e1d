"""A clinic cannot set a safety interval below its sourced floor: an opioid-free
interval of 0 days is refused beside the field and nothing is saved."""

from __future__ import annotations

import pytest

from ldncare.web.accounts.clinic_settings import (
    ClinicSettingsError,
    screening_settings_for,
    update_clinic_settings,
)


@pytest.mark.parametrize("setting, value", [
    ("opioid_washout_days", 0), ("opioid_washout_days_long_acting", 3),
    ("surgery_hold_days", 500)])
def test_an_interval_outside_its_floor_or_ceiling_is_refused_and_nothing_saved(
        world, setting, value):
    with pytest.raises(ClinicSettingsError) as refused:
        update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                               screening={setting: value})
    assert setting in refused.value.errors
    assert screening_settings_for(world.clinic).opioid_washout_days == 10
