"""Background tasks of the accounts app, run by the task worker."""

from __future__ import annotations

from django.conf import settings
from django_tasks import TaskContext, task


@task(takes_context=True)
def send_email(context: TaskContext, to: str, subject: str, body: str) -> int:
    """Send one plain-text e-mail; returns the number sent now (1, or 0 when a
    previous run of this same task already delivered it: tasks are run at least
    once, the e-mail goes out once — see ``operations.outbox``)."""
    from ldncare.web.operations.outbox import deliver_once

    return deliver_once(f"task-{context.task_result.id}", to, subject, body)


@task()
def send_password_reset(email: str) -> int:
    """Look up the accounts using ``email`` and queue a reset link for each
    (through :func:`send_email`, so each goes out once); returns how many were
    queued (0 for an unknown address). Runs in the worker, so the page that
    asked answers after the same work for every address."""
    from urllib.parse import urlsplit

    from ldncare.web.accounts.forms import LookupPasswordResetForm

    form = LookupPasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    return form.save(domain_override=site.netloc, use_https=site.scheme == "https",
                     email_template_name="accounts/password_reset_email.txt",
                     subject_template_name="accounts/password_reset_subject.txt")
