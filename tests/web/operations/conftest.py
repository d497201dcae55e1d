"""Fixtures of the operations tests: the real database queue and an SMTP sink."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller


class Sink:
    """A local SMTP server that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_sink(settings):  # type: ignore[no-untyped-def]
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield sink
    controller.stop()


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
