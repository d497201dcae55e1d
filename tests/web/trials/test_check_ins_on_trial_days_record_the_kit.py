"""On a blinded trial day the check-in records the kit's code, never a dose the
patient could read; the plan's before/after (n-of-1) analysis leaves trial
days out and says so, since the plan's dose is not what was taken."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def _check_in(patient, day):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.services import CheckInAnswers, save_check_in

    return save_check_in(patient, day, CheckInAnswers(dose_taken=True, ratings={"pain": 5}),
                         evaluate_after=False)


def test_a_check_in_on_a_trial_day_records_the_kit_code_and_no_dose(world):
    from ldncare.web.care.treatment import patient_today

    trial = trials_world.move_into_past(trials_world.make_trial(world), 20)
    today = patient_today(world.patient)
    row = _check_in(world.patient, today)
    period = trial.periods.get(start__lte=today, end__gte=today)
    assert row.kit_code == period.code
    assert row.dose_taken is True and row.dose_mg is None
    assert row.data["dose"]["mg"] is None


def test_a_check_in_outside_the_trial_records_no_kit_code(world):
    from ldncare.web.care.treatment import patient_today

    trial = trials_world.make_trial(world, start=patient_today(world.patient) + dt.timedelta(days=3))
    row = _check_in(world.patient, patient_today(world.patient))
    assert row.kit_code == "" and trial.start > row.day


def test_after_a_stop_for_safety_the_check_in_is_no_trial_day_again(world):
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.trials.periods import kit_on
    from ldncare.web.trials.services import stop_trial

    trial = trials_world.move_into_past(trials_world.make_trial(world), 20)
    today = patient_today(world.patient)
    assert kit_on(world.patient, today) is not None
    stop_trial(trial, by=world.users["prescriber"], reason="Severe insomnia")
    assert kit_on(world.patient, today + dt.timedelta(days=1)) is None
    # The days before the stop stay trial days.
    assert kit_on(world.patient, today - dt.timedelta(days=2)) is not None


def test_a_revised_trial_day_check_in_keeps_the_kit_code(world):
    from ldncare.web.care.treatment import patient_today

    trials_world.move_into_past(trials_world.make_trial(world), 20)
    today = patient_today(world.patient)
    first = _check_in(world.patient, today)
    again = _check_in(world.patient, today)
    assert again.pk == first.pk and again.revision == 2
    assert again.kit_code == first.kit_code != "" and again.dose_mg is None


def test_the_n_of_1_analysis_of_the_plan_leaves_the_trial_days_out(world):
    from ldncare.web.insights.queries import analyse
    from ldncare.web.journal.models import CheckIn

    trial = trials_world.move_into_past(trials_world.make_trial(world), 120)
    trials_world.seed_check_ins(trial, effect=-2.0)
    before = trial.start - dt.timedelta(days=1)
    CheckIn.objects.create(patient=world.patient, day=before, dose_taken=True, pain=6)
    analysis = analyse(world.patient)
    trial_rows = CheckIn.objects.filter(patient=world.patient, day__gte=trial.start,
                                        day__lte=trial.end).count()
    assert analysis.trial_days_left_out == trial_rows > 0
    pain = analysis.series["pain"]
    assert before in pain and not any(trial.start <= day <= trial.end for day in pain)


def test_the_n_of_1_page_says_trial_days_are_left_out(world, client):
    from ldntest.world import log_in

    trial = trials_world.move_into_past(trials_world.make_trial(world), 120)
    trials_world.seed_check_ins(trial, effect=-2.0)
    log_in(client, world.users["patient"])
    page = client.get("/insights/me/").content.decode()
    assert 'data-testid="nof1-trial-days"' in page and "blinded n-of-1 trial" in page


def test_the_api_check_in_on_a_trial_day_answers_the_kit_code_and_no_dose(world, login, client):
    import json

    from ldncare.web.care.treatment import patient_today

    trial = trials_world.move_into_past(trials_world.make_trial(world), 20)
    today = patient_today(world.patient)
    login(world.users["patient"])
    response = client.post("/api/journal/check-ins", json.dumps({"day": today.isoformat()}),
                           content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    body = response.json()
    assert body["kit_code"] == trial.periods.get(start__lte=today, end__gte=today).code
    assert body["dose_mg"] is None
