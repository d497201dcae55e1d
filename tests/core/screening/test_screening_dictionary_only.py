"""A name only the general drug dictionary knows never reads "ok": a prescriber
confirms it, and a combination keeps every ingredient the dictionary names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.screening import ScreeningInput, match_medication, matcher, screen

TODAY = date(2025, 6, 1)


def _result(text: str):
    return screen(ScreeningInput(medications=(text,)), None, TODAY)


@pytest.fixture
def dictionary(monkeypatch):
    """Answer the broad dictionary with a chosen name, whatever is asked."""
    def answer(name: str) -> None:
        matcher._match_cached.cache_clear()
        monkeypatch.setattr(matcher, "_find_drugs",
                            lambda words: [({"name": name}, 0, len(words))])
    yield answer
    matcher._match_cached.cache_clear()


def test_a_dictionary_only_medicine_goes_to_a_prescriber_and_says_what_was_recognised(
        dictionary):
    dictionary("Zorblamide")
    result = _result("zorblamide 10 mg")
    assert result.verdict == "needs_review"
    finding = next(f for f in result.findings if f.code == "dictionary-only-medication")
    assert "general drug dictionary reads it as Zorblamide" in finding.message
    assert "prescriber must confirm" in finding.message
    assert finding.applies_to == "zorblamide 10 mg"


def test_a_dictionary_combination_keeps_every_ingredient_and_an_opioid_part_contraindicates(
        dictionary):
    dictionary("Zorblamide and Codeine")
    match = match_medication("zorbla-co")
    assert set(match.ingredients) == {"zorblamide", "codeine"}
    result = _result("zorbla-co")
    assert result.verdict == "contraindicated"
    assert {"opioid-use", "dictionary-only-medication"} <= {f.code for f in result.findings}


def test_a_dictionary_name_that_maps_onto_known_non_opioids_still_needs_review(dictionary):
    dictionary("Paracetamol / Ibuprofen")
    result = _result("combogesic")
    assert set(result.medications[0].ingredients) == {"paracetamol", "ibuprofen"}
    assert result.verdict == "needs_review"


def test_the_real_dictionary_does_not_make_an_unlisted_medicine_ok():
    # Acarbose is in the broad dictionary but not on the checked list.
    result = _result("acarbose 50mg")
    assert result.verdict == "needs_review"
    assert result.medications[0].products[0].method == "dictionary"


def test_issue_examples_known_only_to_the_dictionary_before_now_read_as_opioids():
    for text in ("benzhydrocodone", "oliceridine", "levomethadone", "levacetylmethadol",
                 "LAAM", "dipipanone", "difenoxin", "Motofen", "ketobemidone", "dezocine",
                 "carfentanil", "tianeptine", "Apadaz", "Codeine Contin"):
        assert _result(text).verdict == "contraindicated", text


def test_codeine_contin_reads_as_codeine_alone_not_codeine_and_oxycontin():
    assert match_medication("Codeine Contin 100 mg").ingredients == ("codeine",)


KNOWN_PARTS = ["Paracetamol", "Ibuprofen", "Caffeine", "Metformin", "Codeine", "Tramadol",
               "Zorblamide", "Quixotane"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KNOWN_PARTS), min_size=1, max_size=3, unique=True))
def test_a_dictionary_reading_is_never_ok_and_keeps_every_part(parts):
    matcher._match_cached.cache_clear()
    name = " and ".join(parts)
    original = matcher._find_drugs
    matcher._find_drugs = lambda words: [({"name": name}, 0, len(words))]
    try:
        result = _result("brandname-x")
    finally:
        matcher._find_drugs = original
        matcher._match_cached.cache_clear()
    assert result.verdict in ("needs_review", "contraindicated")
    assert len(result.medications[0].ingredients) == len(parts)
    if {"Codeine", "Tramadol"} & set(parts):
        assert result.verdict == "contraindicated"
