"""E-mail delivered once per task, even when the task runs again.

The worker runs a task at least once (a task whose worker died is run again
after its lease, see :mod:`ldncare.web.operations.worker`). ``deliver_once``
makes the e-mail side effect idempotent by the task's id: a run that finds
the key delivered sends nothing. The message carries a Message-ID made from
the key, so in the one window left — the worker killed after the SMTP server
accepted the message and before the key was stored — the copy sent again is
the *same* message, which mail systems recognise as a duplicate.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction


def message_id(key: str) -> str:
    return f"<{key}@ldncare.task>"


def deliver_once(key: str, to: str, subject: str, body: str) -> int:
    """Send the e-mail unless ``key`` was delivered already; 1 if sent now, else 0."""
    from ldncare.web.operations.models import DeliveredEmail

    if DeliveredEmail.objects.filter(key=key).exists():
        return 0
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to],
                           headers={"Message-ID": message_id(key)})
    sent = message.send(fail_silently=False)
    try:
        with transaction.atomic():
            DeliveredEmail.objects.create(key=key)
    except IntegrityError:
        return 0  # another run of the same task got there first
    return sent
