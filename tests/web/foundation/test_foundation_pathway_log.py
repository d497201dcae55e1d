"""The pathway is an append-only log: who, when, what, why; the patient's
state follows it, and illegal steps are refused without writing anything."""

from __future__ import annotations

import pytest

from ldncare.pathway import PathwayError, State
from ldncare.web.care.models import AppendOnlyError, PathwayEvent
from ldncare.web.care.services import ConcurrentChange, record_step


def test_a_step_is_recorded_with_who_what_and_why_and_moves_the_state(world):
    patient, prescriber = world.patient, world.users["prescriber"]
    record_step(patient, State.INTAKE_SUBMITTED, actor=patient.user, summary="Intake sent")
    record_step(patient, State.SCREENED, actor=None, summary="Screened: ok")
    event = record_step(patient, State.DECLINED, actor=prescriber, summary="Declined",
                        reason="Takes tramadol daily")
    patient.refresh_from_db()
    assert patient.state == "declined"
    assert (event.actor, event.reason) == (prescriber, "Takes tramadol daily")
    assert [e.state for e in patient.events.all()] == [
        "registered", "intake_submitted", "screened", "declined"]


def test_an_illegal_step_is_refused_and_nothing_is_written(world):
    before = PathwayEvent.objects.count()
    with pytest.raises(PathwayError, match="cannot move"):
        record_step(world.patient, State.SHIPPED, actor=None, summary="skip ahead")
    world.patient.refresh_from_db()
    assert world.patient.state == "registered"
    assert PathwayEvent.objects.count() == before


def test_recorded_events_cannot_be_changed_or_deleted(world):
    event = world.patient.events.first()
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_audited_records_refuse_bulk_updates_that_would_bypass_the_audit_log(world):
    with pytest.raises(TypeError, match="audited"):
        PathwayEvent.objects.filter(patient=world.patient).update(summary="x")


def test_the_second_of_two_people_acting_on_the_same_version_gets_a_clear_message(world):
    patient = world.patient
    version = patient.version
    record_step(patient, State.INTAKE_SUBMITTED, actor=patient.user, summary="first",
                expected_version=version)
    with pytest.raises(ConcurrentChange, match="Someone else changed"):
        record_step(patient, State.STOPPED, actor=world.users["prescriber"], summary="second",
                    expected_version=version)
    patient.refresh_from_db()
    assert patient.state == "intake_submitted"
