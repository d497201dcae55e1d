"""A patient asks their care team a question; the team sees it waiting, replies,
and the patient is e-mailed that there is a reply, with no health details."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ldncare.web.care.models import PatientRequest
from ldntest.world import log_in

QUESTION = "Can I take my naltrexone with my thyroid tablets?"


@pytest.fixture
def asked(client, world):  # type: ignore[no-untyped-def]
    log_in(client, world.users["patient"])
    response = client.post(reverse("care:requests"), {
        "kind": "question", "subject": "Thyroid tablets", "body": QUESTION})
    assert response.status_code == 302
    client.logout()
    return PatientRequest.objects.get(patient=world.patient)


def test_the_care_team_sees_the_question_waiting_on_their_home_page(client, world, asked):
    log_in(client, world.users["clinic_staff"])
    page = client.get(reverse("home")).content.decode()
    assert "Thyroid tablets" in page and "No patient is waiting for a reply" not in page


def test_a_reply_e_mails_the_patient_without_health_details(client, world, asked,
                                                            django_capture_on_commit_callbacks):
    log_in(client, world.users["prescriber"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("care:request_reply", args=[asked.pk]),
                               {"body": "Yes: take them four hours apart."})
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [world.patient.user.email]]
    assert "replied" in message.subject
    for private in ("Thyroid", "thyroid", "naltrexone", "four hours", "question"):
        assert private not in message.subject + message.body
    assert reverse("care:request_thread", args=[asked.pk]) in message.body


def test_the_patient_reads_the_reply_in_the_thread(client, world, asked):
    log_in(client, world.users["prescriber"])
    client.post(reverse("care:request_reply", args=[asked.pk]), {"body": "Four hours apart."})
    client.logout()
    log_in(client, world.users["patient"])
    page = client.get(reverse("care:request_thread", args=[asked.pk])).content.decode()
    assert QUESTION in page and "Four hours apart." in page


def test_a_replied_request_leaves_the_waiting_list(client, world, asked):
    log_in(client, world.users["prescriber"])
    client.post(reverse("care:request_reply", args=[asked.pk]), {"body": "Four hours apart."})
    page = client.get(reverse("home")).content.decode()
    assert "No patient is waiting for a reply" in page


def test_another_clinics_team_and_the_pharmacy_cannot_read_the_thread(client, world, asked):
    from ldntest.world import make_user

    outsider = make_user("doc2@b.example", "prescriber", world.other_clinic)
    log_in(client, outsider)
    assert client.get(reverse("care:request_thread", args=[asked.pk])).status_code == 404
    client.logout()
    log_in(client, world.users["pharmacist"])
    assert client.get(reverse("care:request_thread", args=[asked.pk])).status_code == 404


def test_an_empty_message_is_refused_beside_the_field_and_nothing_is_stored(client, world):
    log_in(client, world.users["patient"])
    response = client.post(reverse("care:requests"), {"kind": "refill", "subject": "Refill",
                                                       "body": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not PatientRequest.objects.exists()


def test_the_request_and_its_reading_are_in_the_audit_log(client, world, asked):
    from auditlog.models import LogEntry

    log_in(client, world.users["prescriber"])
    client.get(reverse("care:request_thread", args=[asked.pk]))
    entries = LogEntry.objects.filter(additional_data__patient_id=world.patient.pk)
    assert entries.filter(content_type__model="patientrequest", action=LogEntry.Action.CREATE)
    assert entries.filter(content_type__model="patientrequest", action=LogEntry.Action.ACCESS,
                          actor=world.users["prescriber"])


def test_the_chart_lists_the_patients_threads_for_the_care_team_only(client, world, asked):
    url = reverse("care:patient_chart", args=[world.patient.pk])
    log_in(client, world.users["clinic_staff"])
    assert "Thyroid tablets" in client.get(url).content.decode()
    client.logout()
    log_in(client, world.users["pharmacist"])
    assert "Thyroid tablets" not in client.get(url).content.decode()
