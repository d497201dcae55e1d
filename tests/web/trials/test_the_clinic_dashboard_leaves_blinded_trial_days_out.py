"""The clinic dashboard judges each patient's "latest" response without the
days of a blinded n-of-1 trial (on those days a coded kit was taken, maybe
placebo, not the plan's dose), says how many days it left out, and reads the
trials of the whole clinic in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db

#: Pain off the trial, and on the trial days (as if a kit had worked wonders).
PLAN_PAIN, TRIAL_PAIN = 8, 2


def _on_ldn_with_a_trial(world, patient=None, *, trial_began: int = 40,  # type: ignore[no-untyped-def]
                         stopped: int | None = None):
    """``patient`` on LDN for 120 days, rating pain every day: ``PLAN_PAIN`` on
    plan days and ``TRIAL_PAIN`` on the days of a trial that began
    ``trial_began`` days ago (stopped for safety ``stopped`` days ago)."""
    from ldncare.pathway import State
    from ldncare.web.care.models import PathwayEvent
    from ldncare.web.journal.models import CheckIn
    from ldncare.web.trials.periods import trial_days

    patient = patient or world.patient
    today = timezone.localdate()
    PathwayEvent.objects.create(patient=patient, state=State.ACTIVE,
                                actor=world.users["prescriber"], summary="first dose",
                                at=timezone.now() - dt.timedelta(days=120))
    trial = trials_world.move_into_past(trials_world.make_trial(world, patient), trial_began)
    if stopped is not None:
        trial.status, trial.stop_reason = "stopped", "Severe insomnia"
        trial.stopped_at = timezone.now() - dt.timedelta(days=stopped)
        trial.save(update_fields=["status", "stop_reason", "stopped_at"])
    blinded = trial_days(patient)
    for back in range(134, -1, -1):  # 14 baseline days, then every day on LDN
        day = today - dt.timedelta(days=back)
        CheckIn.objects.create(patient=patient, day=day, dose_taken=True,
                               pain=TRIAL_PAIN if day in blinded else PLAN_PAIN)
    return trial


def _numbers(world):  # type: ignore[no-untyped-def]
    from ldncare.web.care.models import Patient
    from ldncare.web.insights.queries import courses, journal_numbers
    from ldncare.web.trials.periods import trial_spans_of

    started = courses(world.users["prescriber"], timezone.localdate())
    return journal_numbers(started, trial_spans_of(Patient.objects.values("pk")))


def test_the_latest_window_counts_only_the_plan_days_after_a_trial_stopped(world):
    # Blinded from 40 to 20 days ago: the last 28 days hold 8 trial days and 21 plan days.
    _on_ldn_with_a_trial(world, trial_began=40, stopped=20)
    numbers = _numbers(world)[world.patient.pk]
    assert numbers.latest["pain"] == (float(PLAN_PAIN), 20)
    assert numbers.baseline["pain"] == float(PLAN_PAIN)


def test_a_patient_on_a_trial_all_through_the_latest_window_is_not_judged_on_it(world):
    from ldncare.outcomes import Response
    from ldncare.web.insights.queries import patient_summaries

    _on_ldn_with_a_trial(world, trial_began=40)
    assert "pain" not in _numbers(world)[world.patient.pk].latest
    summary = next(s for s in patient_summaries(world.users["prescriber"])
                   if s.patient_id == str(world.patient.pk))
    assert summary.response is not Response.RESPONDER


def test_the_dashboard_leaves_out_as_many_days_as_the_patients_own_page(world):
    from ldncare.web.insights.queries import analyse, patient_summaries

    _on_ldn_with_a_trial(world, trial_began=40, stopped=20)
    summary = next(s for s in patient_summaries(world.users["prescriber"])
                   if s.patient_id == str(world.patient.pk))
    assert summary.trial_days_left_out == analyse(world.patient).trial_days_left_out == 21


def test_the_dashboard_page_says_how_many_trial_days_it_left_out(world, login, client):
    _on_ldn_with_a_trial(world, trial_began=40, stopped=20)
    login(world.users["prescriber"])
    page = client.get("/insights/").content.decode()
    assert 'data-testid="dashboard-trial-days"' in page
    assert "21 recorded days of blinded n-of-1 trials (1 patient) are left out" in page
    assert "coded trial kit" in page


def test_a_clinic_without_trials_shows_no_trial_note(world, login, client):
    login(world.users["prescriber"])
    assert 'data-testid="dashboard-trial-days"' not in client.get("/insights/").content.decode()


def test_more_patients_on_trials_cost_no_more_queries(world):
    from ldncare.web.insights.queries import clinic_report
    from ldntest.world import make_patient

    _on_ldn_with_a_trial(world, trial_began=40, stopped=20)
    clinic_report(world.users["prescriber"])  # warm: content types, definitions
    with CaptureQueriesContext(connection) as one:
        clinic_report(world.users["prescriber"])
    for i in range(3):
        other = make_patient(f"trial-{i}@patients.example", world.clinic)
        _on_ldn_with_a_trial(world, other, trial_began=30 + i)
    with CaptureQueriesContext(connection) as four:
        report = clinic_report(world.users["prescriber"])
    assert len(four.captured_queries) == len(one.captured_queries)
    assert report.trial_patients == 4
