"""Background work of the journal, run by the task worker (``ldncare manage db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def evaluate_patient_suggestions(patient_id: int) -> int:
    """Re-run decision support for one patient (after a check-in); returns new suggestions."""
    from ldncare.web.care.models import Patient
    from ldncare.web.journal.services import evaluate_suggestions

    patient = Patient.objects.select_related("user").filter(pk=patient_id).first()
    return 0 if patient is None else len(evaluate_suggestions(patient))


@task()
def send_due_reminders() -> int:
    """Queue every due reminder once (see ``journal.reminders``)."""
    from ldncare.web.journal.reminders import send_due_reminders as send

    return send()
