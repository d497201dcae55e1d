"""Writes of the pharmacy: orders, batches, weights, verification, shipping and
refills. Each function is one transaction; all math, BUDs, weight checks and
release decisions come from :mod:`ldncare.compounding`.

Two staff acting on one order at once: every write locks the order row and,
when the caller passes the version it loaded, compares it
(:class:`ConcurrentOrderChange`): the loser changes nothing and is told why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ldncare.compounding import (
    CapsuleBatch,
    ComponentExpiry,
    CompoundingError,
    LiquidBatch,
    TabletsDoNotDivide,
    WeightCheck,
    beyond_use_date,
    capsule_batch,
    check_weights,
    liquid_batch,
    load_formulas,
    lot_number,
    release_decision,
)
from ldncare.pathway import PathwayError, State, check_transition
from ldncare.web.accounts.models import User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Patient, Prescription
from ldncare.web.care.services import add_note, record_step
from ldncare.web.pharmacy.models import Batch, BatchStatus, Order, OrderStatus, Shipment
from ldncare.web.pharmacy.queries import OrderLine, fill_plan, line_batches

#: The longest carrier name or tracking number kept (the columns' size).
CARRIER_MAX_CHARS = 60


class PharmacyError(ValueError):
    """A pharmacy action that cannot be done as asked; the message says why.

    ``field`` names the form field the message belongs beside ("" = the form).
    ``proposal`` carries extra data (e.g. the whole-tablet quantities).
    """

    def __init__(self, message: str, *, field: str = "", proposal: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.proposal = proposal


class ConcurrentOrderChange(PharmacyError):
    def __init__(self) -> None:
        super().__init__("Someone else changed this order while you were working on it. "
                         "Nothing was saved; your input is kept. Check the order and submit again.")


@transaction.atomic
def create_order(prescription, *, fill_number: int = 0) -> Order:  # type: ignore[no-untyped-def]
    """Route fill ``fill_number`` of ``prescription`` to its pharmacy's queue."""
    return Order.objects.create(patient=prescription.patient, pharmacy=prescription.pharmacy,
                                prescription=prescription, fill_number=fill_number)


def lock_order(order_id: int, expected_version: int | None) -> Order:
    """Lock the order row; raise :class:`ConcurrentOrderChange` if it moved on."""
    order = Order.objects.select_for_update(of=("self",)).select_related("patient", "prescription").get(
        pk=order_id)
    if expected_version is not None and order.version != expected_version:
        raise ConcurrentOrderChange()
    return order


def _set_status(order: Order, status: str) -> None:
    order.status, order.version = status, order.version + 1
    order.save(update_fields=["status", "version"])


def _advance_patient(order: Order, state: State, actor: User, summary: str,
                     data: dict[str, Any] | None = None) -> None:
    """Record the pharmacy step on the patient's pathway.

    A first fill moves the pathway (received → compounded → verified → shipped).
    A refill, or a patient whose pathway is elsewhere, gets a note instead: a
    patient already taking LDN stays 'active' while their refill is made.
    """
    patient = Patient.objects.get(pk=order.patient_id)
    if order.fill_number == 0:
        if patient.pathway_state == State.PRESCRIBED and state != State.SENT_TO_PHARMACY:
            # The order is in the pharmacy's hands, whether or not that was recorded.
            _try_step(patient, State.SENT_TO_PHARMACY, actor, "Order received by the pharmacy")
        if _try_step(patient, state, actor, summary, data):
            return
    add_note(patient, actor=actor, summary=summary, visible_to_patient=True, data=data)


def _try_step(patient: Patient, state: State, actor: User, summary: str,
              data: dict[str, Any] | None = None) -> bool:
    try:
        check_transition(patient.pathway_state, state)
    except PathwayError:
        return False
    record_step(patient, state, actor=actor, summary=summary, data=data)
    return True


# --- Batches ----------------------------------------------------------------------


def _line(order: Order, strength: str) -> OrderLine:
    plan = fill_plan(order)
    if plan.problem:
        raise PharmacyError(plan.problem)
    for line, batch in line_batches(order, plan.lines):
        if line.key == strength or str(line.strength) == strength:
            if batch is not None:
                raise PharmacyError(f"{line.description} already has batch {batch.lot}.",
                                    field="line")
            return line
    raise PharmacyError("Choose one of the order's lines.", field="line")


def _next_lot(prepared_on: dt.date) -> str:
    """The next free lot number of the day (PREFIX-YYYYMMDD-NNN)."""
    prefix = lot_number(prepared_on, 1)[:-3]
    taken = Batch.objects.filter(lot__startswith=prefix).count()
    return lot_number(prepared_on, taken + 1)


def _calculate(line: OrderLine, formula_key: str, source: str, quantity: str,
               assay_percent: str, water_percent: str) -> dict[str, Any]:
    """The core's worked batch for ``line``, as stored (``as_dict()``)."""
    formula = load_formulas().formula(formula_key)
    expected = "liquid" if line.kind == "liquid" else "capsule"
    if formula.form != expected:
        raise PharmacyError(f"{formula.name} is a {formula.form}; this line needs a {expected}.",
                            field="formula")
    batch: LiquidBatch | CapsuleBatch
    try:
        if line.kind == "liquid":
            batch = liquid_batch(line.strength, quantity, source=source, formula_key=formula_key,
                                 assay_percent=assay_percent, water_percent=water_percent)
        else:
            count = _whole_number(quantity)
            batch = capsule_batch(line.strength, count, source=source, formula_key=formula_key,
                                  assay_percent=assay_percent, water_percent=water_percent)
    except TabletsDoNotDivide as error:
        raise PharmacyError(str(error), field="quantity", proposal=error.fit) from None
    except CompoundingError as error:
        raise PharmacyError(str(error)) from None
    return batch.as_dict()


def _whole_number(text: str) -> int:
    try:
        value = Decimal(str(text))
    except ArithmeticError:
        raise PharmacyError("Give the quantity as a whole number of capsules.",
                            field="quantity") from None
    if not value.is_finite() or value != value.to_integral_value() or not 0 < value < 10**6:
        raise PharmacyError("Give the quantity as a whole number of capsules.", field="quantity")
    return int(value)


def _bud(formula_key: str, prepared_on: dt.date, study: str, strength: Decimal,
         api_lot: str, api_expires_on: dt.date | None) -> dict[str, Any]:
    formula = load_formulas().formula(formula_key)
    if study and study not in formula.stability_studies:
        raise PharmacyError(f"{formula.name} names no stability study {study!r}.", field="study")
    expiries = ([ComponentExpiry("naltrexone hydrochloride", api_lot or "unrecorded",
                                 api_expires_on)] if api_expires_on else [])
    try:
        bud = beyond_use_date(prepared_on, formula.bud_category, formula.storage,
                              study=study or None, strength=strength,
                              container=formula.container, component_expiries=expiries)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="study" if study else "api_expires_on") from None
    return bud.as_dict()


@transaction.atomic
def start_batch(order: Order, *, by: User, line: str, formula_key: str, source: str,
                quantity: str | None = None, assay_percent: str = "100",
                water_percent: str = "0", study: str = "", api_lot: str = "",
                api_expires_on: dt.date | None = None, prepared_on: dt.date | None = None,
                expected_version: int | None = None) -> Batch:
    """Start a batch for one line of ``order`` (the capsule strength ``line``, or
    the liquid's concentration): the worked math, a lot number and the BUD.

    ``quantity`` defaults to the fill's. Raises :class:`PharmacyError` (with
    ``proposal`` set to the core's ``TabletFit``/``LiquidVolumeFit`` when whole
    tablets do not divide) and changes nothing.
    """
    locked = lock_order(order.pk, expected_version)
    if locked.status not in (OrderStatus.RECEIVED, OrderStatus.IN_PROGRESS,
                             OrderStatus.COMPOUNDED):
        raise PharmacyError(f"This order is {locked.get_status_display().lower()}; "
                            "no new batch can be started.")
    target = _line(locked, line)
    try:
        load_formulas().formula(formula_key)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="formula") from None
    amount = quantity if quantity not in (None, "") else str(target.quantity)
    calculation = _calculate(target, formula_key, source, amount, assay_percent, water_percent)
    day = prepared_on or timezone.localdate()
    bud = _bud(formula_key, day, study, target.strength, api_lot, api_expires_on)
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                order=locked, formula=calculation["formula"], source=calculation["source"],
                strength=str(target.strength),
                quantity=str(calculation.get("quantity") or calculation.get("volume_ml")),
                lot=_next_lot(day), calculation=calculation, beyond_use=bud, prepared_by=by,
                prepared_on=day)
    except IntegrityError:
        raise ConcurrentOrderChange() from None
    if locked.status != OrderStatus.IN_PROGRESS:
        _set_status(locked, OrderStatus.IN_PROGRESS)
    else:
        _set_status(locked, locked.status)
    return batch


def weight_target(batch: Batch) -> Decimal:
    """What each measured unit should be: a capsule's fill weight (mg), or the
    liquid's final volume (mL)."""
    if batch.is_liquid:
        return Decimal(batch.calculation["volume_ml"])
    return Decimal(batch.calculation["fill_weight_mg"])


@transaction.atomic
def record_weights(batch: Batch, *, by: User, weights: list[str],
                   expected_version: int | None = None) -> Batch:
    """Record the measured units of ``batch`` and check them against the target
    (``check_weights``). A failed check marks the batch failed: it cannot be
    released, and the line needs a new batch. When every line of the order has
    a weighed batch, the order is compounded (pathway COMPOUNDED).
    """
    order = lock_order(batch.order_id, expected_version)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.PREPARED:
        raise PharmacyError(f"Batch {batch.lot} is already {batch.get_status_display().lower()}.")
    try:
        check = check_weights(weight_target(batch), weights)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="weights") from None
    batch.weights = [str(w).strip() for w in weights]
    batch.weight_check = check.as_dict()
    batch.status = BatchStatus.WEIGHED if check.passed else BatchStatus.FAILED
    batch.save(update_fields=["weights", "weight_check", "status"])
    if _every_line_has(order, {BatchStatus.WEIGHED, BatchStatus.VERIFIED}):
        _set_status(order, OrderStatus.COMPOUNDED)
        _advance_patient(order, State.COMPOUNDED, by, "Medicine compounded",
                         {"order_id": order.pk})
    else:
        _set_status(order, order.status)
    return batch


def _every_line_has(order: Order, statuses: set[str]) -> bool:
    plan = fill_plan(order)
    pairs = line_batches(order, plan.lines)
    return bool(pairs) and all(b is not None and b.status in statuses for _, b in pairs)


@transaction.atomic
def verify_batch(batch: Batch, *, pharmacist: User,
                 expected_version: int | None = None) -> Batch:
    """A pharmacist releases ``batch``: only a different person from the
    preparer, and only with weights inside tolerance (``release_decision``).
    Raises :class:`PharmacyError` listing every reason otherwise. When every
    line is verified the order is verified (pathway VERIFIED).
    """
    if pharmacist.role != Role.PHARMACIST:
        raise PharmacyError("Only a pharmacist can verify and release a batch.")
    order = lock_order(batch.order_id, expected_version)
    batch = Batch.objects.select_for_update(of=("self",)).select_related("prepared_by").get(pk=batch.pk)
    if batch.status == BatchStatus.VERIFIED:
        raise ConcurrentOrderChange()
    check = WeightCheck.from_dict(batch.weight_check) if batch.weight_check else None
    decision = release_decision(batch.prepared_by.email, pharmacist.email, check)
    if not decision.may_release:
        raise PharmacyError("Not released: " + "; ".join(decision.reasons) + ".")
    batch.verified_by, batch.verified_at = pharmacist, timezone.now()
    batch.release, batch.status = decision.as_dict(), BatchStatus.VERIFIED
    batch.save(update_fields=["verified_by", "verified_at", "release", "status"])
    if _every_line_has(order, {BatchStatus.VERIFIED}):
        _set_status(order, OrderStatus.VERIFIED)
        _advance_patient(order, State.VERIFIED, pharmacist, "Checked and released by a pharmacist",
                         {"order_id": order.pk})
    else:
        _set_status(order, order.status)
    return batch


# --- Shipping and refills --------------------------------------------------------------


@transaction.atomic
def ship_order(order: Order, *, by: User, carrier: str, tracking_number: str,
               expected_version: int | None = None) -> Shipment:
    """Hand a verified order to ``carrier`` with ``tracking_number`` (pathway SHIPPED)."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier:
        raise PharmacyError("Name the carrier.", field="carrier")
    if not tracking_number:
        raise PharmacyError("Give the tracking number.", field="tracking_number")
    for name, text in (("carrier", carrier), ("tracking_number", tracking_number)):
        if len(text) > CARRIER_MAX_CHARS or "\x00" in text:
            raise PharmacyError(f"Keep the {name.replace('_', ' ')} to {CARRIER_MAX_CHARS} "
                                "plain characters.", field=name)
    locked = lock_order(order.pk, expected_version)
    if locked.status != OrderStatus.VERIFIED:
        raise PharmacyError("Only a verified order can be shipped; this one is "
                            f"{locked.get_status_display().lower()}.")
    shipment = Shipment.objects.create(order=locked, carrier=carrier,
                                       tracking_number=tracking_number, shipped_by=by)
    _set_status(locked, OrderStatus.SHIPPED)
    _advance_patient(locked, State.SHIPPED, by, f"Shipped with {carrier}",
                     {"order_id": locked.pk, "carrier": carrier,
                      "tracking_number": tracking_number})
    return shipment


def _screen_for_refill(prescription: Prescription, actor: User | None) -> None:
    """Screen again at every refill, with the patient's latest answers, so a new
    medicine reported since the last fill is caught. The screening is kept
    even when it blocks the refill (the prescriber is alerted by the care app).
    """
    from ldncare.screening import ScreeningInput
    from ldncare.web.care.screening_services import run_screening

    latest = prescription.patient.screenings.order_by("-created_at", "-id").first()
    inputs = ScreeningInput.from_dict(latest.inputs if latest else {})
    screening = run_screening(prescription.patient, trigger="refill", inputs=inputs, actor=actor)
    if screening.blocks_approval:
        raise PharmacyError("The refill screening found something the prescriber must review "
                            f"first ({screening.verdict.replace('_', ' ')}); no refill was ordered.")


def request_refill(prescription: Prescription, *, requested_by: User | None = None) -> Order:
    """Order the next fill of ``prescription`` (it inherits the prescription; the
    fill follows the plan's current version). Screening runs first at every
    refill and is kept; a screening that needs the prescriber stops the refill.
    Raises :class:`PharmacyError` when no refill is left, the prescription is
    stopped, a fill is still open, or the screening blocks it.
    """
    _refill_number(prescription)  # refuse early, before screening
    _screen_for_refill(prescription, requested_by)
    return _order_refill(prescription, requested_by)


def _refill_number(prescription: Prescription) -> int:
    if prescription.status != Prescription.Status.ACTIVE:
        raise PharmacyError("This prescription is stopped; ask the prescriber for a new one.")
    orders = Order.objects.filter(prescription=prescription)
    if orders.exclude(status__in=[OrderStatus.SHIPPED, OrderStatus.CANCELLED]).exists():
        raise PharmacyError("A fill of this prescription is still being made.")
    fill_number = max((o.fill_number for o in orders), default=-1) + 1
    if fill_number > prescription.refills:
        raise PharmacyError("No refills are left on this prescription.")
    return fill_number


@transaction.atomic
def _order_refill(prescription: Prescription, requested_by: User | None) -> Order:
    # Lock the prescription so two refill requests at once make one order.
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    fill_number = _refill_number(prescription)
    order = create_order(prescription, fill_number=fill_number)
    if requested_by is not None:
        add_note(prescription.patient, actor=requested_by, visible_to_patient=True,
                 summary=f"Refill {fill_number} requested", data={"order_id": order.pk})
    return order
