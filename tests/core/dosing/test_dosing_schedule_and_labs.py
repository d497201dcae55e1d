from datetime import date

from ldncare.dosing import build_plan, dose_events, lab_checks_due, load_library, pause
from ldncare.units import Dose

START = date(2026, 1, 1)


def test_the_schedule_has_one_event_per_day_in_range():
    plan = build_plan(load_library().get("standard"), START)
    events = list(dose_events(plan, date(2025, 12, 25), date(2026, 1, 31)))
    assert len(events) == 31 and events[0].day == START
    assert events[14].dose == Dose("3") and events[14].step_number == 2


def test_paused_days_have_no_event_unless_asked():
    plan = pause(build_plan(load_library().get("standard"), START), date(2026, 1, 11), "dr", "surgery")
    assert len(list(dose_events(plan, START, date(2026, 1, 20)))) == 10
    assert len(list(dose_events(plan, START, date(2026, 1, 20), include_pauses=True))) == 20


def test_thyroid_cautious_prompts_labs_four_to_six_weeks_after_start_and_maintenance():
    plan = build_plan(load_library().get("thyroid-cautious"), START)
    prompts = lab_checks_due(plan)
    assert prompts[0].due_from == date(2026, 1, 29) and prompts[0].due_by == date(2026, 2, 12)
    assert prompts[1].anchor == plan.steps[-1].start


def test_protocols_without_lab_rules_prompt_nothing():
    assert lab_checks_due(build_plan(load_library().get("standard"), START)) == ()
