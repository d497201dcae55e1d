"""Sign-up and password reset answer the same, after the same work, whether
or not the address has an account (#22: the sign-up message said so, and a
reset for a known address took 23.8 ms against 12.6 ms)."""

from __future__ import annotations

from unittest import mock

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ldncare.web.accounts import tasks


def _reset(client, email):  # type: ignore[no-untyped-def]
    with mock.patch("ldncare.web.accounts.forms.send_password_reset") as task, \
            CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    return response, task.enqueue, len(queries)


def test_a_reset_for_a_known_and_an_unknown_address_does_the_same_work(client, world):
    known, known_task, known_queries = _reset(client, world.users["patient"].email)
    unknown, unknown_task, unknown_queries = _reset(client, "nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    known_task.assert_called_once_with(world.users["patient"].email)
    unknown_task.assert_called_once_with("nobody@nowhere.example")
    assert known_queries == unknown_queries  # no lookup in the request at all


def test_the_worker_mails_a_known_address_and_nobody_for_an_unknown_one(world):
    assert tasks.send_password_reset.call("nobody@nowhere.example") == 0
    assert tasks.send_password_reset.call(world.users["patient"].email.upper()) == 1
    assert mail.outbox[-1].to == [world.users["patient"].email]
    assert "/accounts/password-reset/" in mail.outbox[-1].body
