"""A real e-mail through the real queue: sign-up enqueues the verification
mail in the database, the db_worker sends it over SMTP to a local sink."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from ldncare.web.accounts.services import send_verification_email
from ldncare.web.accounts.tasks import send_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_delivers_a_queued_verification_mail_to_the_smtp_server(world, smtp_sink,
                                                                           settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    with transaction.atomic():
        send_verification_email(world.users["patient"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not smtp_sink.messages

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(smtp_sink.messages) == 1
    assert b"Confirm your e-mail address" in smtp_sink.messages[0]
    assert world.users["patient"].email.encode() in smtp_sink.messages[0]


def test_the_send_task_is_importable_by_the_worker():
    assert send_email.module_path == "ldncare.web.accounts.tasks.send_email"
