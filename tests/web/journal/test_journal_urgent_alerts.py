"""An urgent suggestion e-mails the patient's prescriber at once (no health
details), exactly once; unacknowledged, it escalates once after the clinic's
hours; one click acknowledges it and stops the escalation."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ldncare.journal.instruments import get_instrument
from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import SentReminder, Suggestion, UrgentCareSettings
from ldncare.web.journal.services import (
    CheckInAnswers,
    evaluate_suggestions,
    save_check_in,
    schedule_questionnaire,
)
from ldncare.web.journal.urgent_services import (
    ALERT_SUBJECT,
    ESCALATION_SUBJECT,
    alert_care_team,
    escalate_overdue,
)


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=30))
    return patient


def report_self_harm(patient):
    save_check_in(patient, patient_today(patient),
                  CheckInAnswers(side_effects={"low_mood_or_self_harm_thoughts": "severe"}))
    return Suggestion.objects.get(patient=patient, code="red_flag_symptom")


def sent(subject):
    return [m for m in mail.outbox if m.subject == subject]


def test_the_prescriber_is_emailed_at_once_without_health_details(active, world):
    report_self_harm(active)
    alerts = sent(ALERT_SUBJECT)
    assert [m.to for m in alerts] == [[world.users["prescriber"].email]]
    body = alerts[0].body
    assert "/journal/patients/" in body
    for detail in ("harm", "mood", "LDN", "dose", "opioid", active.user.email):
        assert detail.lower() not in body.lower()


def test_rerunning_the_rules_never_alerts_twice(active):
    suggestion = report_self_harm(active)
    evaluate_suggestions(active)
    assert alert_care_team(suggestion) == 0  # a task delivered twice
    assert len(sent(ALERT_SUBJECT)) == 1


def test_a_routine_suggestion_sends_no_alert(active):
    today = patient_today(active)
    for n in range(4):
        save_check_in(active, today - timedelta(days=n), CheckInAnswers(dose_taken=False))
    assert Suggestion.objects.filter(patient=active, code="missed_doses").exists()
    assert not sent(ALERT_SUBJECT)


def test_the_database_queue_holds_the_alert_once_across_a_worker_restart(active):
    from django_tasks_db.models import DBTaskResult

    suggestion = report_self_harm(active)
    SentReminder.objects.filter(key=f"urgent-alert:{suggestion.pk}").delete()
    queued = alert_care_team(suggestion, backend="database")
    again = alert_care_team(suggestion, backend="database")  # the restarted worker
    assert queued == 1 and again == 0
    assert DBTaskResult.objects.count() == 1


def test_a_crash_before_commit_leaves_no_trace_and_the_next_run_alerts_once(active):
    save_check_in(active, patient_today(active),
                  CheckInAnswers(side_effects={"low_mood_or_self_harm_thoughts": "severe"}),
                  evaluate_after=False)
    with mock.patch("ldncare.web.journal.urgent_services.queue_email",
                    side_effect=RuntimeError("worker killed")), pytest.raises(RuntimeError):
        evaluate_suggestions(active)
    # The suggestion and its alert row are one transaction: neither was kept.
    assert not Suggestion.objects.filter(code="red_flag_symptom").exists()
    assert not SentReminder.objects.filter(kind="urgent_alert").exists()
    evaluate_suggestions(active)
    evaluate_suggestions(active)
    assert len(sent(ALERT_SUBJECT)) == 1


def test_an_unacknowledged_alert_escalates_once_after_the_clinics_hours(active, world):
    UrgentCareSettings.objects.create(clinic=active.clinic, escalate_after_hours=2,
                                      on_call_email="oncall@clinic.example")
    suggestion = report_self_harm(active)
    assert escalate_overdue(suggestion.created_at + timedelta(hours=1, minutes=59)) == 0
    assert escalate_overdue(suggestion.created_at + timedelta(hours=2)) == 1
    assert escalate_overdue(suggestion.created_at + timedelta(hours=3)) == 0
    escalations = sent(ESCALATION_SUBJECT)
    assert [m.to for m in escalations] == [["oncall@clinic.example"]]
    assert "2 hours" in escalations[0].body and "harm" not in escalations[0].body


def test_without_an_on_call_address_the_clinics_admins_are_told(active, world):
    suggestion = report_self_harm(active)
    escalate_overdue(suggestion.created_at + timedelta(hours=4))  # the default: 4 hours
    assert [m.to for m in sent(ESCALATION_SUBJECT)] == [[world.users["clinic_admin"].email]]


def test_acknowledging_stops_the_escalation_and_is_audited(active, world, client, login):
    suggestion = report_self_harm(active)
    login(world.users["prescriber"])
    response = client.post(reverse("journal:acknowledge_suggestion", args=[suggestion.pk]))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.acknowledged_by == world.users["prescriber"]
    assert LogEntry.objects.get_for_object(suggestion).filter(
        changes__icontains="acknowledged_at").exists()
    assert escalate_overdue(timezone.now() + timedelta(days=1)) == 0
    assert not sent(ESCALATION_SUBJECT)


def test_the_attention_list_shows_overdue_alerts_first_and_who_acknowledged(active, world, client,
                                                                           login):
    first = report_self_harm(active)
    other = world.other_patient
    report_self_harm(other)
    login(world.users["prescriber"])
    client.post(reverse("journal:acknowledge_suggestion", args=[first.pk]),
                {"next": "attention"})
    older = {**first.data, "code": "self_harm_thoughts", "key": "self_harm_thoughts:x"}
    newer = Suggestion.objects.create(
        patient=active, key=older["key"], code=older["code"], urgency="urgent",
        action="contact_patient", message="PHQ-9 item 9", rationale="r", source="s",
        day=first.day, rules_version="t", data=older,
        created_at=timezone.now() - timedelta(hours=5))  # raised 5 hours ago: overdue
    text = client.get(reverse("journal:attention")).content.decode()
    assert text.index(f'id="alert-{newer.pk}"') < text.index(f'id="alert-{first.pk}"')
    assert "Overdue" in text and f"by {world.users['prescriber']}" in text
    assert f"/journal/patients/{other.pk}/" not in text  # another clinic's patient


def test_a_red_flag_sent_through_the_api_alerts_the_prescriber_too(active, world, client, login):
    login(world.users["patient"])
    response = client.post("/api/journal/check-ins", json.dumps({
        "day": patient_today(active).isoformat(),
        "side_effects": {"low_mood_or_self_harm_thoughts": "severe"}}),
        content_type="application/json")
    assert response.status_code == 201 and response.json()["guidance"][0]["code"] == "self_harm"
    assert [m.to for m in sent(ALERT_SUBJECT)] == [[world.users["prescriber"].email]]


def test_a_phq9_answered_through_the_api_alerts_the_prescriber_once(active, world, client, login):
    schedule_questionnaire(active, instrument="phq-9", start=patient_today(active),
                           every_days=28, until=None, actor=world.users["prescriber"])
    login(world.users["patient"])
    answers = {item.code: 1 for item in get_instrument("phq-9").items}
    for _ in range(2):
        assert client.post("/api/journal/questionnaires/phq-9", json.dumps({"answers": answers}),
                           content_type="application/json").status_code == 201
    assert Suggestion.objects.get(patient=active).code == "self_harm_thoughts"
    assert len(sent(ALERT_SUBJECT)) == 1
