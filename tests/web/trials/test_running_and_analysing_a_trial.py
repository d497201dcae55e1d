"""The pharmacy compounds coded kits (placebo = filler only, same fill), the
prescriber follows adherence per period, the analysis is stored before the
allocation is shown, and never run early unless the trial was stopped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def test_placebo_and_active_kits_have_the_same_capsule_and_fill_weight_and_placebo_has_no_drug(world):
    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    records = [p.kit_record for p in trial.periods.all()]
    assert len({(r["capsule_size"], r["fill_weight_mg"]) for r in records}) == 1
    placebo = [r for r in records if r["arm"] == "comparator"]
    assert all(r["calculation"] is None and "no naltrexone" in r["content"] for r in placebo)
    # Every label names both possible contents; only the code and the dates differ.
    assert all("4.5 mg or placebo" in r["label"] for r in records)
    assert len({r["label"].split(":")[1].split(".")[0] for r in records}) == 1
    trial.refresh_from_db()
    assert trial.status == "kits_ready"


def test_the_analysis_is_refused_before_the_last_period_ends(world):
    from ldncare.web.trials.services import TrialFormError, analyse

    trial = trials_world.make_trial(world)
    with pytest.raises(TrialFormError, match="analysed after its last period"):
        analyse(trial, by=world.users["prescriber"])


def test_a_completed_trial_is_analysed_stored_and_then_unblinded(world):
    from ldncare.web.trials.queries import plain_result
    from ldncare.web.trials.services import analyse

    trial = trials_world.move_into_past(trials_world.make_trial(world), 90)
    trials_world.seed_check_ins(trial, effect=-2.0)
    trial = analyse(trial, by=world.users["prescriber"])
    assert trial.status == "analysed" and trial.result["verdict"] == "active better"
    assert trial.result["estimate"] < -1
    assert trial.unblinded_at >= trial.analysed_at
    assert trial.unblindings.get().kind == "after_analysis"
    sentence = plain_result(trial)
    assert sentence.startswith("On LDN 4.5 mg your pain was on average")
    assert "lower than on placebo" in sentence and "%" in sentence


def test_stopping_for_safety_needs_a_reason_and_allows_an_early_analysis(world):
    from ldncare.web.trials.services import TrialFormError, analyse, stop_trial

    trial = trials_world.move_into_past(trials_world.make_trial(world), 60)
    trials_world.seed_check_ins(trial, effect=-2.0, until=trial.start.replace() + (trial.end - trial.start) / 2)
    with pytest.raises(TrialFormError):
        stop_trial(trial, by=world.users["prescriber"], reason=" ")
    stop_trial(trial, by=world.users["prescriber"], reason="New severe insomnia")
    trial = analyse(trial, by=world.users["prescriber"])
    assert trial.status == "analysed"


def test_an_emergency_unblinding_needs_a_reason_and_names_the_current_period(world):
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.trials.queries import current_period
    from ldncare.web.trials.services import TrialFormError, emergency_unblind

    trial = trials_world.move_into_past(trials_world.make_trial(world), 20)
    with pytest.raises(TrialFormError):
        emergency_unblind(trial, by=world.users["prescriber"], reason="")
    record = emergency_unblind(trial, by=world.users["prescriber"], reason="Admitted to hospital")
    assert record.period == current_period(trial, patient_today(trial.patient))
    assert record.period.number == 2


def test_adherence_and_missing_days_are_counted_per_period(world):
    from ldncare.web.trials.queries import progress

    trial = trials_world.move_into_past(trials_world.make_trial(world), 90)
    trials_world.seed_check_ins(trial, skip_every=7)
    rows = progress(trial, trial.end)
    assert [r.days_passed for r in rows] == [14] * 6
    assert sum(r.missing_days for r in rows) == 12
    assert all(r.doses_taken == r.days_passed - r.missing_days for r in rows)
