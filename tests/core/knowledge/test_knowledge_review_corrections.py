"""The corrections from the knowledge review: ED95 wording, code systems, liver severity,
thyroid sources and the USP cream claim, each as a reader would see it."""

from __future__ import annotations

from dataclasses import replace

from ldncare.knowledge import check, load_knowledge
from ldncare.knowledge.models import CodeSystem, Severity
from ldncare.screening.settings import ScreeningSettings

KB = load_knowledge()


def fact(fact_id: str) -> str:
    return next(f.text for f in KB.drug.facts if f.id == fact_id)


def test_the_ed95_is_described_as_a_dose_effective_in_95_percent_of_participants_not_95_percent_of_the_effect():
    text = fact("doses-above-4-5")
    assert "95% of participants" in text and "ED95" in text
    assert "95% of the effect" not in text
    dose_finding = KB.study("bruun-plesner-2020")
    assert dose_finding.pmid == "32068870" and "up-and-down" in dose_finding.design


def test_crps_code_g90_5_is_labelled_icd_10_cm_and_the_who_code_is_shown_beside_it():
    codes = {(c.system, c.code) for c in KB.condition("crps").codes}
    assert (CodeSystem.ICD10CM, "G90.5") in codes
    assert (CodeSystem.ICD10, "M89.0") in codes
    assert (CodeSystem.ICD10, "G90.5") not in codes


def test_every_diagnosis_code_names_its_system():
    for condition in KB.conditions:
        for code in condition.codes:
            assert code.system in (CodeSystem.ICD10, CodeSystem.ICD10CM), (condition.id, code.code)


def test_a_verified_code_without_a_source_is_flagged():
    crps = KB.condition("crps")
    unsourced = crps.model_copy(update={"codes": (crps.codes[0].model_copy(update={"sources": ()}),)})
    conditions = tuple(unsourced if c.id == "crps" else c for c in KB.conditions)
    assert "code-without-system-source" in {p.rule for p in check(replace(KB, conditions=conditions))}


def test_severe_liver_disease_has_one_severity_shared_by_the_knowledge_base_and_screening():
    liver = KB.contraindication("liver-severe")
    assert liver.severity.value == ScreeningSettings().severe_liver_disease_severity
    assert liver.severity is Severity.CONTRAINDICATED and liver.configurable
    assert "jcp-2015-boxed-warning" in liver.references


def test_thyroid_timing_and_thyroid_side_effects_no_longer_cite_the_pregnancy_page():
    thyroid = KB.contraindication("thyroid-replacement")
    signs = next(e for e in KB.side_effects if e.id == "hyperthyroid-symptoms")
    for references in (thyroid.references, signs.references):
        assert "ldnrt-pregnancy" not in references and "ldnrt-thyroid" in references
    assert "unverified" in thyroid.rationale


def test_the_usp_cream_monograph_is_attributed_to_the_copy_it_was_found_in():
    cream = next(f for f in KB.drug.dosage_forms if f.id == "cream")
    assert "usp-naltrexone-cream-copy" in cream.references
    assert "not been checked against the official USP-NF" in cream.description
