"""Dose changes: each stores a new plan version and keeps the old ones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldncare.pathway import State
from ldncare.web.care.prescribing_services import PrescribingError, apply_dose_change
from ldncare.web.care.services import ConcurrentChange
from web.prescribing.prescribing_setup import prescribe


@pytest.fixture
def prescription(world):
    return prescribe(world.patient, world.users["prescriber"], world.pharmacy)


def _change(world, prescription, kind, days=3, **extra):
    start = prescription.current_plan().titration_plan().start
    return apply_dose_change(prescription, kind=kind, actor=world.users["prescriber"],
                             reason=f"because: {kind}", on_date=start + timedelta(days=days),
                             **extra)


@pytest.mark.parametrize("kind", ["advance", "hold", "switch_to_morning", "pause", "stop"])
def test_each_dose_change_adds_a_version_and_keeps_the_old(world, prescription, kind):
    before = prescription.current_plan()
    stored = _change(world, prescription, kind)
    assert stored.version == before.version + 1
    assert stored.change_kind == stored.titration_plan().last_change.kind.value
    assert stored.reason == f"because: {kind}"
    assert stored.created_by == world.users["prescriber"]
    assert prescription.plan_versions.count() == 2
    assert prescription.plan_versions.get(version=1).plan == before.plan


def test_step_back_and_resume_follow_an_advance_and_a_pause(world, prescription):
    _change(world, prescription, "advance", days=2)
    assert _change(world, prescription, "step_back", days=20).change_kind == "stepped_back"
    _change(world, prescription, "pause", days=30)
    assert _change(world, prescription, "resume", days=40).change_kind == "resumed"
    assert list(prescription.plan_versions.values_list("version", flat=True)) == [1, 2, 3, 4, 5]


def test_stop_stops_the_prescription_and_the_pathway(world, prescription):
    _change(world, prescription, "stop")
    prescription.refresh_from_db()
    world.patient.refresh_from_db()
    assert prescription.status == "stopped"
    assert world.patient.pathway_state == State.STOPPED
    with pytest.raises(PrescribingError, match="stopped"):
        _change(world, prescription, "advance", days=5)


def test_a_change_the_plan_cannot_take_is_refused_with_the_core_message(world, prescription):
    with pytest.raises(PrescribingError, match="resume"):
        _change(world, prescription, "resume")
    assert prescription.plan_versions.count() == 1


def test_a_change_needs_a_reason(world, prescription):
    with pytest.raises(PrescribingError) as refused:
        apply_dose_change(prescription, kind="hold", actor=world.users["prescriber"], reason=" ",
                          on_date=prescription.current_plan().titration_plan().start)
    assert refused.value.field == "reason"


def test_advancing_past_the_ceiling_needs_a_reason_and_the_hard_maximum_never_passes(
        world, prescription):
    plan = prescription.current_plan().titration_plan()
    day = plan.steps[-1].start + timedelta(days=1)
    doctor = world.users["prescriber"]
    while plan.steps[-1].dose.mg < plan.limits.clinic_ceiling.mg:
        apply_dose_change(prescription, kind="advance", actor=doctor, reason="tolerating", on_date=day)
        plan, day = prescription.current_plan().titration_plan(), day + timedelta(days=14)
    with pytest.raises(PrescribingError) as refused:
        apply_dose_change(prescription, kind="advance", actor=doctor, reason="more", on_date=day)
    assert refused.value.field == "override_reason"
    while True:
        try:
            apply_dose_change(prescription, kind="advance", actor=doctor, reason="more",
                              on_date=day, override_reason="partial response at 4.5 mg")
        except PrescribingError as error:
            assert "hard maximum" in str(error)
            break
        day += timedelta(days=14)
    assert prescription.current_plan().titration_plan().target.mg <= plan.limits.hard_maximum.mg


def test_two_prescribers_changing_at_once_the_second_gets_the_message(world, prescription):
    seen = prescription.current_plan().version
    _change(world, prescription, "hold", expected_plan_version=seen)
    with pytest.raises(ConcurrentChange):
        _change(world, prescription, "switch_to_morning", expected_plan_version=seen)
    assert prescription.plan_versions.count() == 2


def test_clinic_staff_cannot_change_a_dose(world, prescription):
    with pytest.raises(PrescribingError):
        apply_dose_change(prescription, kind="hold", actor=world.users["clinic_staff"],
                          reason="x", on_date=prescription.current_plan().titration_plan().start)
