"""The intake asks about a buprenorphine depot injection or implant and its last date."""

from __future__ import annotations

from datetime import date

import pytest

from ldncare.screening import IntakeAnswersError, answers_to_input, questions
from ldncare.screening.depots import load_depot_products

BASE = {
    "conditions": ["fibromyalgia"], "medications": ["vitamin d"],
    "currently_taking_opioids": False, "opioid_recent": False,
    "opioid_use_disorder_treatment": False, "pregnant": False, "breastfeeding": False,
    "liver": "none", "kidney": "none", "thyroid_treatment": False,
    "immunosuppressant_or_transplant": False, "planned_procedure": False,
    "drinks_alcohol": False, "naltrexone_history": "never", "naltrexone_allergy": False,
    "naloxone_or_nalmefene_allergy": False,
}


def test_every_depot_the_intake_offers_is_one_the_screening_knows():
    offered = next(q for q in questions() if q.link_id == "depot_product").options
    assert set(offered) == set(load_depot_products())


def test_a_depot_answer_reaches_the_screening_input():
    inputs = answers_to_input({**BASE, "depot_or_implant": True, "depot_product": "sublocade",
                               "last_depot_date": "2025-05-01"}, today=date(2025, 6, 1))
    assert inputs.depot_product == "sublocade"
    assert inputs.last_depot_date == date(2025, 5, 1)


def test_saying_yes_requires_the_product_and_the_date():
    with pytest.raises(IntakeAnswersError) as problem:
        answers_to_input({**BASE, "depot_or_implant": True})
    assert {"depot_product", "last_depot_date"} <= problem.value.errors.keys()


def test_a_future_injection_date_is_refused():
    with pytest.raises(IntakeAnswersError) as problem:
        answers_to_input({**BASE, "depot_or_implant": True, "depot_product": "sixmo",
                          "last_depot_date": "2025-07-01"}, today=date(2025, 6, 1))
    assert "last_depot_date" in problem.value.errors


def test_leaving_the_question_out_means_no_depot():
    assert answers_to_input(BASE).depot_product is None
