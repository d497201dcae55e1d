from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.knowledge import UnknownConditionError, find_condition, load_knowledge


@pytest.mark.parametrize("query, expected", [
    ("MS", "multiple-sclerosis"), ("ME/CFS", "me-cfs"), ("CFS", "me-cfs"),
    ("long covid", "long-covid"), ("Crohn's", "crohns-disease"), ("crohns", "crohns-disease"),
    ("CRPS", "crps"), ("RA", "rheumatoid-arthritis"), ("Hashimoto’s", "hashimotos-thyroiditis"),
])
def test_it_finds_a_condition_by_alias(query, expected):
    assert find_condition(load_knowledge(), query).id == expected


@pytest.mark.parametrize("query, expected", [
    ("fibromyalga", "fibromyalgia"), ("multple sclerosis", "multiple-sclerosis"),
    ("long covd", "long-covid"), ("crohns disese", "crohns-disease"),
])
def test_it_forgives_small_typos(query, expected):
    assert find_condition(load_knowledge(), query).id == expected


def test_an_unknown_condition_raises_with_the_closest_matches():
    with pytest.raises(UnknownConditionError) as caught:
        find_condition(load_knowledge(), "fibromylagia syndrom pain")
    assert "Fibromyalgia" in caught.value.suggestions


def test_a_short_alias_never_fuzzes_into_another_condition():
    with pytest.raises(UnknownConditionError):
        find_condition(load_knowledge(), "MX")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_lookup_either_finds_a_condition_or_raises_a_value_error(text):
    try:
        assert find_condition(load_knowledge(), text).id
    except ValueError:
        pass
