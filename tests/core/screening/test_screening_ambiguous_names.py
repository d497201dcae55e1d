"""Ambiguous short names (T3, MS, MSIR, bup, oxy) go to a prescriber with every reading shown."""

from __future__ import annotations

from datetime import date

import pytest

from ldncare.screening import ScreeningInput, screen

TODAY = date(2025, 6, 1)


def _result(text: str):
    return screen(ScreeningInput(medications=(text,)), None, TODAY)


@pytest.mark.parametrize("text", ["T3", "t3", "MS", "MSIR", "MSO4", "bup", "oxy", "hydro", "HC"])
def test_an_ambiguous_short_name_needs_review(text):
    assert _result(text).verdict == "needs_review"


def test_t3_shows_both_tylenol_3_with_codeine_and_liothyronine():
    finding = next(f for f in _result("T3").findings if f.code == "ambiguous-medication")
    assert "codeine" in finding.message and "liothyronine" in finding.message
    assert "an opioid" in finding.message and "thyroid hormone" in finding.message
    assert set(finding.ingredients) == {"codeine", "paracetamol", "liothyronine"}
    assert finding.applies_to == "T3"


def test_ms_shows_morphine_magnesium_and_the_condition():
    finding = next(f for f in _result("MS").findings if f.code == "ambiguous-medication")
    assert "morphine" in finding.message
    assert "magnesium sulfate" in finding.message
    assert "multiple sclerosis" in finding.message


def test_the_longer_unambiguous_name_still_wins():
    assert _result("MS Contin 30mg").verdict == "contraindicated"
    assert _result("T3 with codeine").verdict == "contraindicated"
    assert _result("liothyronine 5 mcg").verdict == "caution"


def test_an_ambiguous_result_may_involve_an_opioid_but_has_no_opioid_finding():
    result = _result("T3")
    assert result.may_involve_opioid
    assert not result.has_opioid_finding


def test_ms_after_for_is_the_condition_ldn_is_taken_for():
    result = _result("LDN 4.5mg for MS")
    assert result.verdict == "ok"
    assert [f.code for f in result.findings] == ["low-dose-naltrexone"]
    assert _result("MS 15mg for pain").verdict == "needs_review"
