"""Approving and declining LDN: the screening gate, what approval creates,
the dose limits, and two prescribers at once."""

from __future__ import annotations

import pytest
from django.core import mail

from ldncare.dosing import custom_protocol
from ldncare.pathway import State
from ldncare.units import Dose
from ldncare.web.care.models import PlanVersion, Prescription
from ldncare.web.care.prescribing_services import (
    ApprovalBlocked,
    PrescribingError,
    approve_prescription,
    decline_prescription,
)
from ldncare.web.care.services import ConcurrentChange
from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import agreement_off, approval, prescribe, screen


def _approve(world, **overrides):
    patient = world.patient
    patient.refresh_from_db()
    return approve_prescription(patient, prescriber=world.users["prescriber"],
                                request=approval(world.pharmacy, **overrides),
                                expected_version=patient.version)


def test_approval_creates_prescription_plan_order_and_events_and_tells_the_patient(
        world, django_capture_on_commit_callbacks):
    # A clinic that agrees the cost another way: approval sends at once (see
    # test_the_patient_agrees_to_the_cost_before_sending for the default).
    agreement_off(world)
    screen(world.patient)
    with django_capture_on_commit_callbacks(execute=True):
        prescription = _approve(world)
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.SENT_TO_PHARMACY
    states = list(world.patient.events.values_list("state", flat=True))
    assert states[-2:] == [State.PRESCRIBED, State.SENT_TO_PHARMACY]
    version = prescription.current_plan()
    assert version.version == 1 and version.change_kind == "created"
    assert version.titration_plan().target == Dose("4.5")
    assert version.data_version
    assert Order.objects.filter(prescription=prescription, fill_number=0,
                                pharmacy=world.pharmacy).count() == 1
    assert prescription.screening.trigger == "prescription"
    assert mail.outbox[-1].to == [world.patient.user.email]
    assert "approved" in mail.outbox[-1].subject


def test_approval_is_blocked_while_the_screening_is_contraindicated(world):
    screen(world.patient, currently_taking_opioids=True)
    with pytest.raises(ApprovalBlocked, match="contraindicated"):
        _approve(world)
    assert not Prescription.objects.exists()
    # the fresh screening is kept so the panel shows what was found
    assert world.patient.screenings.filter(trigger="prescription").count() == 1


def test_approval_is_blocked_when_the_patient_was_never_screened(world):
    from ldncare.web.care.services import record_step

    record_step(world.patient, State.INTAKE_SUBMITTED, actor=None, summary="sent")
    with pytest.raises(ApprovalBlocked, match="no screening"):
        _approve(world)


def test_a_recorded_proceed_decision_carries_over_to_the_fresh_screening(world):
    from ldncare.web.care.screening_services import record_screening_decision

    screening = screen(world.patient, thyroid_treatment=True, drinks_alcohol=True,
                       medications=["tramadol"], no_medications=False)
    if screening.verdict not in {"contraindicated", "needs_review"}:
        pytest.skip("these answers no longer need a decision")
    if screening.verdict == "contraindicated":
        with pytest.raises(ApprovalBlocked):
            _approve(world)
        return
    record_screening_decision(screening, prescriber=world.users["prescriber"],
                              decision="proceed", reason="discussed with the patient")
    assert _approve(world).pk


def test_a_target_above_the_ceiling_needs_an_override_reason(world):
    screen(world.patient)
    above = custom_protocol(Dose("1.5"), Dose("1.5"), 14, Dose("6"))
    with pytest.raises(PrescribingError) as refused:
        _approve(world, protocol=above, dosage_form=approval(world.pharmacy).dosage_form)
    assert refused.value.field == "override_reason"
    assert not Prescription.objects.exists()
    prescription = _approve(world, protocol=above, override_reason="FINAL trial titrated to 6 mg")
    assert prescription.current_plan().titration_plan().target == Dose("6")


def test_the_hard_maximum_is_refused_whatever_the_reason(world):
    screen(world.patient)
    above = custom_protocol(Dose("1.5"), Dose("1.5"), 14, Dose("12"))
    with pytest.raises(PrescribingError, match="hard maximum") as refused:
        _approve(world, protocol=above, override_reason="I insist")
    assert refused.value.field == "protocol"
    assert not Prescription.objects.exists()
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.SCREENED


def test_a_dose_the_capsules_cannot_make_is_refused_beside_the_strengths(world):
    from ldncare.dosing import Capsules

    screen(world.patient)
    with pytest.raises(PrescribingError) as refused:
        _approve(world, dosage_form=Capsules((Dose("4"),)))
    assert refused.value.field == "strengths"
    assert not Prescription.objects.exists() and not PlanVersion.objects.exists()


def test_an_oral_liquid_prescription_is_stored_with_its_concentration(world):
    from web.prescribing.prescribing_setup import liquid

    screen(world.patient)
    prescription = _approve(world, dosage_form=liquid("1"))
    assert prescription.form == "oral_liquid" and prescription.concentration_mg_per_ml == 1


def test_the_second_of_two_prescribers_approving_at_once_gets_the_message(world):
    from ldntest.world import make_user

    screen(world.patient)
    world.patient.refresh_from_db()
    seen_version = world.patient.version
    second = make_user("doc2@a.example", "prescriber", world.clinic)
    approve_prescription(world.patient, prescriber=world.users["prescriber"],
                         request=approval(world.pharmacy), expected_version=seen_version)
    stale = type(world.patient).objects.get(pk=world.patient.pk)
    stale.version, stale.state = seen_version, State.SCREENED  # what the second one loaded
    with pytest.raises(ConcurrentChange):
        approve_prescription(stale, prescriber=second, request=approval(world.pharmacy),
                             expected_version=seen_version)
    assert Prescription.objects.count() == 1


def test_only_a_prescriber_of_the_clinic_can_approve(world):
    screen(world.patient)
    world.patient.refresh_from_db()
    with pytest.raises(PrescribingError):
        approve_prescription(world.patient, prescriber=world.users["clinic_staff"],
                             request=approval(world.pharmacy),
                             expected_version=world.patient.version)


def test_declining_records_a_reason_the_patient_sees(world, django_capture_on_commit_callbacks):
    screen(world.patient)
    world.patient.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        decline_prescription(world.patient, prescriber=world.users["prescriber"],
                             reason="Your liver tests need repeating first.",
                             expected_version=world.patient.version)
    event = world.patient.events.order_by("-at", "-id").first()
    assert event.state == State.DECLINED and event.visible_to_patient
    assert event.reason == "Your liver tests need repeating first."
    assert "liver tests" in mail.outbox[-1].body


def test_declining_without_a_reason_changes_nothing(world):
    screen(world.patient)
    world.patient.refresh_from_db()
    with pytest.raises(PrescribingError) as refused:
        decline_prescription(world.patient, prescriber=world.users["prescriber"], reason="  ",
                             expected_version=world.patient.version)
    assert refused.value.field == "reason"
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.SCREENED


def test_a_patient_already_prescribed_cannot_be_approved_again(world):
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    with pytest.raises(PrescribingError, match="not waiting"):
        _approve(world)
