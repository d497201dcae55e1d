"""Background work of the installable app, run by the task worker."""

from __future__ import annotations

from django_tasks import task


@task()
def send_push(patient_id: int, title: str, body: str, url: str, tag: str) -> int:
    """Push one reminder to each of the patient's phones (see ``services.push_to_patient``)."""
    from ldncare.web.pwa.services import push_to_patient

    return push_to_patient(patient_id, title, body, url, tag)
