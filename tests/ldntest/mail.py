"""A local SMTP server for tests: real e-mail over a real socket, kept in
memory (aiosmtpd). Tests ask for the ``smtp_sink`` fixture (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from ldntest.ports import free_port


class Sink:
    """Keeps every message the server accepts, as sent (``messages``: bytes)."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(envelope.content)
        return "250 OK"

    def to(self, address: str, subject: str) -> list[Message]:
        """The messages sent to ``address`` with ``subject``, parsed."""
        parsed = (message_from_bytes(raw) for raw in self.messages)
        return [m for m in parsed if m["To"] == address and m["Subject"] == subject]


@contextmanager
def smtp_server(settings: Any) -> Iterator[Sink]:
    """Run a sink on a free local port and point Django's SMTP settings at it."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        yield sink
    finally:
        controller.stop()
