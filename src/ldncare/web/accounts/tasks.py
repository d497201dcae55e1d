"""Background tasks of the accounts app, run by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(to: str, subject: str, body: str) -> int:
    """Send one plain-text e-mail; returns the number sent (1)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


@task()
def send_password_reset(email: str) -> int:
    """Look up the accounts using ``email`` and send each a reset link;
    returns how many were sent (0 for an unknown address). Runs in the worker,
    so the page that asked answers after the same work for every address."""
    from urllib.parse import urlsplit

    from ldncare.web.accounts.forms import DirectPasswordResetForm

    form = DirectPasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    return form.save(domain_override=site.netloc, use_https=site.scheme == "https",
                     email_template_name="accounts/password_reset_email.txt",
                     subject_template_name="accounts/password_reset_subject.txt")
