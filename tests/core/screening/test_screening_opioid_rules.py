"""Opioid rules: current use, use disorder treatment, peripheral opioids, antagonists."""

from __future__ import annotations

from datetime import date

from ldncare.screening import ScreeningInput, screen

TODAY = date(2025, 6, 1)


def _codes(**kwargs):
    result = screen(ScreeningInput(**kwargs), None, TODAY)
    return result, {f.code: f for f in result.findings}


def test_a_current_opioid_is_contraindicated_and_names_the_ingredient():
    result, findings = _codes(medications=("Percocet 10/325",))
    assert result.verdict == "contraindicated"
    finding = findings["opioid-use"]
    assert finding.knowledge_code == "opioid-use"
    assert finding.ingredients == ("oxycodone",)
    assert finding.applies_to == "Percocet 10/325"
    assert finding.references


def test_saying_yes_to_current_opioids_is_contraindicated_even_without_a_name():
    result, findings = _codes(currently_taking_opioids=True)
    assert result.verdict == "contraindicated"
    assert findings["opioid-use"].applies_to == "currently_taking_opioids"


def test_methadone_and_buprenorphine_treatment_is_its_own_finding():
    _, findings = _codes(medications=("Suboxone film",))
    assert {"opioid-use", "opioid-use-disorder-treatment"} <= set(findings)
    _, findings = _codes(opioid_use_disorder_treatment=True)
    assert findings["opioid-use-disorder-treatment"].severity == "contraindicated"


def test_kratom_is_treated_as_an_opioid():
    result, _ = _codes(medications=("kratom",))
    assert result.verdict == "contraindicated"


def test_loperamide_is_a_caution_marked_unverified():
    result, findings = _codes(medications=("Imodium",))
    assert result.verdict == "caution"
    assert findings["peripheral-opioid"].unverified


def test_naloxone_alone_is_a_caution_but_inside_suboxone_the_opioid_decides():
    result, findings = _codes(medications=("Narcan",))
    assert result.verdict == "caution" and "opioid-antagonist" in findings
    _, findings = _codes(medications=("Suboxone",))
    assert "opioid-antagonist" not in findings


def test_full_dose_naltrexone_is_a_duplicate_and_ldn_itself_is_info():
    result, findings = _codes(medications=("Vivitrol",))
    assert result.verdict == "contraindicated"
    assert findings["full-dose-naltrexone"].knowledge_code == "full-dose-naltrexone"
    result, findings = _codes(medications=("LDN 4.5 mg",))
    assert result.verdict == "ok" and findings["low-dose-naltrexone"].severity == "info"
