"""Pregnancy, breastfeeding, liver, thyroid, immunosuppressants, allergies, alcohol."""

from __future__ import annotations

from datetime import date

import pytest

from ldncare.screening import ScreeningInput, ScreeningSettings, screen

TODAY = date(2025, 6, 1)


def _only(inputs, settings=None):
    result = screen(inputs, settings, TODAY)
    assert len(result.findings) == 1, result.findings
    return result.verdict, result.findings[0]


@pytest.mark.parametrize("flag, code", [("pregnant", "pregnancy"),
                                        ("breastfeeding", "breastfeeding")])
def test_pregnancy_and_breastfeeding_are_cautions(flag, code):
    verdict, finding = _only(ScreeningInput(**{flag: True}))
    assert verdict == "caution" and finding.code == code == finding.knowledge_code


@pytest.mark.parametrize("liver", ["severe", "acute-hepatitis"])
def test_severe_liver_disease_is_contraindicated_by_default(liver):
    verdict, finding = _only(ScreeningInput(liver=liver))
    assert verdict == "contraindicated" and finding.knowledge_code == "liver-severe"


def test_the_clinic_can_make_severe_liver_disease_a_caution():
    settings = ScreeningSettings(severe_liver_disease_severity="caution")
    assert _only(ScreeningInput(liver="severe"), settings)[0] == "caution"


@pytest.mark.parametrize("liver", ["mild", "moderate"])
def test_mild_or_moderate_liver_disease_is_a_caution(liver):
    verdict, finding = _only(ScreeningInput(liver=liver))
    assert verdict == "caution" and finding.code == "liver-impairment"


def test_thyroid_hormone_asks_for_thyroid_tests():
    verdict, finding = _only(ScreeningInput(medications=("levothyroxine 100 mcg",)))
    assert verdict == "caution" and finding.code == "thyroid-replacement"
    assert "4-6 weeks" in " ".join([finding.message, screen(
        ScreeningInput(thyroid_treatment=True), None, TODAY).findings[0].message])


def test_an_immunosuppressant_is_a_caution_marked_unverified():
    verdict, finding = _only(ScreeningInput(medications=("Prograf 1mg",)))
    assert verdict == "caution" and finding.code == "immunosuppressant" and finding.unverified


def test_naltrexone_hypersensitivity_is_contraindicated_and_naloxone_a_caution():
    assert _only(ScreeningInput(naltrexone_allergy=True))[0] == "contraindicated"
    assert _only(ScreeningInput(naloxone_or_nalmefene_allergy=True))[0] == "caution"


def test_alcohol_is_information_only():
    verdict, finding = _only(ScreeningInput(drinks_alcohol=True))
    assert verdict == "ok" and finding.severity == "info"


def test_an_empty_intake_with_nothing_to_report_is_ok():
    assert screen(ScreeningInput(), None, TODAY).verdict == "ok"
