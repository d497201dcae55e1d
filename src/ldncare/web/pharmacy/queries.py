"""Reads of the pharmacy. Every function starts from a scoped queryset
(:mod:`ldncare.web.access`); out-of-scope objects answer 404.

Also where a stored prescription becomes the core's plan, dosage form and
fill (``ldncare.dosing.supply_for``): what this order must contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditlog.signals import accessed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ldncare.dosing import Capsules, DosingError, Fill, OralLiquid, TitrationPlan, supply_for
from ldncare.units import Dose, format_mg
from ldncare.web.access import orders_visible_to, patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.audit.reads import record_read
from ldncare.web.care.models import Patient, Prescription
from ldncare.web.pharmacy.models import OPEN_STATUSES, Batch, BatchStatus, Order


@dataclass(frozen=True)
class OrderLine:
    """One thing to make for an order: capsules of one strength, or the liquid.

    ``strength`` is mg per capsule or mg/mL; ``quantity`` is capsules or mL.
    """

    kind: str  # "capsule" or "liquid"
    strength: Decimal
    quantity: Decimal

    @property
    def key(self) -> str:
        return format_mg(self.strength)

    @property
    def description(self) -> str:
        if self.kind == "liquid":
            return f"{format_mg(self.quantity)} mL of {format_mg(self.strength)} mg/mL oral liquid"
        return f"{format_mg(self.quantity)} × {format_mg(self.strength)} mg capsules"


@dataclass(frozen=True)
class FillPlan:
    """What one order must contain, or why that cannot be worked out."""

    plan: TitrationPlan | None
    fill: Fill | None
    lines: tuple[OrderLine, ...]
    problem: str = ""


def order_queue(user: User) -> QuerySet[Order]:
    """Open orders routed to ``user``'s pharmacy, oldest first."""
    return (orders_visible_to(user).filter(status__in=OPEN_STATUSES)
            .select_related("patient__user", "patient__clinic", "prescription")
            .order_by("created_at", "id"))


def open_order(user: User, order_id: int) -> Order:
    """The order for ``user`` (404 out of scope); the read is audited."""
    order = get_object_or_404(
        orders_visible_to(user).select_related("patient__user", "patient__clinic",
                                               "prescription__prescriber"), pk=order_id)
    accessed.send(sender=Order, instance=order)
    return order


def open_batch(user: User, batch_id: int) -> Batch:
    """A batch of an order ``user`` may see (404 otherwise); the read is audited."""
    batch = get_object_or_404(
        Batch.objects.filter(order__in=orders_visible_to(user))
        .select_related("order__patient__user", "order__prescription__prescriber",
                        "prepared_by", "verified_by"), pk=batch_id)
    accessed.send(sender=Batch, instance=batch)
    return batch


def patient_orders(user: User, patient_id: int) -> tuple[Patient, QuerySet[Order]]:
    """A patient's orders as ``user`` may see them, newest first (404 if the
    patient is out of scope)."""
    patient = get_object_or_404(patients_visible_to(user).select_related("user"), pk=patient_id)
    record_read(patient)
    orders = (orders_visible_to(user).filter(patient=patient)
              .select_related("shipment", "prescription").order_by("-created_at", "-id"))
    return patient, orders


def dosage_form(prescription: Prescription) -> Capsules | OralLiquid:
    if prescription.form == Prescription.Form.ORAL_LIQUID:
        return OralLiquid(Decimal(_concentration(prescription)))
    return Capsules(tuple(Dose(s) for s in prescription.strengths_mg))


def fill_plan(order: Order) -> FillPlan:
    """The fill this order is for, from the prescription's *current* plan
    version (so a refill follows the plan's current step)."""
    prescription = order.prescription
    if prescription is None:
        return FillPlan(None, None, (), "This order has no prescription attached.")
    version = prescription.current_plan()
    if version is None:
        return FillPlan(None, None, (), "The prescription has no titration plan.")
    try:
        plan = version.titration_plan()
        form = dosage_form(prescription)
        supply = supply_for(plan, form, days_per_fill=prescription.days_per_fill,
                            refills=prescription.refills)
    except (DosingError, ValueError) as error:
        return FillPlan(None, None, (), f"The supply cannot be worked out: {error}")
    fill = next((f for f in supply.fills if f.number == order.fill_number), None)
    if fill is None:
        return FillPlan(plan, None, (), f"Fill {order.fill_number} is not in the plan's supply "
                        "(no refills left, or the plan has stopped).")
    return FillPlan(plan, fill, _lines(prescription, fill))


def _concentration(prescription: Prescription) -> Decimal:
    """An oral liquid prescription's mg/mL (approval never stores a liquid without it)."""
    concentration = prescription.concentration_mg_per_ml
    assert concentration is not None, "an oral liquid prescription records its concentration"
    return concentration


def _lines(prescription: Prescription, fill: Fill) -> tuple[OrderLine, ...]:
    if fill.volume_ml is not None:
        return (OrderLine("liquid", Decimal(_concentration(prescription)), fill.volume_ml),)
    return tuple(OrderLine("capsule", dose.mg, Decimal(count)) for dose, count in fill.capsules)


def line_batches(order: Order, lines: tuple[OrderLine, ...]) -> list[tuple[OrderLine, Batch | None]]:
    """Each line with its live batch (the newest one that has not failed)."""
    batches = list(order.batches.exclude(status=BatchStatus.FAILED).order_by("-created_at"))
    out = []
    for line in lines:
        batch = next((b for b in batches if Decimal(b.strength) == line.strength), None)
        out.append((line, batch))
    return out


def failed_batches(order: Order) -> QuerySet[Batch]:
    return order.batches.filter(status=BatchStatus.FAILED).select_related("prepared_by")
