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
    placebo_capsule_batch,
    release_decision,
)
from ldncare.compounding.carriers import checked_tracking_number, load_carriers
from ldncare.compounding.common import Source, checked_assay, checked_water
from ldncare.compounding.inventory import (
    POWDER,
    TABLETS,
    LotState,
    MaterialNeed,
    first_usable,
    lot_problems,
    material_units,
    materials_needed,
)
from ldncare.compounding.reference import load_reference
from ldncare.pathway import PathwayError, State, check_transition
from ldncare.units import canonical_dose
from ldncare.web.access import (
    is_patient,
    is_pharmacy_team,
    may_cancel_kit_order,
    may_close_order,
    may_release_lots,
    may_verify_batch,
    works_at_bench,
)
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient, Prescription
from ldncare.web.care.plan_writes import PrescribingError, start_treatment
from ldncare.web.care.services import add_note, record_step
from ldncare.web.care.treatment import local_now, patient_today
from ldncare.web.pharmacy.models import (
    Batch,
    BatchIngredient,
    BatchStatus,
    DispensingDetails,
    IngredientLot,
    LotStatus,
    Order,
    OrderStatus,
    Shipment,
)
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
    """Route fill ``fill_number`` of ``prescription`` to its pharmacy's queue,
    priced from the pharmacy's list (not charged yet)."""
    order = Order.objects.create(patient=prescription.patient, pharmacy=prescription.pharmacy,
                                 prescription=prescription, fill_number=fill_number)
    from ldncare.web.pharmacy.pricing import price_order  # pricing imports this module

    price_order(order)
    return order


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


def _line(order: Order, strength: str, known: Order | None = None) -> OrderLine:
    """The order's line of ``strength`` (its mg or mg/mL, "1.5" or a legacy "1.500")."""
    plan = fill_plan(order, known=known)
    if plan.problem:
        raise PharmacyError(plan.problem)
    for line, batch in line_batches(order, plan.lines):
        if line.key == strength or _same_number(line.strength, strength):
            if batch is not None:
                raise PharmacyError(f"{line.description} already has batch {batch.lot}.",
                                    field="line")
            return line
    raise PharmacyError("Choose one of the order's lines.", field="line")


def _same_number(number: Decimal, text: str) -> bool:
    try:
        return Decimal(str(text).strip()) == number
    except ArithmeticError:
        return False


def _next_lot(prepared_on: dt.date) -> str:
    """The next free lot number of the day (PREFIX-YYYYMMDD-NNN)."""
    prefix = lot_number(prepared_on, 1)[:-3]
    taken = Batch.objects.filter(lot__startswith=prefix).count()
    return lot_number(prepared_on, taken + 1)


def _calculate(line: OrderLine, formula_key: str, source: str, quantity: str,
               assay_percent: Decimal | str, water_percent: Decimal | str) -> CapsuleBatch | LiquidBatch:
    """The core's worked batch for ``line``."""
    formula = load_formulas().formula(formula_key)
    expected = "liquid" if line.kind == "liquid" else "capsule"
    if formula.form != expected:
        raise PharmacyError(f"{formula.name} is a {formula.form}; this line needs a {expected}.",
                            field="formula")
    try:
        if line.kind == "liquid":
            return liquid_batch(line.strength, quantity, source=source, formula_key=formula_key,
                                assay_percent=assay_percent, water_percent=water_percent)
        count = _whole_number(quantity)
        return capsule_batch(line.strength, count, source=source, formula_key=formula_key,
                             assay_percent=assay_percent, water_percent=water_percent)
    except TabletsDoNotDivide as error:
        raise PharmacyError(str(error), field="quantity", proposal=error.fit) from None
    except CompoundingError as error:
        raise PharmacyError(str(error)) from None


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
         lots: list[tuple[IngredientLot, MaterialNeed]]) -> dict[str, Any]:
    formula = load_formulas().formula(formula_key)
    if study and study not in formula.stability_studies:
        raise PharmacyError(f"{formula.name} names no stability study {study!r}.", field="study")
    expiries = [ComponentExpiry(lot.material, lot.lot_number, lot.expires_on) for lot, _ in lots]
    try:
        bud = beyond_use_date(prepared_on, formula.bud_category, formula.storage,
                              study=study or None, strength=strength,
                              container=formula.container, component_expiries=expiries)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="study" if study else "lots") from None
    return bud.as_dict()


def _lot_state(lot: IngredientLot) -> LotState:
    return LotState(lot.material, lot.lot_number, lot.expires_on,
                    lot.status == LotStatus.RELEASED, lot.on_hand, lot.unit)


def _stock(order: Order, material: str, chosen: dict[str, int]) -> list[IngredientLot]:
    """The lots a batch may draw ``material`` from, locked: the one the
    technician chose, or every lot of the material at the order's pharmacy,
    first expiry first."""
    lots = (IngredientLot.objects.select_for_update()
            .filter(pharmacy_id=order.pharmacy_id, material=material)
            .order_by("expires_on", "lot_number"))
    if material in chosen:
        lots = lots.filter(pk=chosen[material])
    return list(lots)


def _refuse_lot(material: str, lots: list[IngredientLot], need: MaterialNeed,
                day: dt.date) -> PharmacyError:
    if not lots:
        return PharmacyError(f"No lot of {material} is in stock: receive one and have a "
                             "pharmacist release it before starting the batch.", field="lots")
    reasons = [p for lot in lots for p in lot_problems(_lot_state(lot), need, day)]
    return PharmacyError(f"No usable lot of {material}: " + "; ".join(reasons) + ".",
                         field="lots")


def _naltrexone_lot(order: Order, line: OrderLine, formula_key: str, source: str, amount: str,
                    chosen: dict[str, int], day: dt.date,
                    ) -> tuple[CapsuleBatch | LiquidBatch, IngredientLot]:
    """The worked batch and the naltrexone lot it uses: the batch math takes the
    lot's certificate assay and water, so each candidate lot is tried in turn."""
    material = POWDER if source == Source.API.value else TABLETS
    lots = _stock(order, material, chosen)
    need = None
    for lot in lots:
        made = _calculate(line, formula_key, source, amount, lot.assay_percent or "100",
                          lot.water_percent or "0")
        need = next(n for n in materials_needed(made) if n.material == material)
        if not lot_problems(_lot_state(lot), need, day):
            return made, lot
    if need is None:  # no lot at all: still check the math first, so its errors come first
        made = _calculate(line, formula_key, source, amount, "100", "0")
        need = next(n for n in materials_needed(made) if n.material == material)
    raise _refuse_lot(material, lots, need, day)


def _draw_lots(order: Order, line: OrderLine, formula_key: str, source: str, amount: str,
               chosen: dict[str, int], day: dt.date,
               ) -> tuple[CapsuleBatch | LiquidBatch, list[tuple[IngredientLot, MaterialNeed]]]:
    """The worked batch and, for every material it needs, the lot it draws from."""
    made, active = _naltrexone_lot(order, line, formula_key, source, amount, chosen, day)
    needed = {need.material for need in materials_needed(made)}
    unused = sorted(set(chosen) - needed)
    if unused:
        raise PharmacyError(f"This batch does not use {', '.join(unused)}; choose a lot of "
                            f"{active.material} (or leave the choice to the first expiry).",
                            field="naltrexone_lot" if set(unused) & {POWDER, TABLETS} else "lots")
    drawn = []
    for need in materials_needed(made):
        if need.material == active.material:
            drawn.append((active, need))
            continue
        lots = _stock(order, need.material, chosen)
        usable = first_usable([_lot_state(lot) for lot in lots], need, day)
        if usable is None:
            raise _refuse_lot(need.material, lots, need, day)
        drawn.append((next(lot for lot in lots if lot.lot_number == usable.lot_number), need))
    return made, drawn


@transaction.atomic
def start_batch(order: Order, *, by: User, line: str, formula_key: str, source: str,
                quantity: str | None = None, study: str = "",
                lots: dict[str, int] | None = None, prepared_on: dt.date | None = None,
                expected_version: int | None = None) -> Batch:
    """Start a batch for one line of ``order`` (the capsule strength ``line``, or
    the liquid's concentration): the worked math, a lot number and the BUD.

    Every ingredient comes from a released, unexpired ingredient lot of the
    order's pharmacy with enough left: the one named in ``lots`` (material →
    lot id), else the one that expires first. The naltrexone lot's certificate
    assay and water content go into the math; each lot is drawn down and
    linked to the batch, and the earliest lot expiry caps the BUD.

    ``quantity`` defaults to the fill's. Raises :class:`PharmacyError` (with
    ``proposal`` set to the core's ``TabletFit``/``LiquidVolumeFit`` when whole
    tablets do not divide) and changes nothing.
    """
    locked = lock_order(order.pk, expected_version)
    if not locked.accepts_new_batches:
        raise PharmacyError(f"This order is {locked.get_status_display().lower()}; "
                            "no new batch can be started.")
    target = _line(locked, line, known=order)
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 < v < 2**63
           for v in (lots or {}).values()):
        raise PharmacyError("Choose lots from the pharmacy's stock.", field="lots")
    try:
        load_formulas().formula(formula_key)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="formula") from None
    amount = quantity if quantity not in (None, "") else str(target.quantity)
    day = prepared_on or timezone.localdate()
    made, drawn = _draw_lots(locked, target, formula_key, source, amount, lots or {}, day)
    calculation = made.as_dict()
    bud = _bud(formula_key, day, study, target.strength, drawn)
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                order=locked, formula=calculation["formula"], source=calculation["source"],
                strength=canonical_dose(target.strength),
                quantity=str(calculation.get("quantity") or calculation.get("volume_ml")),
                lot=_next_lot(day), calculation=calculation, beyond_use=bud, prepared_by=by,
                prepared_on=day)
    except IntegrityError:
        raise ConcurrentOrderChange() from None
    for lot, need in drawn:
        BatchIngredient.objects.create(batch=batch, lot=lot, amount=need.amount, unit=need.unit)
        lot.on_hand -= need.amount
        lot.save(update_fields=["on_hand"])
    if locked.status != OrderStatus.IN_PROGRESS:
        _set_status(locked, OrderStatus.IN_PROGRESS)
    else:
        _set_status(locked, locked.status)
    return batch


@transaction.atomic
def start_kit_batch(order: Order, *, by: User, strength: Decimal, capsules: int,
                    formula_key: str, prepared_on: dt.date | None = None) -> Batch:
    """Start a batch outside the order's fill plan: one blinded trial kit
    (:mod:`ldncare.web.trials`) of ``capsules`` capsules of ``strength`` mg,
    or a placebo kit (``strength`` 0: filler only, same fill weight). It takes
    the same road as any batch: lots drawn from released stock (first expiry
    first; the powder lot's assay in the math), a lot number, the BUD capped by
    the lots, and afterwards weights and a second person's verification
    (:func:`record_weights`, :func:`verify_batch`). The kit order has no
    prescription, so no fill plan: its status and the patient's pathway do not
    move. Raises :class:`PharmacyError` and changes nothing."""
    if not works_at_bench(by):
        raise PharmacyError("Only the pharmacy's technicians and pharmacists compound kits.")
    locked = lock_order(order.pk, None)
    day = prepared_on or timezone.localdate()
    line = OrderLine("capsule", strength, Decimal(capsules))
    if strength > 0:
        made, drawn = _draw_lots(locked, line, formula_key, Source.API.value, str(capsules), {},
                                 day)
    else:
        try:
            made = placebo_capsule_batch(capsules, formula_key=formula_key)
        except CompoundingError as error:
            raise PharmacyError(str(error)) from None
        drawn = []
        for need in materials_needed(made):
            lots = _stock(locked, need.material, {})
            usable = first_usable([_lot_state(lot) for lot in lots], need, day)
            if usable is None:
                raise _refuse_lot(need.material, lots, need, day)
            drawn.append((next(lot for lot in lots if lot.lot_number == usable.lot_number), need))
    calculation = made.as_dict()
    bud = _bud(formula_key, day, "", strength, drawn)
    batch = Batch.objects.create(
        order=locked, formula=calculation["formula"], source=calculation["source"],
        strength=str(strength), quantity=str(capsules), lot=_next_lot(day),
        calculation=calculation, beyond_use=bud, prepared_by=by, prepared_on=day)
    for lot, need in drawn:
        BatchIngredient.objects.create(batch=batch, lot=lot, amount=need.amount, unit=need.unit)
        lot.on_hand -= need.amount
        lot.save(update_fields=["on_hand"])
    _set_status(locked, OrderStatus.IN_PROGRESS)
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
    if not may_verify_batch(pharmacist, batch):
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
    """Hand a verified order to ``carrier`` (a key or name from the carrier
    data) with ``tracking_number`` (pathway SHIPPED). The tracking number
    becomes a link to the carrier's page, and the patient is e-mailed that
    their medicine has shipped (no health details), through the task worker."""
    try:
        chosen = load_carriers().get(carrier)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="carrier") from None
    try:
        tracking_number = checked_tracking_number(tracking_number)
        link = chosen.link(tracking_number)
    except CompoundingError as error:
        raise PharmacyError(str(error), field="tracking_number") from None
    locked = lock_order(order.pk, expected_version)
    if locked.status != OrderStatus.VERIFIED:
        raise PharmacyError("Only a verified order can be shipped; this one is "
                            f"{locked.get_status_display().lower()}.")
    shipment = Shipment.objects.create(order=locked, carrier=chosen.name, tracking_url=link,
                                       tracking_number=tracking_number, shipped_by=by)
    _set_status(locked, OrderStatus.SHIPPED)
    _advance_patient(locked, State.SHIPPED, by, f"Shipped with {chosen.name}",
                     {"order_id": locked.pk, "carrier": chosen.name,
                      "tracking_number": tracking_number, "tracking_url": link})
    _tell_patient_shipped(locked, shipment)
    return shipment


def shipped_email(pharmacy: str, carrier: str, tracking_number: str, link: str) -> tuple[str, str]:
    """Subject and body of the "your medicine has shipped" e-mail. It names no
    medicine, dose or condition: an e-mail can be read by others."""
    follow = f"Follow it here: {link}" if link else f"Tracking number: {tracking_number}"
    body = (f"Hello,\n\nYour order from {pharmacy} is on its way with {carrier}.\n{follow}\n\n"
            "When it arrives, please log in and press \"I have received it\" on your orders "
            "page, so your care team knows.\n")
    return "Your order has shipped", body


def _tell_patient_shipped(order: Order, shipment: Shipment) -> None:
    from ldncare.web.accounts.tasks import send_email

    patient = Patient.objects.select_related("user").get(pk=order.patient_id)
    subject, body = shipped_email(order.pharmacy.name, shipment.carrier,
                                  shipment.tracking_number, shipment.tracking_url)
    email = patient.user.email
    transaction.on_commit(lambda: send_email.enqueue(email, subject, body))


@transaction.atomic
def confirm_delivery(order: Order, *, by: User, delivered_on: dt.date | None = None) -> Shipment:
    """Record that a shipped order arrived: the patient confirms it (today), or
    the pharmacy enters the carrier's delivered date. Recorded once, as an
    event on the patient's pathway."""
    locked = lock_order(order.pk, None)
    shipment = Shipment.objects.select_for_update().filter(order=locked).first()
    if shipment is None or locked.status != OrderStatus.SHIPPED:
        raise PharmacyError("Only a shipped order can be received.")
    if shipment.delivered_on is not None:
        raise PharmacyError(f"Delivery was already recorded on {shipment.delivered_on:%d %b %Y}.")
    patient = Patient.objects.select_related("user").get(pk=locked.patient_id)
    today = patient_today(patient)
    day = delivered_on or today
    if day < local_now(patient, shipment.shipped_at).date() or day > today:
        raise PharmacyError("The delivered date is between the shipping day and today.",
                            field="delivered_on")
    shipment.delivered_on, shipment.delivery_confirmed_by = day, by
    shipment.save(update_fields=["delivered_on", "delivery_confirmed_by"])
    who = "the patient" if is_patient(by) else "the pharmacy (carrier's date)"
    add_note(patient, actor=by, visible_to_patient=True,
             summary="Medicine received", reason=f"Delivered on {day:%d %b %Y}, recorded by {who}",
             data={"order_id": locked.pk, "delivered_on": day.isoformat()})
    if locked.prescription is not None:
        try:
            start_treatment(locked.prescription, arrived_on=day, actor=by)
        except PrescribingError as error:
            raise PharmacyError(str(error)) from None
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
    if prescription.awaits_cost_agreement:
        # The first fill goes when the patient agrees (care.prescribing_services.agree_to_cost).
        raise PharmacyError("The patient has not agreed to the cost yet: nothing has gone to the "
                            "pharmacy, so there is nothing to refill.")
    orders = Order.objects.filter(prescription=prescription)
    if orders.exclude(status__in=[OrderStatus.SHIPPED, OrderStatus.CANCELLED,
                                           OrderStatus.RETURNED]).exists():
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


# --- Ingredient lots ------------------------------------------------------------------


def _positive_decimal(text: str, field: str, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except ArithmeticError:
        raise PharmacyError(f"Give the {what} as a number.", field=field) from None
    if not value.is_finite() or not 0 < value < 10**9:
        raise PharmacyError(f"Give the {what} as a number above 0.", field=field)
    if value != value.quantize(Decimal("0.0001")):
        raise PharmacyError(f"Give the {what} to at most 4 decimal places.", field=field)
    return value


def _certificate_values(material: str, assay: str, water: str) -> tuple[Decimal | None, Decimal | None]:
    """Naltrexone powder needs its assay and water from the certificate (the
    batch math uses both); other materials record them only if given."""
    if material != POWDER and not str(assay).strip() and not str(water).strip():
        return None, None
    if not str(assay).strip():
        raise PharmacyError("Give the assay from the certificate of analysis.", field="assay_percent")
    for field, text in (("assay_percent", assay), ("water_percent", water)):
        if len(str(text).strip()) > 8:
            raise PharmacyError("Give the percentage as on the certificate, e.g. 99.5.",
                                field=field)
    try:
        checked = checked_assay(assay, load_reference())
    except CompoundingError as error:
        raise PharmacyError(str(error), field="assay_percent") from None
    try:
        checked_w = checked_water(water if str(water).strip() else "0")
    except CompoundingError as error:
        raise PharmacyError(str(error), field="water_percent") from None
    for field, value in (("assay_percent", checked), ("water_percent", checked_w)):
        if value != value.quantize(Decimal("0.01")):
            raise PharmacyError("Give the percentage to at most 2 decimal places.", field=field)
    return checked, checked_w


#: The longest lot number, supplier and certificate reference kept (the columns' sizes).
LOT_TEXT_LIMITS = {"lot_number": 60, "supplier": 120, "certificate": 120}


@transaction.atomic
def receive_lot(*, by: User, material: str, lot_number: str, supplier: str,
                certificate: str, expires_on: dt.date, quantity: str, assay_percent: str = "",
                water_percent: str = "") -> IngredientLot:
    """Book a delivered ingredient lot into stock, in quarantine until a
    pharmacist releases it. The unit comes from the material (g, mL or
    tablets). Raises :class:`PharmacyError` (nothing saved) for an unknown
    material, a lot already expired, a lot number already received, or a
    powder lot without its certificate's assay. The lot joins ``by``'s pharmacy."""
    pharmacy_id = by.organisation_id
    if pharmacy_id is None or not is_pharmacy_team(by):
        raise PharmacyError("Only a pharmacy's team receives lots into its stock.")
    units = material_units()
    if material not in units:
        raise PharmacyError("Choose one of the listed ingredients.", field="material")
    texts = {"lot_number": lot_number.strip(), "supplier": supplier.strip(),
             "certificate": certificate.strip()}
    for field, value in texts.items():
        if not value:
            raise PharmacyError("This is needed to trace the lot.", field=field)
        if len(value) > LOT_TEXT_LIMITS[field] or "\x00" in value:
            raise PharmacyError(f"Keep this to {LOT_TEXT_LIMITS[field]} plain characters.",
                                field=field)
    if expires_on <= timezone.localdate():
        raise PharmacyError("This lot has already expired; do not book it into stock.",
                            field="expires_on")
    amount = _positive_decimal(quantity, "quantity", "quantity received")
    assay, water = _certificate_values(material, assay_percent, water_percent)
    if IngredientLot.objects.filter(pharmacy_id=pharmacy_id, material=material,
                                    lot_number=texts["lot_number"]).exists():
        raise PharmacyError(f"Lot {texts['lot_number']} of {material} is already in stock.",
                            field="lot_number")
    return IngredientLot.objects.create(
        pharmacy_id=pharmacy_id, material=material, unit=units[material], expires_on=expires_on,
        quantity_received=amount, on_hand=amount, assay_percent=assay, water_percent=water,
        received_by=by, **texts)


@transaction.atomic
def decide_lot(lot: IngredientLot, *, pharmacist: User, release: bool) -> IngredientLot:
    """A pharmacist releases a quarantined lot for use, or rejects it."""
    if not may_release_lots(pharmacist):
        raise PharmacyError("Only a pharmacist can release or reject a lot.")
    lot = IngredientLot.objects.select_for_update().get(pk=lot.pk)
    if lot.status != LotStatus.QUARANTINE:
        raise PharmacyError(f"Lot {lot.lot_number} is already {lot.get_status_display().lower()}.")
    if release and lot.expires_on <= timezone.localdate():
        raise PharmacyError(f"Lot {lot.lot_number} has expired; it cannot be released.")
    lot.status = LotStatus.RELEASED if release else LotStatus.REJECTED
    lot.released_by, lot.released_at = pharmacist, timezone.now()
    lot.save(update_fields=["status", "released_by", "released_at"])
    return lot


# --- Cancellation and returns -----------------------------------------------------------

CANCELLABLE = (OrderStatus.RECEIVED, OrderStatus.IN_PROGRESS, OrderStatus.COMPOUNDED,
               OrderStatus.VERIFIED)


def _reason(text: str) -> str:
    reason = " ".join((text or "").replace("\x00", " ").split())
    if len(reason) < 3:
        raise PharmacyError("Say why, in a few words: the patient and prescriber will see it.",
                            field="reason")
    if len(reason) > 500:
        raise PharmacyError("Keep the reason under 500 characters.", field="reason")
    return reason


def _close(order: Order, status: str, by: User, reason: str) -> None:
    order.status, order.version = status, order.version + 1
    order.closed_reason, order.closed_by, order.closed_at = reason, by, timezone.now()
    order.save(update_fields=["status", "version", "closed_reason", "closed_by", "closed_at"])


@transaction.atomic
def cancel_order(order: Order, *, by: User, reason: str,
                 expected_version: int | None = None) -> Order:
    """A pharmacist cancels an order that has not shipped, with a reason the
    patient and prescriber see on the order and the patient's timeline. Its
    batches are not dispensed (they stay on record for traceability)."""
    if not may_close_order(by):
        raise PharmacyError("Only a pharmacist can cancel an order.")
    text = _reason(reason)
    locked = lock_order(order.pk, expected_version)
    if locked.status not in CANCELLABLE:
        raise PharmacyError(f"This order is {locked.get_status_display().lower()}; it can no "
                            "longer be cancelled." + (" Record a return instead."
                                                      if locked.status == OrderStatus.SHIPPED else ""))
    _close(locked, OrderStatus.CANCELLED, by, text)
    add_note(Patient.objects.get(pk=locked.patient_id), actor=by, visible_to_patient=True,
             summary="Pharmacy order cancelled", reason=text,
             data={"order_id": locked.pk, "reason": text, "status": OrderStatus.CANCELLED.value})
    return locked


@transaction.atomic
def cancel_kit_order(order: Order, *, by: User, reason: str) -> Order | None:
    """Cancel a blinded trial's kit order that has not shipped, because the
    trial was stopped early: no more kits are made or shipped. The reason is
    kept on the order (``closed_reason``, shown on the pharmacy's kit queue,
    kit page and order page) and the change is audited like any
    cancellation; kit batches already made stay on the order, on record.

    Returns the cancelled order, or ``None`` when there was nothing open to
    cancel (already shipped, cancelled or returned). Raises
    :class:`PharmacyError` (and changes nothing) for an order that is no
    trial's kit order, a missing reason, or someone who may not cancel it.
    """
    text = _reason(reason)
    locked = lock_order(order.pk, None)
    if not Order.objects.filter(pk=locked.pk, kit_trial__isnull=False).exists():
        raise PharmacyError("This order holds no trial kits; cancel it from the order page.")
    if not may_cancel_kit_order(by, locked.patient):
        raise PharmacyError("Only the patient's prescriber (stopping the trial) or a pharmacist "
                            "can cancel a trial's kit order.")
    if locked.status not in CANCELLABLE:
        return None
    _close(locked, OrderStatus.CANCELLED, by, text)
    # On the clinic's timeline only: the patient already reads that the trial
    # stopped, and the kit order itself is the pharmacy's (it names no arm).
    add_note(Patient.objects.get(pk=locked.patient_id), actor=by,
             summary="Trial kit order cancelled at the pharmacy", reason=text,
             data={"order_id": locked.pk, "reason": text, "status": OrderStatus.CANCELLED.value})
    return locked


@transaction.atomic
def return_order(order: Order, *, by: User, reason: str,
                 expected_version: int | None = None) -> Order:
    """A pharmacist records that a shipped order came back, with the reason
    (seen by the patient and prescriber). A returned medicine is never re-dispensed."""
    if not may_close_order(by):
        raise PharmacyError("Only a pharmacist can record a return.")
    text = _reason(reason)
    locked = lock_order(order.pk, expected_version)
    if locked.status != OrderStatus.SHIPPED:
        raise PharmacyError("Only a shipped order can be returned; this one is "
                            f"{locked.get_status_display().lower()}.")
    _close(locked, OrderStatus.RETURNED, by, text)
    add_note(Patient.objects.get(pk=locked.patient_id), actor=by, visible_to_patient=True,
             summary="Medicine returned to the pharmacy", reason=text,
             data={"order_id": locked.pk, "reason": text, "status": OrderStatus.RETURNED.value})
    return locked


# --- Dispensing details ------------------------------------------------------------------


@transaction.atomic
def set_dispensing_details(*, by: User, address: str, phone: str) -> DispensingDetails:
    """Record the address and phone that ``by``'s pharmacy prints on its labels."""
    address = "\n".join(line.strip() for line in (address or "").strip().splitlines()
                        if line.strip())
    phone = " ".join((phone or "").split())
    if not address:
        raise PharmacyError("Give the pharmacy's address.", field="address")
    if not phone or not any(ch.isdigit() for ch in phone):
        raise PharmacyError("Give a phone number patients can call.", field="phone")
    if by.organisation_id is None or not is_pharmacy_team(by):
        raise PharmacyError("Only a pharmacy's own team sets its details.")
    details, _ = DispensingDetails.objects.update_or_create(
        pharmacy_id=by.organisation_id,
        defaults={"address": address, "phone": phone, "updated_at": timezone.now()})
    return details
