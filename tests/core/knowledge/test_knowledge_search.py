from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.knowledge import load_knowledge, search


def ids(query):
    return [hit.id for hit in search(load_knowledge(), query)]


def test_an_alias_brings_up_the_condition_first_and_its_studies():
    found = ids("MS")
    assert found[0] == "multiple-sclerosis"
    assert "cree-2010" in found


def test_it_finds_a_side_effect_despite_a_typo():
    assert "vivid-dreams" in ids("vivid drems")


def test_it_finds_contraindications_and_faq_entries():
    found = ids("breastfeeding")
    assert "breastfeeding" in found and "pregnancy-breastfeeding" in found


def test_it_finds_a_trial_by_its_acronym():
    assert "bruun-2024" in ids("FINAL")


def test_nonsense_finds_nothing():
    assert ids("zzqxv") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_search_never_fails_and_respects_the_limit(text):
    hits = search(load_knowledge(), text, limit=5)
    assert len(hits) <= 5
    assert all(hit.as_dict()["id"] for hit in hits)
