"""The opioid-free interval: the date it ends, and behaviour on each side of it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ldncare.screening import ScreeningInput, ScreeningInputError, ScreeningSettings, screen

LAST_DOSE = date(2025, 3, 1)


def _result(today, long_acting=False, settings=None):
    inputs = ScreeningInput(last_opioid_dose=LAST_DOSE, last_opioid_long_acting=long_acting)
    return screen(inputs, settings, today)


def test_the_day_before_the_interval_ends_is_contraindicated_with_the_end_date():
    result = _result(LAST_DOSE + timedelta(days=9))
    finding = result.findings[0]
    assert result.verdict == "contraindicated"
    assert finding.code == "opioid-washout"
    assert finding.until == date(2025, 3, 11)


def test_on_the_day_the_interval_ends_the_patient_may_start():
    result = _result(date(2025, 3, 11))
    assert result.verdict == "ok"
    assert result.findings[0].code == "opioid-washout-complete"
    assert result.findings[0].severity == "info"


def test_the_day_of_the_last_dose_is_inside_the_interval():
    assert _result(LAST_DOSE).verdict == "contraindicated"


def test_a_long_acting_opioid_uses_the_longer_interval():
    assert _result(date(2025, 3, 14), long_acting=True).verdict == "contraindicated"
    assert _result(date(2025, 3, 15), long_acting=True).verdict == "ok"


def test_the_clinic_can_choose_its_own_interval():
    settings = ScreeningSettings(opioid_washout_days=7)
    assert _result(date(2025, 3, 7), settings=settings).verdict == "contraindicated"
    assert _result(date(2025, 3, 8), settings=settings).verdict == "ok"


def test_a_last_dose_after_today_is_refused():
    with pytest.raises(ScreeningInputError, match="after today") as problem:
        _result(LAST_DOSE - timedelta(days=1))
    assert problem.value.field == "last_opioid_dose"
