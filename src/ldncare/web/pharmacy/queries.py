"""Reads of the pharmacy. Every function starts from a scoped queryset
(:mod:`ldncare.web.access`); out-of-scope objects answer 404.

Also where a stored prescription becomes the core's plan, dosage form and
fill (``ldncare.dosing.supply_for``): what this order must contain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from auditlog.signals import accessed
from django.db.models import Case, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ldncare.compounding.inventory import POWDER, TABLETS
from ldncare.dosing import DosingError, Fill, TitrationPlan, supply_for
from ldncare.units import format_mg
from ldncare.web.access import (
    ingredient_lots_visible_to,
    orders_visible_to,
    patients_visible_to,
)
from ldncare.web.accounts.models import User
from ldncare.web.audit.reads import record_read
from ldncare.web.care.models import Patient, PlanVersion, Prescription
from ldncare.web.care.treatment import treatment_of
from ldncare.web.pharmacy.models import (
    OPEN_STATUSES,
    Batch,
    BatchIngredient,
    BatchStatus,
    IngredientLot,
    LotStatus,
    Order,
)


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
    # A blinded trial's kit order is worked from the trial's kit page.
    return (orders_visible_to(user).filter(status__in=OPEN_STATUSES, kit_trial__isnull=True)
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


#: Where :func:`fill_plan` keeps an order instance's fill plan: (plan version id, plan).
_FILL_PLAN = "_ldncare_fill_plan"


def fill_plan(order: Order, *, known: Order | None = None) -> FillPlan:
    """The fill this order is for, from the prescription's *current* plan
    version (so a refill follows the plan's current step).

    The stored plan is parsed and validated once per order instance (a request
    reads one order): later calls return the same :class:`FillPlan`. ``known``
    is an earlier instance of the same order in this request (the one a view
    read before a service locked the row); its fill plan is reused when the
    prescription's plan version is still the same, so a request that reads,
    locks and re-renders an order parses the plan once, not three times.
    """
    cached = getattr(order, _FILL_PLAN, None)
    if cached is not None:
        return cached[1]  # type: ignore[no-any-return]
    prescription = order.prescription
    version = None if prescription is None else prescription.current_plan()
    earlier = getattr(known, _FILL_PLAN, None) if known is not None and known.pk == order.pk else None
    if earlier is not None and version is not None and earlier[0] == version.pk:
        found = earlier[1]
    else:
        found = _fill_plan(order, prescription, version)
    setattr(order, _FILL_PLAN, (None if version is None else version.pk, found))
    return found  # type: ignore[no-any-return]


def _fill_plan(order: Order, prescription: Prescription | None,
               version: PlanVersion | None) -> FillPlan:
    if prescription is None:
        return FillPlan(None, None, (), "This order has no prescription attached.")
    if version is None:
        return FillPlan(None, None, (), "The prescription has no titration plan.")
    try:
        treatment = treatment_of(prescription, version=version)
        plan = treatment.plan
        supply = supply_for(plan, treatment.form, days_per_fill=prescription.days_per_fill,
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


# --- Ingredient lots and recall --------------------------------------------------------


def lot_register(user: User) -> QuerySet[IngredientLot]:
    """Every ingredient lot of ``user``'s pharmacy: quarantined first, then by
    ingredient and expiry."""
    return (ingredient_lots_visible_to(user).select_related("received_by", "released_by")
            .order_by(Case(When(status=LotStatus.QUARANTINE, then=0), default=1),
                      "material", "expires_on", "id"))


def open_lot(user: User, lot_id: int) -> IngredientLot:
    return get_object_or_404(ingredient_lots_visible_to(user), pk=lot_id)


def naltrexone_lots(user: User) -> QuerySet[IngredientLot]:
    """Released, unexpired naltrexone lots (powder or tablets) with stock left."""
    return (ingredient_lots_visible_to(user)
            .filter(material__in=(POWDER, TABLETS), status=LotStatus.RELEASED,
                    expires_on__gt=timezone.localdate(), on_hand__gt=0)
            .order_by("expires_on", "lot_number"))


def batch_lots(batch: Batch) -> list[BatchIngredient]:
    """The ingredient lots a batch drew on, with what it took."""
    return list(batch.ingredient_lots.select_related("lot").order_by("id"))


@dataclass(frozen=True)
class RecallBatch:
    """One batch a recall reaches, with the patient who received it."""

    batch_id: int
    lot: str
    description: str
    prepared_on: str
    status: str
    order_id: int
    order_status: str
    order_status_text: str
    patient_id: int
    patient: str
    shipped_on: str | None
    ingredient_lots: tuple[str, ...]


@dataclass(frozen=True)
class Recall:
    """What a lot number reaches: the ingredient lots it names, the batches made
    with them (or the batch it names), and the patients who received those."""

    query: str
    kind: str  # "batch", "ingredient" or "none"
    ingredient_lots: tuple[dict[str, str], ...]
    batches: tuple[RecallBatch, ...]

    @property
    def patients(self) -> list[dict[str, object]]:
        seen: dict[int, dict[str, object]] = {}
        for batch in self.batches:
            seen.setdefault(batch.patient_id, {"patient_id": batch.patient_id,
                                               "patient": batch.patient, "batches": []})
            seen[batch.patient_id]["batches"].append(batch.lot)  # type: ignore[attr-defined]
        return list(seen.values())

    def as_dict(self) -> dict[str, object]:
        return {"query": self.query, "kind": self.kind,
                "ingredient_lots": list(self.ingredient_lots),
                "batches": [asdict(b) | {"ingredient_lots": list(b.ingredient_lots)}
                            for b in self.batches],
                "patients": self.patients}


def recall_for(user: User, lot: str) -> Recall:
    """The recall of ``lot`` within what ``user`` may see (their pharmacy's
    orders and lots, or their clinic's patients' orders)."""
    return recall(orders_visible_to(user), ingredient_lots_visible_to(user), lot)


def recall(orders: QuerySet[Order], lots: QuerySet[IngredientLot], text: str) -> Recall:
    """The recall of ``text`` (a batch lot, or a supplier's ingredient lot
    number) across ``orders`` and ``lots``. Case and surrounding spaces do not
    matter."""
    query = " ".join((text or "").replace("\x00", " ").split())
    batches = Batch.objects.filter(order__in=orders).select_related(
        "order__patient__user", "order__shipment").prefetch_related("ingredient_lots__lot")
    named = list(batches.filter(lot__iexact=query))
    if named:
        return Recall(query, "batch", (), tuple(_recall_batch(b) for b in named))
    found = list(lots.filter(lot_number__iexact=query).order_by("material", "id"))
    if not found:
        return Recall(query, "none", (), ())
    used = batches.filter(ingredient_lots__lot__in=found).distinct().order_by("prepared_on", "id")
    return Recall(query, "ingredient", tuple(_lot_row(lot) for lot in found),
                  tuple(_recall_batch(b) for b in used))


def _lot_row(lot: IngredientLot) -> dict[str, str]:
    return {"material": lot.material, "lot_number": lot.lot_number, "supplier": lot.supplier,
            "expires_on": lot.expires_on.isoformat(), "status": lot.status,
            "certificate": lot.certificate}


def _recall_batch(batch: Batch) -> RecallBatch:
    order = batch.order
    shipment = getattr(order, "shipment", None)
    strength, quantity = format_mg(Decimal(batch.strength)), format_mg(Decimal(batch.quantity))
    description = (f"{quantity} mL of {strength} mg/mL oral liquid" if batch.is_liquid
                   else f"{quantity} × {strength} mg capsules")
    if not batch.is_liquid and Decimal(batch.strength) == 0:  # a blinded trial's placebo kit
        description = f"{quantity} placebo capsules (filler only)"
    return RecallBatch(
        batch_id=batch.pk, lot=batch.lot, description=description,
        prepared_on=batch.prepared_on.isoformat(), status=batch.status, order_id=order.pk,
        order_status=order.status, order_status_text=order.get_status_display(),
        patient_id=order.patient_id,
        patient=order.patient.user.full_name or str(order.patient),
        shipped_on=shipment.shipped_at.date().isoformat() if shipment else None,
        ingredient_lots=tuple(f"{u.lot.material} lot {u.lot.lot_number} (expires "
                              f"{u.lot.expires_on.isoformat()})"
                              for u in batch.ingredient_lots.all()))
