"""The patient's journal as stored: daily check-ins (ratings as columns, so the
clinic dashboard aggregates in the database), side-effect reports and
questionnaire responses. Other journal models (suggestions, reminders,
follow-ups, preferences) live beside these."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited

RATING_FIELDS = ("pain", "fatigue", "mood", "brain_fog", "sleep_quality")


@audited
class CheckIn(models.Model):
    """One patient-day. Editing saves the same row with ``revision`` + 1; the
    audit log keeps every earlier value. ``data`` is the core
    ``CheckIn.as_dict()`` it was built from."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="check_ins")
    day = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    revised_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    late = models.BooleanField(default=False)
    dose_taken = models.BooleanField(null=True)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    dose_time = models.TimeField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    fatigue = models.PositiveSmallIntegerField(null=True, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    brain_fog = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    vivid_dreams = models.BooleanField(null=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "day"]
        constraints = [models.UniqueConstraint(fields=["patient", "day"],
                                               name="one_check_in_per_patient_day")]

    def __str__(self) -> str:
        return f"Check-in of {self.patient_id} for {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class SideEffectEntry(models.Model):
    """A side effect reported in one check-in (one row each, for incidence and
    duration queries)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="side_effect_entries")
    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=20)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "day", "code"]
        indexes = [models.Index(fields=["patient", "code", "day"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.severity}) on {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class QuestionnaireResponse(models.Model):
    """A completed questionnaire (PHQ-9, GAD-7, PGIC, …) with its score as the
    core computed it and the definition version used."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT,
                                related_name="questionnaire_responses")
    instrument = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    answers = models.JSONField()
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=80, blank=True)
    result = models.JSONField(default=dict)
    day = models.DateField()
    completed_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "-completed_at"]
        indexes = [models.Index(fields=["patient", "instrument", "day"])]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.patient_id} on {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}
