"""Age in whole years from a date of birth, and the clinic's age gate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.identity import IdentityError, age_on, check_date_of_birth

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


@given(births, st.integers(min_value=0, max_value=100))
def test_on_each_birthday_the_age_is_the_number_of_years(born, years):
    if born.month == 2 and born.day == 29:
        born = born.replace(day=28)
    assert age_on(born, born.replace(year=born.year + years)) == years


@given(births, st.integers(min_value=1, max_value=100))
def test_the_day_before_a_birthday_the_age_is_one_less(born, years):
    if born.month == 2 and born.day == 29:
        born = born.replace(day=28)
    birthday = born.replace(year=born.year + years)
    assert age_on(born, birthday - timedelta(days=1)) == years - 1


@given(births, st.integers(min_value=0, max_value=40000))
def test_age_never_goes_down_as_days_pass(born, days):
    day = born + timedelta(days=days)
    assert age_on(born, day) <= age_on(born, day + timedelta(days=1))


def test_a_leap_day_birthday_counts_from_the_first_of_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


@given(births, st.integers(min_value=0, max_value=30), births)
def test_the_gate_passes_exactly_those_old_enough(born, minimum, today):
    if born > today or age_on(born, today) > 120:
        with pytest.raises(IdentityError):
            check_date_of_birth(born, today=today, minimum_age=minimum)
    elif age_on(born, today) < minimum:
        with pytest.raises(IdentityError, match=f"aged {minimum} or over"):
            check_date_of_birth(born, today=today, minimum_age=minimum)
    else:
        assert check_date_of_birth(born, today=today, minimum_age=minimum) == born


def test_the_refusal_names_the_date_of_birth_field():
    with pytest.raises(IdentityError) as caught:
        check_date_of_birth(date(2020, 1, 1), today=date(2026, 1, 1), minimum_age=18)
    assert caught.value.field == "date_of_birth"
