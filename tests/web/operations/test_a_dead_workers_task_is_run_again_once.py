"""A task whose worker was killed stays RUNNING; after the lease the worker
gives it back to the queue and runs it again. Its e-mail still goes out once:
the delivery is keyed by the task, so a second run sends nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ldncare.web.accounts.tasks import send_email
from ldncare.web.operations import worker
from ldncare.web.operations.models import DeliveredEmail

pytestmark = pytest.mark.django_db(transaction=True)


def claimed_by_a_worker_that_died(minutes_ago: int, claims: int = 1) -> DBTaskResult:
    """A queued e-mail that a worker claimed ``minutes_ago`` and never finished."""
    send_email.enqueue("pat@a.example", "Your dose tonight", "Take 1.5 mg.")
    row = DBTaskResult.objects.get()
    row.status, row.started_at = "RUNNING", timezone.now() - timedelta(minutes=minutes_ago)
    row.worker_ids = [f"dead-{i}" for i in range(claims)]
    row.save()
    return row


def test_a_task_running_past_the_lease_is_run_again_and_its_email_sent(
        database_queue, smtp_sink):
    row = claimed_by_a_worker_that_died(minutes_ago=11)

    worker.run(once=True)

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert len(smtp_sink.messages) == 1
    assert b"Your dose tonight" in smtp_sink.messages[0]


def test_a_task_within_its_lease_is_left_to_its_worker(database_queue, smtp_sink):
    row = claimed_by_a_worker_that_died(minutes_ago=2)
    worker.run(once=True)
    row.refresh_from_db()
    assert row.status == "RUNNING" and not smtp_sink.messages


def test_a_task_that_had_delivered_before_its_worker_died_sends_nothing_again(
        database_queue, smtp_sink):
    row = claimed_by_a_worker_that_died(minutes_ago=11)
    DeliveredEmail.objects.create(key=f"task-{row.id}")  # the SMTP server had accepted it

    worker.run(once=True)

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.return_value == 0
    assert smtp_sink.messages == []


def test_every_run_of_one_task_carries_the_same_message_id(database_queue, smtp_sink):
    row = claimed_by_a_worker_that_died(minutes_ago=11)
    worker.run(once=True)
    assert f"Message-ID: <task-{row.id}@ldncare.task>".encode() in smtp_sink.messages[0]


def test_a_task_claimed_too_often_is_failed_not_looped_forever(database_queue, smtp_sink):
    row = claimed_by_a_worker_that_died(minutes_ago=11, claims=worker.MAX_CLAIMS)
    worker.run(once=True)
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == worker.LEASE_EXPIRED
    assert smtp_sink.messages == []
