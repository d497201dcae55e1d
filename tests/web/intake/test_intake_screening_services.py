"""Running, storing, reproducing and deciding on safety screenings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from ldncare.pathway import State
from ldncare.screening import ScreeningInput, ScreeningInputError, load_rule_set
from ldncare.web.care import screening_services as services
from ldncare.web.care.models import PathwayEvent, Screening
from ldncare.web.care.services import ConcurrentChange

TODAY = date(2025, 6, 1)


def screen_patient(world, *medications, captured=None, **answers):  # type: ignore[no-untyped-def]
    inputs = ScreeningInput(medications=tuple(medications), **answers)
    return services.run_screening(world.patient, trigger=Screening.Trigger.PRESCRIPTION,
                                  inputs=inputs, actor=world.users["prescriber"], today=TODAY)


def test_a_screening_is_stored_with_its_verdict_version_and_inputs(world):
    screening = screen_patient(world, "levothyroxine 50 mcg")
    stored = Screening.objects.get(pk=screening.pk)
    assert stored.verdict == "caution"
    assert stored.rule_set_version == load_rule_set().version
    assert stored.inputs["medications"] == ["levothyroxine 50 mcg"]
    assert stored.result["verdict"] == "caution"
    assert stored.screened_on == TODAY


def test_rerunning_the_stored_inputs_gives_the_same_verdict(world):
    screening = screen_patient(world, "Percocet 10/325", "vitamin d",
                               last_opioid_dose=TODAY - timedelta(days=3))
    again = services.reproduce(Screening.objects.get(pk=screening.pk))
    assert again.verdict == screening.verdict == "contraindicated"
    assert again.as_dict() == screening.result


def test_an_opioid_is_contraindicated_and_alerts_each_prescriber_of_the_clinic(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screening = screen_patient(world, "tramadol 50 mg")
    assert screening.verdict == "contraindicated"
    assert [m.to for m in mail.outbox] == [[world.users["prescriber"].email]]
    assert "tramadol" not in mail.outbox[0].body  # no clinical detail in an e-mail
    assert f"/patients/{world.patient.pk}/" in mail.outbox[0].body


def test_an_unrecognised_medicine_needs_review_and_alerts_the_prescriber(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screening = screen_patient(world, "zorblax herbal drops")
    assert screening.verdict == "needs_review"
    finding = screening.result["findings"][0]
    assert finding["applies_to"] == "zorblax herbal drops"
    assert len(mail.outbox) == 1


def test_a_harmless_list_sends_no_alert(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screening = screen_patient(world, "vitamin d")
    assert screening.verdict in {"ok", "caution"}
    assert mail.outbox == []


def test_a_future_last_dose_is_refused_and_nothing_is_stored(world):
    with pytest.raises(ScreeningInputError):
        screen_patient(world, last_opioid_dose=TODAY + timedelta(days=1))
    assert not Screening.objects.exists()


def test_a_new_medicine_is_screened_with_the_last_inputs_plus_it(
        world, django_capture_on_commit_callbacks):
    first = screen_patient(world, "vitamin d", thyroid_treatment=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_new_medication(world.patient, "kratom", world.users["patient"])
    assert again.trigger == Screening.Trigger.NEW_MEDICATION
    assert again.inputs["medications"] == ["vitamin d", "kratom"]
    assert again.inputs["thyroid_treatment"] is True
    assert again.verdict == "contraindicated"
    assert first.pk != again.pk
    assert len(mail.outbox) == 1


def test_a_new_medicine_of_an_active_patient_that_needs_a_prescriber_puts_them_in_review(world):
    world.patient.state = State.ACTIVE
    world.patient.save(update_fields=["state"])
    services.report_new_medication(world.patient, "oxycodone 5 mg", world.users["patient"])
    world.patient.refresh_from_db()
    assert world.patient.state == State.SCREENED


def test_a_harmless_new_medicine_leaves_an_active_patient_active(world):
    world.patient.state = State.ACTIVE
    world.patient.save(update_fields=["state"])
    services.report_new_medication(world.patient, "vitamin d", world.users["patient"])
    world.patient.refresh_from_db()
    assert world.patient.state == State.ACTIVE
    assert PathwayEvent.objects.filter(patient=world.patient,
                                       summary__startswith="Safety screening").exists()


def test_an_empty_new_medicine_is_refused(world):
    with pytest.raises(ScreeningInputError):
        services.report_new_medication(world.patient, "  ", world.users["patient"])
    assert not Screening.objects.exists()


def test_a_prescriber_of_the_clinic_records_a_decision_with_a_reason(world):
    screening = screen_patient(world, "zorblax herbal drops")
    decided = services.record_screening_decision(
        screening, prescriber=world.users["prescriber"], decision="proceed",
        reason="Drops are a herbal tea extract with no opioid; checked the label.")
    assert decided.decision == "proceed" and decided.decided_by == world.users["prescriber"]
    assert not Screening.objects.get(pk=screening.pk).blocks_approval
    assert PathwayEvent.objects.filter(patient=world.patient,
                                       summary="Screening decision: proceed despite the findings"
                                       ).exists()


@pytest.mark.parametrize("who", ["clinic_staff", "clinic_admin", "patient", "pharmacist"])
def test_only_a_prescriber_may_decide(world, who):
    screening = screen_patient(world, "zorblax herbal drops")
    with pytest.raises(services.ScreeningDecisionError):
        services.record_screening_decision(screening, prescriber=world.users[who],
                                           decision="proceed", reason="fine")
    assert Screening.objects.get(pk=screening.pk).decision == ""


def test_a_prescriber_of_another_clinic_may_not_decide(world):
    from ldntest.world import make_user

    outsider = make_user("doc@b.example", "prescriber", world.other_clinic)
    screening = screen_patient(world, "zorblax herbal drops")
    with pytest.raises(services.ScreeningDecisionError):
        services.record_screening_decision(screening, prescriber=outsider, decision="decline",
                                           reason="no")


@pytest.mark.parametrize(("decision", "reason", "field"), [
    ("proceed", "", "reason"), ("proceed", "   ", "reason"), ("maybe", "because", "decision"),
    ("decline", "x" * 2001, "reason"),
])
def test_a_decision_needs_a_known_choice_and_a_reason(world, decision, reason, field):
    screening = screen_patient(world, "zorblax herbal drops")
    with pytest.raises(services.ScreeningDecisionError) as problem:
        services.record_screening_decision(screening, prescriber=world.users["prescriber"],
                                           decision=decision, reason=reason)
    assert problem.value.field == field
    assert Screening.objects.get(pk=screening.pk).decision == ""


def test_a_decision_once_made_cannot_be_silently_changed(world):
    screening = screen_patient(world, "zorblax herbal drops")
    services.record_screening_decision(screening, prescriber=world.users["prescriber"],
                                       decision="decline", reason="Unknown product.")
    with pytest.raises(ConcurrentChange):
        services.record_screening_decision(screening, prescriber=world.users["prescriber"],
                                           decision="proceed", reason="Changed my mind.")
    stored = Screening.objects.get(pk=screening.pk)
    assert (stored.decision, stored.decision_reason) == ("decline", "Unknown product.")


def test_a_screening_that_needs_no_decision_takes_none(world):
    screening = screen_patient(world, "vitamin d")
    with pytest.raises(services.ScreeningDecisionError):
        services.record_screening_decision(screening, prescriber=world.users["prescriber"],
                                           decision="proceed", reason="fine")
