"""Words in a patient's own problem report that may mean an emergency map to
the check-in's guidance codes; ordinary words raise nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldncare.journal.guidance import load_guidance
from ldncare.journal.red_flag_words import PHRASES, opioid_names, red_flags_in


def test_throat_swelling_raises_the_allergic_reaction_guidance():
    assert red_flags_in("Since this morning my THROAT is  swelling") == ("allergic_reaction",)


def test_thoughts_of_suicide_come_first():
    assert red_flags_in("I took tramadol and I want to die")[0] == "self_harm"


def test_a_word_inside_another_word_does_not_count():
    assert red_flags_in("I feel like an opioidless unicorn, hivesque") == ()


def test_every_code_is_guidance_the_check_in_uses():
    assert set(PHRASES) <= set(load_guidance().codes)


@given(st.text(alphabet="bcdfgkmnqvwxz .,\n", max_size=200))
def test_text_without_any_phrase_raises_nothing(text):
    # No phrase or opioid name can be spelled from this alphabet (each holds a vowel,
    # a digit or one of h, l, p, r, s, t).
    assert red_flags_in(text) == ()


def test_an_opioid_the_screening_knows_by_name_is_a_new_opioid():
    assert red_flags_in("The dentist gave me hydromorphone") == ("new_opioid",)
    assert red_flags_in("I was prescribed OxyContin after surgery") == ("new_opioid",)
    assert red_flags_in("I have been taking kratom to sleep") == ("new_opioid",)


def test_street_names_that_are_everyday_words_raise_nothing():
    # "smack" is a street name for heroin in the screening vocabulary.
    assert red_flags_in("I got a smack on the head playing football") == ()


@given(name=st.sampled_from(sorted(opioid_names())),
       before=st.sampled_from(["", "I took ", "Since Monday: "]),
       after=st.sampled_from(["", " yesterday", ", twice."]))
def test_every_opioid_name_of_the_screening_vocabulary_is_caught(name, before, after):
    assert "new_opioid" in red_flags_in(f"{before}{name.upper()}{after}")
