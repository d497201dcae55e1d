"""Naltrexone at any strength above the LDN range is not LDN."""

from __future__ import annotations

from datetime import date

import pytest

from ldncare.screening import ScreeningInput, screen

TODAY = date(2025, 6, 1)


def _codes(text: str) -> tuple[str, list[str]]:
    result = screen(ScreeningInput(medications=(text,)), None, TODAY)
    return result.verdict, [f.code for f in result.findings]


@pytest.mark.parametrize("text", ["naltrexone 12.5mg", "naltrexone 25 mg", "naltrexone 6 mg",
                                  "naltrexone 50mg", "LDN 12.5 mg", "low dose naltrexone 25mg"])
def test_naltrexone_above_the_ldn_range_is_contraindicated_as_naltrexone(text):
    verdict, codes = _codes(text)
    assert verdict == "contraindicated"
    assert codes == ["full-dose-naltrexone"]


@pytest.mark.parametrize("text", ["naltrexone 4.5mg", "naltrexone 1.5 mg", "LDN 3mg", "LDN"])
def test_naltrexone_in_the_ldn_range_is_the_ldn_duplicate_check(text):
    verdict, codes = _codes(text)
    assert verdict == "ok"
    assert codes == ["low-dose-naltrexone"]


def test_the_finding_says_why_in_words():
    result = screen(ScreeningInput(medications=("naltrexone 25 mg",)), None, TODAY)
    assert "above the LDN range" in result.findings[0].message
