from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.journal.checkin import (
    CheckIn,
    Severity,
    load_catalogue,
    record_check_in,
    revise_check_in,
    tracked_ratings_for,
)
from ldncare.journal.errors import CheckInError

LONDON = "Europe/London"


def entry(**kw):
    base = dict(day=date(2026, 3, 1), recorded_at=datetime(2026, 3, 1, 21, tzinfo=UTC),
                time_zone=LONDON)
    return record_check_in(**{**base, **kw})


def test_taking_the_dose_defaults_to_the_planned_amount_and_time():
    c = entry(dose_taken=True, planned_dose_mg=Decimal("1.5"), planned_time=time(22))
    assert c.dose.taken and c.dose.mg == Decimal("1.5") and c.dose.at == time(22)


def test_a_different_amount_or_time_overrides_the_plan():
    c = entry(dose_taken=True, planned_dose_mg=Decimal("1.5"), planned_time=time(22),
              dose_mg=Decimal("1"), dose_time=time(7, 30))
    assert c.dose.mg == Decimal("1") and c.dose.at == time(7, 30)


def test_a_missed_dose_records_no_amount():
    c = entry(dose_taken=False, planned_dose_mg=Decimal("1.5"))
    assert c.dose.taken is False and c.dose.mg is None


def test_it_rejects_a_negative_dose_taken():
    with pytest.raises(CheckInError, match="negative"):
        entry(dose_taken=True, dose_mg=Decimal("-1"))


def test_it_rejects_a_rating_above_ten():
    with pytest.raises(CheckInError, match="from 0 to 10"):
        entry(ratings={"pain": 11})


def test_it_rejects_a_fractional_rating():
    with pytest.raises(CheckInError, match="whole number"):
        entry(ratings={"pain": 4.5})


def test_it_rejects_an_unknown_rating():
    with pytest.raises(CheckInError, match="unknown rating 'joy'"):
        entry(ratings={"joy": 3})


def test_it_rejects_a_rating_the_patient_does_not_track():
    with pytest.raises(CheckInError, match="not one this patient tracks"):
        entry(ratings={"brain_fog": 3}, tracked=("pain",))


def test_it_rejects_an_unknown_side_effect_severity():
    with pytest.raises(CheckInError, match="mild, moderate or severe"):
        entry(side_effects={"headache": "awful"})


def test_it_rejects_an_unknown_event():
    with pytest.raises(CheckInError, match="unknown event"):
        entry(events={"holiday"})


def test_it_rejects_a_naive_entry_time():
    with pytest.raises(CheckInError, match="time zone"):
        entry(recorded_at=datetime(2026, 3, 1, 21))  # noqa: DTZ001 (the naive time is the point)


def test_it_rejects_an_unknown_time_zone():
    with pytest.raises(CheckInError, match="unknown time zone"):
        entry(time_zone="Mars/Olympus")


def test_it_rejects_a_check_in_for_a_day_that_has_not_started():
    with pytest.raises(CheckInError, match="has not started"):
        entry(day=date(2026, 3, 2))


def test_an_entry_made_the_same_local_day_is_not_late():
    assert entry().late is False


def test_an_entry_for_a_past_day_is_marked_late():
    assert entry(recorded_at=datetime(2026, 3, 3, 9, tzinfo=UTC)).late is True


def test_lateness_is_judged_in_the_patients_time_zone():
    # 23:30 UTC on 1 March is already 2 March in Berlin, but still 1 March in New York.
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert entry(recorded_at=at, time_zone="Europe/Berlin").late is True
    assert entry(recorded_at=at, time_zone="America/New_York").late is False


def test_an_entry_after_midnight_in_the_patients_zone_may_be_for_that_new_day():
    at = datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(0)))
    c = entry(day=date(2026, 3, 2), recorded_at=at, time_zone="Asia/Tokyo")
    assert c.late is False


def test_a_revision_keeps_the_original_and_counts_up():
    first = entry(ratings={"pain": 6})
    second = revise_check_in(first, revised_at=first.recorded_at + timedelta(hours=1),
                             ratings={"pain": 4})
    assert first.ratings == {"pain": 6} and first.revision == 1
    assert second.ratings == {"pain": 4} and second.revision == 2
    assert second.day == first.day and second.recorded_at == first.recorded_at


def test_a_revision_cannot_move_the_day():
    with pytest.raises(CheckInError, match="cannot be edited"):
        revise_check_in(entry(), revised_at=datetime(2026, 3, 2, tzinfo=UTC), day=date(2026, 2, 1))


def test_a_revision_revalidates_ratings():
    with pytest.raises(CheckInError, match="from 0 to 10"):
        revise_check_in(entry(), revised_at=datetime(2026, 3, 2, tzinfo=UTC), ratings={"pain": 12})


def test_a_check_in_round_trips_through_its_dict():
    c = entry(dose_taken=True, planned_dose_mg=Decimal("4.5"), planned_time=time(22),
              ratings={"pain": 3, "mood": 7}, vivid_dreams=True,
              side_effects={"headache": "moderate"}, events={"new_medicine"}, note="slept badly")
    assert CheckIn.from_dict(c.as_dict()) == c
    assert c.as_dict()["dose"]["mg"] == "4.5"
    assert c.severity_of("headache") is Severity.MODERATE


def test_condition_presets_choose_sensible_ratings():
    assert tracked_ratings_for("fibromyalgia") == ("pain", "fatigue", "sleep_quality", "mood")
    assert "brain_fog" in tracked_ratings_for("long_covid")


def test_an_unknown_condition_falls_back_to_the_default_preset():
    assert tracked_ratings_for("something rare") == load_catalogue().preset("default").ratings


def test_every_catalogue_entry_names_its_source():
    cat = load_catalogue()
    for entry_ in (*cat.ratings, *cat.side_effects, *cat.events, *cat.conditions):
        assert entry_.source.strip()
    assert cat.version


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["pain", "fatigue", "mood", "brain_fog", "sleep_quality"]),
                       st.integers(min_value=-5, max_value=15)))
def test_a_recorded_rating_is_always_within_zero_to_ten(ratings):
    try:
        c = entry(ratings=ratings)
    except CheckInError:
        assert any(not 0 <= v <= 10 for v in ratings.values())
        return
    assert all(0 <= v <= 10 for v in c.ratings.values())


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=50_000_000))
def test_a_dose_taken_is_never_rounded(micrograms):
    mg = Decimal(micrograms) / 1000
    c = entry(dose_taken=True, dose_mg=mg)
    assert c.dose.mg == mg and c.dose.mg >= 0
