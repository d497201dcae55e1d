"""Clinic settings: sourced defaults, visible, and refused when they cannot be right."""

from __future__ import annotations

import pytest

from ldncare.screening import ScreeningSettings, ScreeningSettingsError, describe_defaults


def test_every_default_is_described_with_its_source():
    rows = {row["setting"]: row for row in describe_defaults()}
    assert rows["opioid_washout_days"]["default"] == 10
    assert rows["surgery_hold_days"]["default"] == 3
    assert all(row["source"] and row["alternatives"] for row in rows.values())


def test_it_rejects_a_surgery_hold_shorter_than_48_hours():
    with pytest.raises(ScreeningSettingsError, match="at least 2"):
        ScreeningSettings(surgery_hold_days=1)


def test_it_rejects_a_negative_or_fractional_interval():
    with pytest.raises(ScreeningSettingsError, match="whole number"):
        ScreeningSettings(opioid_washout_days=-1)
    with pytest.raises(ScreeningSettingsError, match="whole number"):
        ScreeningSettings(opioid_washout_days=7.5)


def test_it_rejects_a_long_acting_interval_shorter_than_the_short_one():
    with pytest.raises(ScreeningSettingsError, match="cannot be shorter"):
        ScreeningSettings(opioid_washout_days=14, opioid_washout_days_long_acting=10)


def test_it_rejects_an_unknown_liver_severity_and_a_bad_confidence():
    with pytest.raises(ScreeningSettingsError):
        ScreeningSettings(severe_liver_disease_severity="ok")
    with pytest.raises(ScreeningSettingsError):
        ScreeningSettings(high_confidence=0)


@pytest.mark.parametrize("setting, value, message", [
    ("opioid_washout_days", 0, "at least 7 days"),
    ("opioid_washout_days", 6, "at least 7 days"),
    ("opioid_washout_days_long_acting", 9, "at least 10 days"),
    ("surgery_hold_days", 91, "at most 90 days"),
    ("opioid_washout_days_long_acting", 365, "at most 90 days"),
])
def test_a_safety_interval_outside_its_sourced_floor_or_the_ceiling_is_refused(
        setting, value, message):
    with pytest.raises(ScreeningSettingsError, match=message):
        ScreeningSettings(**{setting: value})
