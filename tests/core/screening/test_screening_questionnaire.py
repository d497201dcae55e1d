"""The intake questionnaire: FHIR-shaped definition, and answers turned into a ScreeningInput."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from ldncare.screening import IntakeAnswersError, answers_to_input, load_questionnaire, questions

COMPLETE = {
    "conditions": ["fibromyalgia"],
    "medications": ["Percocet 10/325", "levothyroxine 50 mcg"],
    "currently_taking_opioids": "yes",
    "opioid_recent": True,
    "last_opioid_dose": "2025-05-30",
    "last_opioid_long_acting": False,
    "opioid_use_disorder_treatment": False,
    "pregnant": False,
    "breastfeeding": "no",
    "liver": "mild",
    "kidney": "none",
    "thyroid_treatment": True,
    "immunosuppressant_or_transplant": False,
    "planned_procedure": True,
    "planned_surgery": "2025-07-01",
    "drinks_alcohol": False,
    "naltrexone_history": "never",
    "naltrexone_allergy": False,
    "naloxone_or_nalmefene_allergy": False,
}


def test_the_definition_is_a_valid_fhir_r4b_questionnaire_with_a_version():
    definition = load_questionnaire()
    resource = Questionnaire.model_validate(definition)
    assert resource.version == definition["version"]


def test_it_covers_every_topic_the_screening_needs():
    link_ids = {q.link_id for q in questions()}
    assert {"conditions", "medications", "last_opioid_dose", "pregnant", "breastfeeding",
            "liver", "kidney", "thyroid_treatment", "immunosuppressant_or_transplant",
            "planned_surgery", "drinks_alcohol", "naltrexone_history",
            "naltrexone_allergy"} <= link_ids


def test_complete_answers_become_a_screening_input():
    inputs = answers_to_input(COMPLETE)
    assert inputs.medications == ("Percocet 10/325", "levothyroxine 50 mcg")
    assert inputs.currently_taking_opioids is True
    assert inputs.last_opioid_dose == date(2025, 5, 30)
    assert inputs.planned_surgery == date(2025, 7, 1)
    assert inputs.liver == "mild" and inputs.thyroid_treatment


def test_it_reports_every_problem_by_link_id():
    answers = {**COMPLETE, "liver": "terrible", "pregnant": "maybe", "planned_surgery": "soon"}
    del answers["breastfeeding"]
    with pytest.raises(IntakeAnswersError) as problem:
        answers_to_input(answers)
    assert set(problem.value.errors) == {"liver", "pregnant", "planned_surgery", "breastfeeding"}
    assert "YYYY-MM-DD" in problem.value.errors["planned_surgery"]


def test_a_disabled_question_is_neither_required_nor_kept():
    answers = {**COMPLETE, "planned_procedure": False, "planned_surgery": "2025-07-01"}
    assert answers_to_input(answers).planned_surgery is None
    answers = {**COMPLETE, "opioid_recent": False}
    del answers["last_opioid_dose"]
    assert answers_to_input(answers).last_opioid_dose is None


def test_medicines_are_required_unless_the_patient_takes_none():
    answers = {**COMPLETE}
    del answers["medications"]
    with pytest.raises(IntakeAnswersError, match="medications"):
        answers_to_input(answers)
    assert answers_to_input({**answers, "no_medications": True}).medications == ()


def test_it_rejects_an_unknown_link_id_and_a_last_dose_after_today():
    with pytest.raises(IntakeAnswersError, match="not in the questionnaire"):
        answers_to_input({**COMPLETE, "favourite_colour": "blue"})
    with pytest.raises(IntakeAnswersError, match="after today"):
        answers_to_input(COMPLETE, today=date(2025, 5, 1))


def test_current_full_dose_naltrexone_is_carried_into_the_input():
    inputs = answers_to_input({**COMPLETE, "naltrexone_history": "full-dose-current"})
    assert inputs.taking_full_dose_naltrexone
