"""A weak fuzzy guess (below the clinic's high-confidence threshold) never
contraindicates by itself: it goes to a prescriber as "might be ..."."""

from __future__ import annotations

from datetime import date

import pytest

from ldncare.screening import ScreeningInput, ScreeningSettings, match_medication, screen

TODAY = date(2025, 6, 1)


def _result(text: str, settings: ScreeningSettings | None = None):
    return screen(ScreeningInput(medications=(text,)), settings, TODAY)


@pytest.mark.parametrize("text", ["metolar xr", "betaloc astra", "tylenol with codiene"])
def test_a_weak_guess_at_an_opioid_needs_review_and_says_what_it_might_be(text):
    result = _result(text)
    assert result.verdict == "needs_review"
    finding = next(f for f in result.findings if f.code == "unrecognised-medication")
    assert "might be" in finding.message and "an opioid" in finding.message
    assert result.may_involve_opioid and not result.has_opioid_finding


def test_a_close_misspelling_of_an_opioid_is_still_contraindicated():
    assert _result("oxycodne 5mg").verdict == "contraindicated"


def test_the_clinic_threshold_decides_what_counts_as_close():
    strict = ScreeningSettings(high_confidence=0.99)
    assert _result("oxycodne 5mg", strict).verdict == "needs_review"


@pytest.mark.parametrize("text", ["domperidone monohydrochloride", "doxycycline monohydrate",
                                  "lisinopril anhydrous", "atorvastatin calcium"])
def test_salt_and_hydrate_words_are_not_misread_as_opioids(text):
    assert _result(text).verdict == "ok"


def test_a_supplement_shows_the_name_it_was_matched_by():
    assert match_medication("calcium").products[0].name == "calcium"
