"""Pharmacy orders: what a clinic has sent a compounding pharmacy to make."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited


class OrderStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_PROGRESS = "in_progress", "Being compounded"
    COMPOUNDED = "compounded", "Compounded, awaiting verification"
    VERIFIED = "verified", "Verified"
    SHIPPED = "shipped", "Shipped"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (OrderStatus.RECEIVED, OrderStatus.IN_PROGRESS, OrderStatus.COMPOUNDED,
                 OrderStatus.VERIFIED)


@audited
class Order(models.Model):
    """An order routed to one pharmacy for one patient."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="orders")
    pharmacy = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="orders"
    )
    prescription = models.ForeignKey("care.Prescription", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="orders")
    #: 0 for the first fill, then 1, 2, … for each refill.
    fill_number = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=OrderStatus.choices,
                              default=OrderStatus.RECEIVED)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = AuditedManager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["pharmacy", "status"])]

    def __str__(self) -> str:
        return f"Order {self.pk} for {self.patient}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}
