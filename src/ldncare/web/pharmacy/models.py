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
    RETURNED = "returned", "Returned to the pharmacy"


OPEN_STATUSES = (OrderStatus.RECEIVED, OrderStatus.IN_PROGRESS, OrderStatus.COMPOUNDED,
                 OrderStatus.VERIFIED)
#: An order in these states takes a new batch (a line's first, or a remake).
BATCH_STATUSES = (OrderStatus.RECEIVED, OrderStatus.IN_PROGRESS, OrderStatus.COMPOUNDED)


class ChargeStatus(models.TextChoices):
    NOT_CHARGED = "not_charged", "Not charged"
    CHARGED = "charged", "Charged"
    REFUNDED = "refunded", "Refunded"


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
    #: Why the order was cancelled or returned, who recorded it and when.
    closed_reason = models.TextField(blank=True, default="")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    #: What this fill costs the patient: priced from the pharmacy's list when
    #: the order was made (``None``: no price was set), then what was charged
    #: or refunded. No card is processed here; the pharmacy records the outcome.
    charge_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    charge_currency = models.CharField(max_length=3, blank=True, default="")
    charge_status = models.CharField(max_length=12, choices=ChargeStatus.choices,
                                     default=ChargeStatus.NOT_CHARGED)
    charge_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    charge_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["pharmacy", "status"])]

    def __str__(self) -> str:
        return f"Order {self.pk} for {self.patient}"

    @property
    def accepts_new_batches(self) -> bool:
        """Whether a batch may be started for this order now (the rule
        ``services.start_batch`` enforces; pages ask it rather than repeat it)."""
        return self.status in BATCH_STATUSES

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
    #: Capsule strength (mg) or liquid concentration (mg/mL) as a canonical dose text ("1.5").
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
    #: The carrier's tracking page for this parcel ("" without online tracking).
    tracking_url = models.URLField(max_length=300, blank=True, default="")
    #: When the parcel arrived: confirmed by the patient, or the carrier's
    #: delivered date entered by the pharmacy.
    delivered_on = models.DateField(null=True, blank=True)
    delivery_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.order.patient_id}


class LotStatus(models.TextChoices):
    QUARANTINE = "quarantine", "In quarantine"
    RELEASED = "released", "Released for use"
    REJECTED = "rejected", "Rejected"


@audited
class IngredientLot(models.Model):
    """One received lot of an ingredient (naltrexone powder or tablets, a
    filler, an excipient, the vehicle), held in the pharmacy's stock.

    A lot arrives in quarantine; a pharmacist releases it after checking its
    certificate of analysis. Batches draw ``on_hand`` down. ``assay_percent``
    and ``water_percent`` (naltrexone powder) come from the certificate and
    feed the batch math.
    """

    pharmacy = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                 related_name="ingredient_lots")
    material = models.CharField(max_length=120)
    lot_number = models.CharField(max_length=60)
    supplier = models.CharField(max_length=120)
    certificate = models.CharField(max_length=120)
    expires_on = models.DateField()
    assay_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    water_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=10)
    quantity_received = models.DecimalField(max_digits=14, decimal_places=4)
    on_hand = models.DecimalField(max_digits=14, decimal_places=4)
    status = models.CharField(max_length=12, choices=LotStatus.choices,
                              default=LotStatus.QUARANTINE)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["material", "expires_on", "id"]
        constraints = [models.UniqueConstraint(fields=["pharmacy", "material", "lot_number"],
                                               name="one_lot_per_material_and_number")]

    def __str__(self) -> str:
        return f"{self.material} lot {self.lot_number}"


@audited
class BatchIngredient(models.Model):
    """What one batch drew from one ingredient lot: the traceability link a
    recall follows in both directions."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="ingredient_lots")
    lot = models.ForeignKey(IngredientLot, on_delete=models.PROTECT, related_name="uses")
    amount = models.DecimalField(max_digits=14, decimal_places=4)
    unit = models.CharField(max_length=10)

    objects = AuditedManager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.lot} in {self.batch}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.batch.order.patient_id}


class DispensingDetails(models.Model):
    """What a pharmacy's dispensing labels print about it: its address and
    phone (its name is the organisation's)."""

    pharmacy = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                    related_name="dispensing_details")
    address = models.TextField(max_length=300)
    phone = models.CharField(max_length=40)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Dispensing details of {self.pharmacy}"


@audited
class PriceSettings(models.Model):
    """The currency a pharmacy prices in and what it charges to ship one fill."""

    pharmacy = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE,
                                    related_name="price_settings")
    currency = models.CharField(max_length=3, default="GBP")
    #: Per fill; ``None`` until the pharmacy sets it ("price not set", never 0).
    shipping = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Price settings of {self.pharmacy}"


class PriceForm(models.TextChoices):
    CAPSULE = "capsule", "Capsules"
    LIQUID = "liquid", "Oral liquid"


@audited
class Price(models.Model):
    """One pack on a pharmacy's price list: ``quantity`` capsules (or mL) of
    ``form`` at ``strength`` (mg per capsule, or mg/mL) for ``price``."""

    pharmacy = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                 related_name="prices")
    form = models.CharField(max_length=10, choices=PriceForm.choices)
    strength = models.DecimalField(max_digits=8, decimal_places=3)
    quantity = models.DecimalField(max_digits=10, decimal_places=2)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["form", "strength", "quantity"]
        constraints = [models.UniqueConstraint(fields=["pharmacy", "form", "strength", "quantity"],
                                               name="one_price_per_pack")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.strength} {self.form} at {self.price}"
