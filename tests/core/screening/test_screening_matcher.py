"""Reading what patients write: longest name first, strengths stripped, misspellings scored."""

from __future__ import annotations

from ldncare.screening import match_medication


def test_it_reads_a_combination_brand_with_its_strength():
    match = match_medication("Percocet 10/325")
    assert match.recognised
    assert set(match.ingredients) == {"oxycodone", "paracetamol"}
    assert "full-opioid-agonist" in match.classes
    assert match.confidence == 1.0


def test_it_matches_the_longest_product_name_before_a_benign_brand_inside_it():
    assert "codeine" in match_medication("Tylenol #3").ingredients
    assert "codeine" in match_medication("Tylenol No. 3").ingredients
    assert "codeine" in match_medication("tylenol with codeine 300/30").ingredients
    assert match_medication("Tylenol").ingredients == ("paracetamol",)


def test_it_knows_street_names_and_shorthand():
    assert match_medication("oxys").ingredients == ("oxycodone",)
    assert match_medication("roxy").ingredients == ("oxycodone",)
    assert "buprenorphine" in match_medication("Suboxone film").ingredients


def test_it_knows_kratom_and_its_alkaloids():
    for text in ("kratom", "Kratom capsules", "7-OH", "mitragynine"):
        assert "opioid-active-supplement" in match_medication(text).classes, text


def test_it_strips_forms_release_words_and_dosing_instructions():
    match = match_medication("tramadol ER 100 mg tablets twice daily")
    assert match.recognised
    assert match.ingredients == ("tramadol",)


def test_it_scores_a_misspelling_below_one_and_still_finds_the_opioid():
    match = match_medication("oxycodne 5mg")
    assert match.ingredients == ("oxycodone",)
    assert 0.8 <= match.confidence < 1.0
    assert match.products[0].method == "fuzzy"


def test_a_weak_fuzzy_match_is_not_recognised():
    match = match_medication("tylenol with codiene")
    assert "codeine" in match.ingredients
    assert not match.recognised


def test_it_names_the_text_it_could_not_understand():
    match = match_medication("xyzzy 20mg")
    assert not match.recognised
    assert match.unrecognised_text == "xyzzy"


def test_our_vocabulary_wins_over_the_broad_dictionary():
    # The broad dictionary reads "Tylenol #3" as acetaminophen only.
    match = match_medication("Tylenol #3")
    assert all(p.method == "exact" for p in match.products)
    assert "codeine" in match.ingredients


def test_an_ordinary_medicine_on_the_checked_list_is_recognised_exactly():
    match = match_medication("metformin 500mg")
    assert match.recognised
    assert match.classes == ("other",)
    assert match.products[0].method == "exact"


def test_naltrexone_at_a_low_strength_is_ldn_not_full_dose():
    assert match_medication("naltrexone 4.5 mg").classes == ("low-dose-naltrexone",)
    assert match_medication("naltrexone 50 mg").classes == ("naltrexone",)
    assert match_medication("naltrexone").classes == ("naltrexone",)


def test_a_match_round_trips_through_a_dict():
    from ldncare.screening import MedicationMatch

    match = match_medication("Percocet 10/325 and blah")
    assert MedicationMatch.from_dict(match.as_dict()) == match
