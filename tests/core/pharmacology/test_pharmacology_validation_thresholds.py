"""A significance row passes on the right side of its threshold, and says so in words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldncare.pharmacology.validation import PublishedPoint, ValidationRow


def _point(kind: str, threshold: float) -> PublishedPoint:
    return PublishedPoint(id="x", quantity="q", published=threshold, kind=kind, role="validation",
                          source="a source of some length")


@given(threshold=st.floats(0, 1), predicted=st.floats(0, 1))
def test_an_at_least_row_passes_exactly_when_the_prediction_reaches_the_threshold(threshold, predicted):
    assert ValidationRow(_point("at_least", threshold), predicted).within_tolerance == (predicted >= threshold)


@given(threshold=st.floats(0, 1), predicted=st.floats(0, 1))
def test_an_at_most_row_passes_exactly_when_the_prediction_stays_under_the_threshold(threshold, predicted):
    assert ValidationRow(_point("at_most", threshold), predicted).within_tolerance == (predicted <= threshold)


def test_threshold_rows_state_their_tolerance_in_words():
    assert ValidationRow(_point("at_least", 0.1), 0.5).tolerance_text == "at least 0.1"
    assert ValidationRow(_point("at_most", 0.25), 0.1).as_dict()["tolerance"] == "at most 0.25"
