"""Blinded n-of-1 trials: the design, its periods (each a kit with a code), the
pharmacy's record of what each kit holds, and every unblinding.

The arm and dose of a period are stored here, but only the pharmacy (and the
prescriber after the analysis, or in an emergency) is ever shown them: the
patient and the clinic see period codes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited


class TrialStatus(models.TextChoices):
    DESIGNED = "designed", "Designed, kits to compound"
    KITS_READY = "kits_ready", "Kits compounded"
    STOPPED = "stopped", "Stopped early for safety"
    ANALYSED = "analysed", "Analysed and unblinded"


@audited
class Trial(models.Model):
    """One patient's randomised, blinded comparison of two arms of LDN."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="trials")
    prescription = models.ForeignKey("care.Prescription", on_delete=models.PROTECT,
                                     related_name="trials")
    pharmacy = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                 related_name="trials")
    designed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    active_mg = models.DecimalField(max_digits=6, decimal_places=3)
    #: 0 = placebo (filler only).
    comparator_mg = models.DecimalField(max_digits=6, decimal_places=3)
    pairs = models.PositiveIntegerField()
    period_days = models.PositiveIntegerField()
    run_in_days = models.PositiveIntegerField()
    start = models.DateField()
    #: The seed of the randomised order: the same design and seed give the same schedule.
    seed = models.BigIntegerField()
    #: The journal rating analysed (a check-in rating code, e.g. "pain").
    primary = models.CharField(max_length=40)
    #: "lower" or "higher": which way is better on the primary measure.
    direction = models.CharField(max_length=10)
    meaningful = models.DecimalField(max_digits=6, decimal_places=2)
    defaults_version = models.CharField(max_length=40)
    #: The core design's ``as_dict()``: the full schedule as it was drawn.
    schedule = models.JSONField()
    status = models.CharField(max_length=20, choices=TrialStatus.choices,
                              default=TrialStatus.DESIGNED)
    stop_reason = models.TextField(blank=True, default="")
    stopped_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    stopped_at = models.DateTimeField(null=True, blank=True)
    #: The core analysis' ``as_dict()``, stored before the allocation is shown.
    result = models.JSONField(null=True, blank=True)
    analysed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    analysed_at = models.DateTimeField(null=True, blank=True)
    unblinded_at = models.DateTimeField(null=True, blank=True)
    #: The pharmacy order the kits' batches belong to (made with the first kit's
    #: batch; it has no prescription, so it is no fill of the patient's supply).
    kit_order = models.OneToOneField("pharmacy.Order", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="kit_trial")

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Trial {self.pk} for {self.patient}"

    @property
    def end(self):  # type: ignore[no-untyped-def]
        from datetime import date

        return date.fromisoformat(self.schedule["end"])

    @property
    def is_placebo_controlled(self) -> bool:
        return self.comparator_mg == 0

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class TrialPeriod(models.Model):
    """One period of a trial and its kit: the code on the label, and (for the
    pharmacy) the arm and dose inside, with the pharmacy's batch record."""

    trial = models.ForeignKey(Trial, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveIntegerField()
    pair = models.PositiveIntegerField()
    #: What the label, the patient and the prescriber see.
    code = models.CharField(max_length=20, unique=True)
    start = models.DateField()
    end = models.DateField()
    run_in_days = models.PositiveIntegerField()
    #: "active" or "comparator": blinded.
    arm = models.CharField(max_length=12)
    dose_mg = models.DecimalField(max_digits=6, decimal_places=3)
    #: The pharmacy's own record of the kit: contents, the worked batch, lot.
    kit_record = models.JSONField(null=True, blank=True)
    kit_lot = models.CharField(max_length=40, blank=True, default="")
    compounded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    compounded_at = models.DateTimeField(null=True, blank=True)
    #: The kit's pharmacy batch (the live one: a batch that failed its weight
    #: check stays on the kit order, and a new one is linked here).
    batch = models.OneToOneField("pharmacy.Batch", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="trial_period")

    objects = AuditedManager()

    class Meta:
        ordering = ["trial", "number"]
        constraints = [models.UniqueConstraint(fields=["trial", "number"],
                                               name="one_period_number_per_trial")]

    def __str__(self) -> str:
        return f"Period {self.code}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.trial.patient_id}


@audited
class Unblinding(models.Model):
    """Who saw the allocation, when and why: an emergency (one period, with a
    reason) or the whole allocation after the stored analysis."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", "Emergency unblinding"
        AFTER_ANALYSIS = "after_analysis", "After the analysis"

    trial = models.ForeignKey(Trial, on_delete=models.PROTECT, related_name="unblindings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.ForeignKey(TrialPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of trial {self.trial_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.trial.patient_id}
