from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.journal.errors import InstrumentError, ScheduleError
from ldncare.journal.schedules import QuestionnaireSchedule, is_due, next_due

START = date(2026, 1, 1)


def test_due_dates_fall_every_n_days_from_the_start():
    s = QuestionnaireSchedule("phq-9", START, 28)
    assert s.due_dates(date(2026, 1, 1), date(2026, 3, 31)) == (
        date(2026, 1, 1), date(2026, 1, 29), date(2026, 2, 26), date(2026, 3, 26))


def test_due_dates_stop_at_the_end_of_the_schedule():
    s = QuestionnaireSchedule("gad-7", START, 7, until=date(2026, 1, 20))
    assert s.due_dates(START, date(2026, 12, 31))[-1] == date(2026, 1, 15)


def test_the_first_questionnaire_is_due_on_the_start_day():
    s = QuestionnaireSchedule("pgic", START, 28)
    assert next_due(s, date(2025, 12, 20)) == START
    assert not is_due(s, date(2025, 12, 31)) and is_due(s, START)


def test_an_unanswered_questionnaire_is_overdue_until_completed():
    s = QuestionnaireSchedule("phq-9", START, 28)
    assert next_due(s, date(2026, 2, 10), last_completed=date(2026, 1, 2)) == date(2026, 1, 29)
    assert is_due(s, date(2026, 2, 10), last_completed=date(2026, 1, 2))


def test_completing_it_moves_the_next_due_day_on():
    s = QuestionnaireSchedule("phq-9", START, 28)
    assert next_due(s, date(2026, 2, 10), last_completed=date(2026, 2, 1)) == date(2026, 2, 26)
    assert not is_due(s, date(2026, 2, 10), last_completed=date(2026, 2, 1))


def test_only_the_latest_missed_occurrence_is_reported():
    s = QuestionnaireSchedule("gad-7", START, 7)
    assert next_due(s, date(2026, 2, 1)) == date(2026, 1, 29)


def test_a_finished_schedule_has_nothing_due():
    s = QuestionnaireSchedule("gad-7", START, 7, until=date(2026, 1, 10))
    assert next_due(s, date(2026, 3, 1), last_completed=date(2026, 1, 9)) is None


def test_it_rejects_an_interval_of_zero_days():
    with pytest.raises(ScheduleError, match="every 1 to 366 days"):
        QuestionnaireSchedule("phq-9", START, 0)


def test_it_rejects_an_end_before_the_start():
    with pytest.raises(ScheduleError, match="before it starts"):
        QuestionnaireSchedule("phq-9", START, 7, until=date(2025, 1, 1))


def test_it_rejects_an_unknown_questionnaire():
    with pytest.raises(InstrumentError):
        QuestionnaireSchedule("sf-36", START, 7)


def test_a_schedule_round_trips_through_its_dict():
    s = QuestionnaireSchedule("phq-9", START, 28, until=date(2026, 6, 1))
    assert QuestionnaireSchedule.from_dict(s.as_dict()) == s


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 90), st.integers(0, 400), st.integers(0, 200))
def test_due_dates_are_on_the_grid_and_inside_the_window(every, offset, length):
    s = QuestionnaireSchedule("phq-9", START, every)
    first = date.fromordinal(START.toordinal() + offset - 30)
    last = date.fromordinal(first.toordinal() + length)
    days = s.due_dates(first, last)
    assert all(first <= d <= last and (d - START).days % every == 0 and d >= START for d in days)
    assert list(days) == sorted(set(days))
