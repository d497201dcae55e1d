"""The primary measure chosen for a plan: what the n-of-1 headline is about.

Stored with the prescription (the plan), append-only: a new choice is a new
row, so the history says who chose which measure, when and why. With no row,
the condition's default from the responder definitions applies and the report
says so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited


@audited
class PrimaryMeasureChoice(models.Model):
    """One choice of the primary measure for one prescription."""

    prescription = models.ForeignKey("care.Prescription", on_delete=models.PROTECT,
                                     related_name="primary_measure_choices")
    measure = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["prescription", "-chosen_at", "-id"]
        indexes = [models.Index(fields=["prescription", "-chosen_at"])]

    def __str__(self) -> str:
        return f"primary measure {self.measure} for prescription {self.prescription_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"prescription_id": self.prescription_id}
