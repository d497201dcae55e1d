"""Rules see the patient's treatment: dose rules say nothing for a stopped,
paused, declined or not-yet-started patient, red flags still reach the
prescriber, and suggestions whose situation is over close with a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from ldncare.journal.checkin import record_check_in
from ldncare.journal.rules import PlanStep, Treatment, closing_reasons, evaluate

START = date(2026, 1, 1)
STEPS = [PlanStep(START, Decimal("1.5")), PlanStep(START + timedelta(days=14), Decimal("4.5"))]


def check_in(n: int, **kw):
    d = START + timedelta(days=n)
    return record_check_in(day=d, recorded_at=datetime(d.year, d.month, d.day, 21, tzinfo=UTC),
                           time_zone="UTC", **kw)


def steady_journal(days: int = 120):
    return [check_in(n, ratings={"pain": 6}) for n in range(days)]


TODAY = START + timedelta(days=106)


def test_an_active_patient_at_target_without_improvement_gets_a_review_suggestion():
    found = evaluate(steady_journal(), STEPS, TODAY)
    assert "no_improvement_at_target" in [s.code for s in found]


@pytest.mark.parametrize("state", [Treatment.STOPPED, Treatment.PAUSED, Treatment.DECLINED,
                                   Treatment.NOT_STARTED])
def test_a_patient_not_on_treatment_gets_no_dose_suggestions(state):
    assert evaluate(steady_journal(), STEPS, TODAY, treatment=state) == ()


@pytest.mark.parametrize("state", list(Treatment))
def test_a_red_flag_reaches_the_prescriber_in_every_state(state):
    journal = [check_in(100, side_effects={"liver_warning_signs": "mild"})]
    assert [s.code for s in evaluate(journal, STEPS, TODAY, treatment=state)] == ["red_flag_symptom"]


def test_an_open_dose_suggestion_closes_with_a_reason_when_treatment_stops():
    found = evaluate(steady_journal(), STEPS, TODAY)
    review = next(s for s in found if s.code == "no_improvement_at_target")
    reasons = closing_reasons([(review.key, review.code)], (), Treatment.STOPPED)
    assert reasons == {review.key: "Closed by itself: the patient's treatment is stopped."}


def test_an_ongoing_situation_that_is_over_closes_and_a_reported_event_stays_open():
    reasons = closing_reasons([("missed_doses:2026-01-05", "missed_doses"),
                               ("new_opioid_reported:2026-01-05", "new_opioid_reported")],
                              (), Treatment.ACTIVE)
    assert list(reasons) == ["missed_doses:2026-01-05"]
    assert "no longer found" in reasons["missed_doses:2026-01-05"]


def test_a_suggestion_still_found_stays_open():
    found = evaluate(steady_journal(), STEPS, TODAY)
    assert closing_reasons([(s.key, s.code) for s in found], found, Treatment.ACTIVE) == {}


def test_a_new_opioid_of_a_paused_patient_never_says_to_hold_a_dose_not_taken():
    journal = [check_in(100, events=frozenset({"new_opioid"}))]
    active = evaluate(journal, STEPS, TODAY)[0].message
    paused = evaluate(journal, STEPS, TODAY, treatment=Treatment.PAUSED)[0].message
    assert "consider holding LDN" in active
    assert "holding" not in paused and "LDN is paused" in paused
