"""Fuzzy matching never makes a confident reading out of generic words (oil, fish,
night, plus, forte, extra ...), whatever they are combined with."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.screening import match_medication
from ldncare.screening.matcher import GENERIC_WORDS, is_generic
from ldncare.screening.vocabulary import normalise, tokens

HERE = Path(__file__).parent
CORPUS = [e["text"] for name in ("corpus.yaml", "corpus_classes.yaml")
          for e in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["entries"]]
WORDS = sorted(GENERIC_WORDS)


def _generic_only_products(text: str):
    """Products read from fuzzy or dictionary matches on runs of generic words only."""
    return [p for p in match_medication(text).products
            if p.method in ("fuzzy", "dictionary")
            and all(is_generic(w) for w in tokens(normalise(p.matched_text)))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_a_line_of_generic_words_is_never_read_as_a_medicine_by_guesswork(words):
    text = " ".join(words)
    assert _generic_only_products(text) == []
    match = match_medication(text)
    assert all(p.method == "exact" for p in match.products)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CORPUS), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
def test_generic_words_added_to_a_labelled_string_never_become_a_confident_guess(text, words):
    assert _generic_only_products(f"{text} {' '.join(words)}") == []


def test_omega_3_fish_oil_is_fish_oil_not_iron():
    match = match_medication("omega-3 fish oil")
    assert match.recognised
    assert match.ingredients == ("fish oil",)


def test_product_names_made_of_salt_and_dosing_words_are_kept_whole():
    assert match_medication("dimethyl fumarate 240mg").ingredients == ("dimethyl fumarate",)
    assert set(match_medication("Night Nurse").ingredients) == {
        "paracetamol", "promethazine", "dextromethorphan"}


def test_a_word_that_may_name_an_added_ingredient_is_left_for_review_not_dropped():
    from datetime import date

    from ldncare.screening import ScreeningInput, screen

    def verdict(text: str) -> str:
        return screen(ScreeningInput(medications=(text,)), None, date(2025, 6, 1)).verdict

    # "Plus" and "forte" often mean codeine was added (Nurofen Plus, Panadeine Forte).
    assert verdict("Tylenol plus") == "needs_review"
    assert verdict("Panadol forte") == "needs_review"
    assert verdict("Nurofen Plus") == "contraindicated"
    # "Extra strength" is the same product at a higher dose.
    assert verdict("Tylenol extra strength") == "ok"
    assert verdict("Advil maximum strength") == "ok"
