from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from ldncare.interop.csv_export import check_in_columns, check_ins_csv
from ldncare.journal.checkin import record_check_in, revise_check_in


def entry(n: int, **kw):
    d = date(2026, 3, n)
    return record_check_in(day=d, recorded_at=datetime(2026, 3, n, 21, tzinfo=UTC),
                           time_zone="Europe/London", **kw)


def rows(text: str):
    return list(csv.DictReader(io.StringIO(text)))


def test_each_day_is_one_row_with_the_dose_as_an_exact_decimal():
    text = check_ins_csv([entry(2, dose_taken=True, planned_dose_mg=Decimal("4.5"), planned_time=time(22)),
                          entry(1, dose_taken=False)])
    got = rows(text)
    assert [r["day"] for r in got] == ["2026-03-01", "2026-03-02"]
    assert got[0]["dose_taken"] == "no" and got[1]["dose_mg"] == "4.5" and got[1]["dose_time"] == "22:00"


def test_ratings_side_effects_and_events_have_their_own_columns():
    (row,) = rows(check_ins_csv([entry(1, ratings={"pain": 3}, side_effects={"nausea": "moderate"},
                                       events={"new_opioid"})]))
    assert row["rating_pain"] == "3" and row["rating_mood"] == ""
    assert row["side_effect_nausea"] == "moderate" and row["event_new_opioid"] == "yes"
    assert list(row) == list(check_in_columns())


def test_only_the_latest_revision_of_a_day_is_written():
    first = entry(1, ratings={"pain": 8})
    fixed = revise_check_in(first, revised_at=first.recorded_at + timedelta(hours=1), ratings={"pain": 2})
    (row,) = rows(check_ins_csv([first, fixed]))
    assert row["rating_pain"] == "2" and row["revision"] == "2"


def test_a_note_that_looks_like_a_formula_is_defused():
    (row,) = rows(check_ins_csv([entry(1, note="=HYPERLINK(\"x\")")]))
    assert row["note"].startswith("'=")
