"""Planned surgery: caution before the hold, contraindicated inside it, restart advice after."""

from __future__ import annotations

from datetime import date

from ldncare.screening import ScreeningInput, ScreeningSettings, screen

SURGERY = date(2025, 5, 20)


def _finding(today, settings=None):
    result = screen(ScreeningInput(planned_surgery=SURGERY), settings, today)
    return result.verdict, result.findings[0]


def test_before_the_hold_it_is_a_caution_with_the_date_to_stop():
    verdict, finding = _finding(date(2025, 5, 16))
    assert verdict == "caution"
    assert finding.code == "surgery" and finding.knowledge_code == "surgery"
    assert finding.starts == date(2025, 5, 17)
    assert finding.until == SURGERY
    assert "2025-05-17" in finding.message


def test_on_the_first_day_of_the_hold_it_is_contraindicated():
    verdict, finding = _finding(date(2025, 5, 17))
    assert verdict == "contraindicated" and finding.code == "surgery-hold"


def test_on_the_day_of_surgery_it_is_still_contraindicated():
    assert _finding(SURGERY)[0] == "contraindicated"


def test_the_day_after_surgery_asks_to_restart_only_off_opioids():
    verdict, finding = _finding(date(2025, 5, 21))
    assert verdict == "caution" and finding.code == "surgery-recent"
    assert "off opioids" in finding.message


def test_the_clinic_can_choose_a_48_hour_hold():
    settings = ScreeningSettings(surgery_hold_days=2)
    assert _finding(date(2025, 5, 17), settings)[0] == "caution"
    assert _finding(date(2025, 5, 18), settings)[0] == "contraindicated"
