from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.journal.checkin import record_check_in, revise_check_in
from ldncare.journal.errors import JournalError
from ldncare.journal.instruments import score
from ldncare.journal.rules import (
    Action,
    PlanStep,
    Suggestion,
    Urgency,
    evaluate,
    load_rulebook,
    rule_settings,
)

START = date(2026, 1, 1)
TZ = "Europe/London"


def day(n: int) -> date:
    return START + timedelta(days=n)


def check_in(n: int, **kw):
    d = day(n)
    return record_check_in(day=d, recorded_at=datetime(d.year, d.month, d.day, 21, tzinfo=UTC),
                           time_zone=TZ, **kw)


def codes(found) -> list[str]:
    return [s.code for s in found]


STEPS = [PlanStep(day(0), Decimal("1.5")), PlanStep(day(14), Decimal("3")),
         PlanStep(day(28), Decimal("4.5"))]


def test_every_rule_has_an_urgency_action_rationale_and_source():
    book = load_rulebook()
    assert book.version
    for rule in book.rules:
        assert rule.rationale.strip() and rule.source.strip()
    for setting in book.settings.values():
        assert setting.source.strip()


def test_a_new_opioid_reported_is_an_urgent_hold():
    found = evaluate([check_in(30, events={"new_opioid"})], STEPS, day(31))
    assert found[0].code == "new_opioid_reported"
    assert found[0].urgency is Urgency.URGENT and found[0].action is Action.HOLD


def test_a_pregnancy_reported_is_urgent():
    found = evaluate([check_in(30, events={"pregnant"})], STEPS, day(30))
    (s,) = [s for s in found if s.code == "pregnancy_reported"]
    assert s.urgency is Urgency.URGENT and s.action is Action.REVIEW


def test_an_old_event_no_longer_raises_a_suggestion():
    assert evaluate([check_in(1, events={"pregnant"})], STEPS, day(40)) == ()


def test_a_red_flag_symptom_asks_to_contact_the_patient_urgently():
    found = evaluate([check_in(30, side_effects={"liver_warning_signs": "mild"})], STEPS, day(30))
    assert codes(found) == ["red_flag_symptom"]
    assert found[0].action is Action.CONTACT_PATIENT and "yellow skin" in found[0].message


def test_a_severe_side_effect_during_titration_suggests_an_urgent_hold():
    found = evaluate([check_in(20, side_effects={"headache": "severe"})], STEPS, day(21))
    assert codes(found) == ["severe_side_effect"]
    assert found[0].action is Action.HOLD and "3 mg" in found[0].message


def test_a_severe_side_effect_at_maintenance_suggests_stepping_back_since_there_is_nothing_to_hold():
    found = evaluate([check_in(30, side_effects={"headache": "severe"})], STEPS, day(31))
    assert codes(found) == ["severe_side_effect"]
    assert found[0].action is Action.STEP_BACK and "4.5 mg" in found[0].message


def test_a_moderate_side_effect_is_not_an_urgent_hold():
    assert evaluate([check_in(30, side_effects={"headache": "moderate"})], STEPS, day(31)) == ()


def test_a_severe_side_effect_a_week_ago_is_no_longer_current():
    assert evaluate([check_in(30, side_effects={"headache": "severe"})], STEPS, day(37)) == ()


def test_phq9_item_nine_is_an_urgent_contact():
    result = score("phq-9", {str(i): 0 for i in range(1, 9)} | {"9": 1},
                   completed_at=datetime(2026, 2, 1, 10, tzinfo=UTC))
    found = evaluate([], STEPS, date(2026, 2, 2), scores=[result])
    assert codes(found) == ["self_harm_thoughts"] and found[0].urgency is Urgency.URGENT


def sleepy_nights(first: int, last: int):
    return [check_in(n, vivid_dreams=True) for n in range(first, last + 1)]


def test_sleep_side_effects_past_the_settling_period_suggest_morning_dosing():
    steps = [PlanStep(day(0), Decimal("1.5"))]
    found = evaluate(sleepy_nights(10, 20), steps, day(20))
    assert codes(found) == ["sleep_beyond_settling"]
    assert found[0].action is Action.SWITCH_TO_MORNING and "14 days" in found[0].message


def test_sleep_side_effects_within_the_settling_period_raise_nothing():
    steps = [PlanStep(day(0), Decimal("1.5"))]
    assert evaluate(sleepy_nights(0, 13), steps, day(13)) == ()


def test_sleep_side_effects_that_stopped_raise_nothing():
    steps = [PlanStep(day(0), Decimal("1.5"))]
    assert evaluate(sleepy_nights(0, 12), steps, day(20)) == ()


def test_sleep_side_effects_already_on_morning_dosing_suggest_stepping_back():
    steps = [PlanStep(day(0), Decimal("3"), "morning")]
    found = evaluate(sleepy_nights(12, 20), steps, day(20))
    assert found[0].action is Action.STEP_BACK


def test_a_clinic_can_shorten_the_settling_period():
    steps = [PlanStep(day(0), Decimal("1.5"))]
    found = evaluate(sleepy_nights(5, 12), steps, day(12),
                     settings=rule_settings({"sleep_settling_days": 10}))
    assert codes(found) == ["sleep_beyond_settling"]


def test_a_settling_period_restarts_with_each_new_step():
    found = evaluate(sleepy_nights(25, 32), STEPS, day(32))  # 4.5 mg started on day 28
    assert "sleep_beyond_settling" not in codes(found)


def test_three_missed_doses_in_a_week_ask_to_contact_the_patient():
    ins = [check_in(n, dose_taken=(n % 2 == 0)) for n in range(30, 37)]
    found = evaluate(ins, STEPS, day(36))
    assert codes(found) == ["missed_doses"] and "3 missed doses" in found[0].message


def test_two_missed_doses_in_a_week_raise_nothing():
    ins = [check_in(n, dose_taken=n not in (31, 33)) for n in range(30, 37)]
    assert evaluate(ins, STEPS, day(36)) == ()


def test_no_improvement_after_the_trial_period_at_target_suggests_a_review():
    ins = [check_in(n, ratings={"pain": 7, "fatigue": 6}) for n in range(0, 90)]
    found = evaluate(ins, STEPS, day(28 + 56))
    assert codes(found) == ["no_improvement_at_target"]
    assert found[0].urgency is Urgency.ROUTINE and found[0].action is Action.REVIEW


def test_no_review_is_suggested_before_the_trial_period_ends():
    ins = [check_in(n, ratings={"pain": 7}) for n in range(0, 80)]
    assert evaluate(ins, STEPS, day(28 + 55)) == ()


def test_an_improvement_of_two_points_counts_as_improvement():
    ins = [check_in(n, ratings={"pain": 7 if n < 20 else 5}) for n in range(0, 90)]
    assert evaluate(ins, STEPS, day(28 + 56)) == ()


def test_a_clinic_can_choose_a_longer_trial_period():
    ins = [check_in(n, ratings={"pain": 7}) for n in range(0, 90)]
    assert evaluate(ins, STEPS, day(28 + 56), settings=rule_settings({"trial_days_at_target": 84})) == ()


def test_ratings_worse_after_a_step_up_suggest_stepping_back():
    ins = [check_in(n, ratings={"pain": 4 if n < 28 else 7}) for n in range(20, 35)]
    found = evaluate(ins, STEPS, day(34))
    assert codes(found) == ["worse_after_step_up"]
    assert found[0].action is Action.STEP_BACK and "back to 3 mg" in found[0].message


def test_a_higher_mood_after_a_step_up_is_not_worse():
    ins = [check_in(n, ratings={"mood": 4 if n < 28 else 8}) for n in range(20, 35)]
    assert evaluate(ins, STEPS, day(34)) == ()


def test_only_the_latest_revision_of_a_day_counts():
    first = check_in(30, side_effects={"headache": "severe"})
    fixed = revise_check_in(first, revised_at=first.recorded_at + timedelta(hours=1),
                            side_effects={"headache": "mild"})
    assert evaluate([first, fixed], STEPS, day(30)) == ()


def test_future_entries_are_ignored():
    assert evaluate([check_in(40, events={"new_opioid"})], STEPS, day(35)) == ()


def test_urgent_suggestions_come_first():
    ins = [check_in(n, dose_taken=False) for n in range(30, 35)]
    ins.append(check_in(35, events={"new_opioid"}, dose_taken=False))
    found = evaluate(ins, STEPS, day(35))
    assert [s.urgency for s in found] == sorted((s.urgency for s in found), key=lambda u: u.rank)
    assert found[0].code == "new_opioid_reported"


def test_the_same_finding_keeps_the_same_key_on_later_nights():
    ins = [check_in(30, events={"new_opioid"})]
    assert evaluate(ins, STEPS, day(30))[0].key == evaluate(ins, STEPS, day(33))[0].key


def test_a_suggestion_round_trips_and_records_the_rules_version():
    (s,) = evaluate([check_in(30, events={"pregnant"})], STEPS, day(30))
    assert Suggestion.from_dict(s.as_dict()) == s
    assert s.rules_version == load_rulebook().version


def test_it_rejects_an_unknown_setting():
    with pytest.raises(JournalError, match="unknown rule setting"):
        rule_settings({"settle": 3})


def test_it_rejects_a_zero_setting():
    with pytest.raises(JournalError, match="at least 1"):
        rule_settings({"trial_days_at_target": 0})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.booleans(),
                          st.sampled_from([None, "mild", "moderate", "severe"]),
                          st.integers(0, 10)), max_size=30),
       st.integers(0, 120))
def test_evaluation_never_fails_and_every_suggestion_is_sourced(entries, today):
    ins = []
    for n, taken, sev, pain in entries:
        kw = {"dose_taken": taken, "ratings": {"pain": pain}}
        if sev:
            kw["side_effects"] = {"insomnia": sev}
        ins.append(check_in(n, **kw))
    for s in evaluate(ins, STEPS, day(today)):
        assert s.source and s.rationale and s.action in Action and s.day <= day(today)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 120), st.booleans(), st.integers(0, 10),
                          st.sampled_from([None, "mild", "severe"])), max_size=60),
       st.integers(0, 130))
def test_loading_only_the_days_needed_gives_the_same_suggestions(entries, today_n):
    from ldncare.journal.rules import days_needed
    ins = []
    for n, taken, pain, sev in {e[0]: e for e in entries}.values():
        kw = {"dose_taken": taken, "ratings": {"pain": pain}}
        if sev:
            kw["side_effects"] = {"insomnia": sev}
        ins.append(check_in(n, **kw))
    today = day(today_n)
    a, b, c, d = days_needed(STEPS, today)
    window = [x for x in ins if a <= x.day <= b or c <= x.day <= d]
    assert evaluate(window, STEPS, today) == evaluate(ins, STEPS, today)
