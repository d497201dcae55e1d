"""Opioid classes as data: every member of ATC N02A, R05DA, A07DA, N07BC, N01AH and
the other mu-agonists screens as its class says; antagonists and markers are consistent."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.screening import ScreeningInput, load_vocabulary, screen
from ldncare.screening.vocabulary import OPIOID_CLASSES

TODAY = date(2025, 6, 1)
VOCABULARY = load_vocabulary()
OPIOID_GROUPS = ("N02A", "R05DA", "A07DA", "N07BC", "N01AH", "other-mu-agonists")
#: Group members that are not opioid agonists, and the verdict each must get.
NOT_AGONISTS = {"noscapine": "ok", "dimemorfan": "ok", "dextromethorphan": "ok",
                "lofexidine": "needs_review", "loperamide": "caution",
                "loperamide-oxide": "caution"}


def _verdict(text: str) -> str:
    return screen(ScreeningInput(medications=(text,)), None, TODAY).verdict


def _name_of(ingredient: str) -> str:
    product = VOCABULARY.by_ingredient.get(ingredient)
    if product is not None:
        return product.name
    for product in VOCABULARY.by_tokens.values():
        if product.ingredients == (ingredient,) and not product.is_ambiguous:
            return product.name
    for product in VOCABULARY.by_tokens.values():  # only sold in combination
        if ingredient in product.ingredients and not product.is_ambiguous:
            return product.name
    raise AssertionError(f"no single-ingredient name for {ingredient}")


def test_every_group_the_issue_names_is_in_the_data_with_its_source():
    assert set(OPIOID_GROUPS) <= VOCABULARY.groups.keys()
    for code in OPIOID_GROUPS:
        assert VOCABULARY.groups[code]


MEMBERS = sorted({m for g in OPIOID_GROUPS for m in VOCABULARY.groups[g]})


@pytest.mark.parametrize("ingredient", MEMBERS)
def test_every_group_member_is_contraindicated_unless_it_is_not_an_agonist(ingredient):
    expected = NOT_AGONISTS.get(ingredient, "contraindicated")
    if expected == "contraindicated":
        assert set(VOCABULARY.ingredient_classes[ingredient]) & OPIOID_CLASSES, ingredient
    assert _verdict(_name_of(ingredient)) == expected


@pytest.mark.parametrize("text", ["eluxadoline", "Viberzi", "tianeptine", "Stablon",
                                  "trimebutine", "Debridat"])
def test_mu_agonists_outside_the_painkiller_classes_are_contraindicated(text):
    assert _verdict(text) == "contraindicated"


@pytest.mark.parametrize("text", ["samidorphan", "Lybalvi", "alvimopan", "Entereg", "naloxegol",
                                  "methylnaltrexone", "naloxone", "nalmefene", "naldemedine"])
def test_every_opioid_antagonist_gets_the_same_explained_caution(text):
    result = screen(ScreeningInput(medications=(text,)), None, TODAY)
    assert result.verdict == "caution"
    finding = next(f for f in result.findings if f.code == "opioid-antagonist")
    assert "opioid antagonist" in finding.message


def test_lofexidine_is_a_marker_of_recent_opioid_use_and_needs_review():
    result = screen(ScreeningInput(medications=("Lucemyra 0.18 mg",)), None, TODAY)
    assert result.verdict == "needs_review"
    assert [f.code for f in result.findings] == ["opioid-withdrawal-marker"]
    assert result.may_involve_opioid


def test_combinations_keep_every_ingredient():
    result = screen(ScreeningInput(medications=("Apadaz", "promethazine with codeine")),
                    None, TODAY)
    ingredients = [set(m.ingredients) for m in result.medications]
    assert ingredients == [{"benzhydrocodone", "paracetamol"}, {"codeine", "promethazine"}]


OPIOID_NAMES = sorted(" ".join(k) for k, p in VOCABULARY.by_tokens.items() if p.is_opioid)
EXTRA_WORDS = ["10mg", "tablets", "twice daily", "plus", "forte", "extra", "night", "oil",
               "as needed", "xyzzy", "for pain", "ER", "#3", "generic", "my", "liquid"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(OPIOID_NAMES), st.lists(st.sampled_from(EXTRA_WORDS), max_size=3),
       st.booleans())
def test_an_opioid_name_with_any_words_around_it_never_reads_ok_or_caution(name, words, first):
    text = " ".join([*words, name] if first else [name, *words])
    assert _verdict(text) in ("contraindicated", "needs_review"), text
