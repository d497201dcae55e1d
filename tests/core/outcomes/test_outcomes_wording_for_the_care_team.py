"""The care team reads the patient's n-of-1 sentences about the patient, and
codes (conditions, stop reasons) in words."""

from __future__ import annotations

from ldncare.outcomes.wording import condition_words, for_clinician, stop_reason_words


def test_a_patient_sentence_is_turned_into_the_third_person() -> None:
    said = ("Main measure — Your brain fog averaged 6.0 before LDN: a change for the worse "
            "since you started LDN, larger than your usual ups and downs; tell your prescriber.")
    assert for_clinician(said) == (
        "Main measure — The patient's brain fog averaged 6.0 before LDN: a change for the worse "
        "since they started LDN, larger than their usual ups and downs.")


def test_conditions_and_stop_reasons_read_in_words() -> None:
    names = {"chronic-pain": "Chronic pain (pooled, all causes)"}
    assert condition_words("chronic_pain", names) == "Chronic pain (pooled, all causes)"
    assert condition_words("long_covid", names) == "Long covid"
    assert stop_reason_words("lost_to_follow_up") == "Lost to follow-up"
    assert stop_reason_words("Headaches at 3 mg") == "Headaches at 3 mg"
