"""Words in a patient's own problem report that may mean an emergency map to
the check-in's guidance codes; ordinary words raise nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldncare.journal.guidance import load_guidance
from ldncare.journal.red_flag_words import PHRASES, red_flags_in


def test_throat_swelling_raises_the_allergic_reaction_guidance():
    assert red_flags_in("Since this morning my THROAT is  swelling") == ("allergic_reaction",)


def test_thoughts_of_suicide_come_first():
    assert red_flags_in("I took tramadol and I want to die")[0] == "self_harm"


def test_a_word_inside_another_word_does_not_count():
    assert red_flags_in("I feel like an opioidless unicorn, hivesque") == ()


def test_every_code_is_guidance_the_check_in_uses():
    assert set(PHRASES) <= set(load_guidance().codes)


@given(st.text(alphabet="abcdfgkmnqvwxz .,\n", max_size=200))
def test_text_without_any_phrase_raises_nothing(text):
    # No phrase can be spelled from this alphabet (each holds an e, i, o, u, y, h, l, p, r, s or t).
    assert red_flags_in(text) == ()
