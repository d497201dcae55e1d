"""The blinded days of a patient's trials are exactly the days of their
periods, each cut at its trial's stop for safety, merged into sorted spans
that neither overlap nor touch."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ldncare.trials.days import Span, blinded_last_day, blinded_spans, is_blinded, span_days

ORIGIN = date(2027, 1, 1)


def _day(offset: int) -> date:
    return ORIGIN + timedelta(days=offset)


periods = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 40), st.one_of(st.none(), st.integers(-5, 250)))
    .map(lambda t: (_day(t[0]), _day(t[0] + t[1]), None if t[2] is None else _day(t[2]))),
    max_size=12)


def _expected(rows) -> set[date]:  # type: ignore[no-untyped-def]
    days: set[date] = set()
    for start, end, stopped_on in rows:
        last = end if stopped_on is None else min(end, stopped_on)
        day = start
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


@given(periods)
def test_the_spans_cover_exactly_the_days_of_the_periods_cut_at_the_stop(rows):
    assert span_days(blinded_spans(rows)) == _expected(rows)


@given(periods)
def test_the_spans_are_sorted_and_an_ordinary_day_apart(rows):
    spans = blinded_spans(rows)
    assert all(s.first <= s.last for s in spans)
    for earlier, later in zip(spans, spans[1:], strict=False):
        assert later.first > earlier.last + timedelta(days=1)


@given(periods, st.integers(-10, 260))
def test_a_day_is_blinded_exactly_when_one_period_held_it(rows, offset):
    day = _day(offset)
    assert is_blinded(day, blinded_spans(rows)) == (day in _expected(rows))


def test_back_to_back_periods_make_one_span_and_the_stop_day_still_counts():
    rows = [(_day(0), _day(13), _day(20)), (_day(14), _day(27), _day(20)),
            (_day(28), _day(41), _day(20))]
    assert blinded_spans(rows) == (Span(_day(0), _day(20)),)
    assert blinded_last_day(_day(13), None) == _day(13)


def test_a_trial_stopped_before_it_began_has_no_blinded_day():
    assert blinded_spans([(_day(10), _day(23), _day(5))]) == ()
