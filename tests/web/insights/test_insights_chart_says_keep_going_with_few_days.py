"""On "Is it working?", a measure with fewer than three days of ratings shows a
friendly "keep going" note instead of a near-empty chart."""

from __future__ import annotations

from ldncare.web.insights.charts import KEEP_GOING_MIN, MeasureChart


def test_two_days_of_pain_ask_the_patient_to_keep_going():
    note = MeasureChart("pain", "Pain", 2).keep_going
    assert note.startswith("Pain: 2 days so far. Keep going!")
    assert f"after {KEEP_GOING_MIN} days" in note


def test_one_day_is_counted_in_the_singular():
    assert "1 day so far" in MeasureChart("mood", "Mood", 1).keep_going


def test_a_drawn_chart_needs_no_note():
    assert MeasureChart("pain", "Pain", 9, wide="<svg/>", narrow="<svg/>").keep_going == ""
