"""Background tasks of the accounts app, run by the task worker."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def send_email(context: TaskContext, to: str, subject: str, body: str) -> int:
    """Send one plain-text e-mail; returns the number sent now (1, or 0 when a
    previous run of this same task already delivered it: tasks are run at least
    once, the e-mail goes out once — see ``operations.outbox``)."""
    from ldncare.web.operations.outbox import deliver_once

    return deliver_once(f"task-{context.task_result.id}", to, subject, body)
