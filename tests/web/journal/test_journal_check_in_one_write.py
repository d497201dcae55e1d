"""A check-in is one write transaction: the row, its audit entry and the queued
decision-support task commit together, with few queries."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn
from ldncare.web.journal.services import CheckInAnswers, save_check_in


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=60))
    return patient


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


def test_the_task_is_queued_inside_the_check_ins_transaction_not_after_commit(
        active, database_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as after_commit:
        save_check_in(active, patient_today(active), CheckInAnswers(ratings={"pain": 3}))
        task = DBTaskResult.objects.get()
    assert after_commit == []
    assert task.task_path.endswith("evaluate_patient_suggestions")
    assert task.args_kwargs["args"] == [active.pk]


def test_a_check_in_rolled_back_leaves_no_task_behind(active, database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        save_check_in(active, patient_today(active), CheckInAnswers())
        raise RuntimeError("the request failed after the check-in")
    assert not CheckIn.objects.exists() and not DBTaskResult.objects.exists()


def test_the_check_in_is_still_audited(active, database_queue):
    row = save_check_in(active, patient_today(active), CheckInAnswers(ratings={"pain": 3}))
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.additional_data == {"patient_id": active.pk}


def test_the_planned_dose_comes_from_the_current_plan_version(active):
    day = patient_today(active)
    row = save_check_in(active, day, CheckInAnswers())
    assert row.dose_mg == queries.planned_dose(queries.titration_plan(active), day)
    assert row.dose_mg is not None


def test_a_check_in_post_reads_and_writes_in_a_handful_of_queries(
        active, database_queue, client, login, django_assert_max_num_queries):
    login(active.user)
    body = {"day": patient_today(active).isoformat(), "dose_taken": True,
            "ratings": {"pain": 4, "sleep_quality": 6}, "note": "fine"}
    # session, user, OTP device, patient, plan (its version and prescription in one
    # query), preferences, check-in (locked read), insert, audit entry, task, and the
    # transaction (a savepoint and its release in tests); plus the audit entry's
    # hash-chain link (the chain's lock on PostgreSQL, its head, insert); plus the
    # consent gate's check that the patient holds every current consent, and whether
    # the patient runs a trial (a blinded day records a kit code instead of a dose;
    # the periods are read only for a patient who does).
    with django_assert_max_num_queries(16):
        response = client.post("/api/journal/check-ins", json.dumps(body),
                               content_type="application/json")
    assert response.status_code == 201
    assert DBTaskResult.objects.count() == 1
