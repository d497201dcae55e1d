"""Patients and their care pathway, kept as an append-only event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.audit.registry import AuditedManager, audited


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a recorded event."""


@audited
class Patient(models.Model):
    """A person in a clinic's care. ``state`` mirrors the newest pathway event
    (kept in the same transaction) so queues need no sub-query; ``version``
    lets two staff editing at once find out instead of overwriting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    clinic = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="patients"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=30, choices=[(s.value, s.label) for s in State],
                             default=State.REGISTERED)
    state_changed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["-state_changed_at", "id"]
        indexes = [models.Index(fields=["clinic", "state", "-state_changed_at"])]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def pathway_state(self) -> State:
        return State(self.state)

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.pk}


@audited
class PathwayEvent(models.Model):
    """One step of a patient's journey: who did what, when and why. Never
    changed or deleted once written."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="events")
    state = models.CharField(max_length=30, choices=[(s.value, s.label) for s in State])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    #: Whether the patient sees this event on their own timeline.
    visible_to_patient = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.summary}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("pathway events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("pathway events are append-only")

    @property
    def pathway_state(self) -> State:
        return State(self.state)

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}
