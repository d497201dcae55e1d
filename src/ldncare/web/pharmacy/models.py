"""Pharmacy orders: what a clinic has sent a compounding pharmacy to make."""

from __future__ import annotations

from django.conf import settings
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


class BatchStatus(models.TextChoices):
    PREPARED = "prepared", "Prepared, weights to record"
    WEIGHED = "weighed", "Weighed, awaiting verification"
    FAILED = "failed", "Weights outside tolerance"
    VERIFIED = "verified", "Verified and released"


@audited
class Batch(models.Model):
    """One compounded batch for one line of an order (one capsule strength, or
    the liquid). The worked math, BUD, weights and release are stored as the
    core's ``as_dict()`` values so the record can be reproduced."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="batches")
    formula = models.CharField(max_length=80)  # key@version of the master formula
    source = models.CharField(max_length=20)
    #: Capsule strength (mg) or liquid concentration (mg/mL) as a decimal string.
    strength = models.CharField(max_length=20)
    #: Capsules (a whole number) or millilitres, as a decimal string.
    quantity = models.CharField(max_length=20)
    lot = models.CharField(max_length=30, unique=True)
    calculation = models.JSONField()
    beyond_use = models.JSONField()
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    prepared_on = models.DateField()
    weights = models.JSONField(default=list, blank=True)
    weight_check = models.JSONField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    release = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=BatchStatus.choices,
                              default=BatchStatus.PREPARED)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Batch {self.lot}"

    @property
    def is_liquid(self) -> bool:
        return self.calculation.get("volume_ml") is not None

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.order.patient_id}


@audited
class Shipment(models.Model):
    """How an order left the pharmacy: carrier and tracking number."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="shipment")
    carrier = models.CharField(max_length=60)
    tracking_number = models.CharField(max_length=60)
    shipped_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    shipped_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.order.patient_id}
