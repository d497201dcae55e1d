"""Background tasks of the accounts app, run by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(to: str, subject: str, body: str) -> int:
    """Send one plain-text e-mail; returns the number sent (1)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
