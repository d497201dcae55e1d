"""The pharmacy's JSON API: queue, order, batch, weights, verify, ship.

Doses and weights travel as decimal strings. Out-of-scope objects answer 404;
a refused action answers 400 (409 when someone else changed the order) with
the API's one error body (``{"detail", "errors": [{"field", "message"}]}``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from ldncare.units import canonical_dose, format_mg
from ldncare.web.access import (
    is_pharmacist,
    is_pharmacy_team,
    may_close_order,
    may_confirm_delivery,
    may_receive_lots,
    may_release_lots,
    works_at_bench,
)
from ldncare.web.apierrors import ApiError, In, RecordDate, Version, require, responses
from ldncare.web.doses import DoseText, api_dose
from ldncare.web.pharmacy import queries, services
from ldncare.web.pharmacy.models import Batch, IngredientLot, Order
from ldncare.web.typing import user_of

router = Router(tags=["pharmacy"])

#: The most units one weighing records (capsules of a fill, or liquid checks).
MAX_WEIGHED_UNITS = 2000


class LineOut(Schema):
    kind: str
    #: mg per capsule, or mg/mL of the liquid, in canonical form ("1.5").
    strength: DoseText
    quantity: str
    batch_id: int | None
    batch_status: str | None


class OrderOut(Schema):
    id: int
    patient_id: int
    fill_number: int
    status: str
    version: int
    created_at: dt.datetime
    problem: str
    lines: list[LineOut]
    carrier: str | None
    tracking_number: str | None
    closed_reason: str
    tracking_url: str | None
    delivered_on: dt.date | None
    #: What the fill costs, as a decimal string (null: no price was set), its
    #: currency, and not_charged / charged / refunded. No card is processed.
    charge_amount: str | None = None
    charge_currency: str = ""
    charge_status: str = "not_charged"


class BatchLotOut(Schema):
    material: str
    lot_number: str
    expires_on: dt.date
    amount: str
    unit: str


class BatchOut(Schema):
    id: int
    order_id: int
    lot: str
    formula: str
    source: str
    #: mg per capsule, or mg/mL of the liquid, in canonical form ("1.5").
    strength: DoseText
    quantity: str
    status: str
    working: list[str]
    beyond_use_date: str
    bud_basis: str
    weights_passed: bool | None
    failures: list[str]
    ingredient_lots: list[BatchLotOut]


class BatchIn(In):
    version: Version | None = None
    line: str = Field(..., max_length=20)
    formula: str = Field(..., max_length=80)
    source: str = Field("api", max_length=20)
    quantity: str | None = Field(None, max_length=20)
    study: str = Field("", max_length=200)
    #: Ingredient lot ids by material; any material left out takes the
    #: released lot that expires first. The naltrexone lot's certificate assay
    #: and water content go into the math.
    lots: dict[Annotated[str, Field(max_length=120)], Version] = Field(default_factory=dict,
                                                                      max_length=20)


class WeightsIn(In):
    version: Version | None = None
    weights: list[Annotated[str, Field(max_length=20)]] = Field(..., max_length=MAX_WEIGHED_UNITS)


class VersionIn(In):
    version: Version | None = None


class ShipIn(In):
    version: Version | None = None
    carrier: str = Field(..., max_length=services.CARRIER_MAX_CHARS)
    tracking_number: str = Field(..., max_length=services.CARRIER_MAX_CHARS)


def _order_out(order: Order) -> OrderOut:
    plan = queries.fill_plan(order)
    lines = [LineOut(kind=line.kind, strength=canonical_dose(line.strength), quantity=format_mg(line.quantity),
                     batch_id=batch.pk if batch else None,
                     batch_status=batch.status if batch else None)
             for line, batch in queries.line_batches(order, plan.lines)]
    shipment = getattr(order, "shipment", None)
    return OrderOut(id=order.pk, patient_id=order.patient_id, fill_number=order.fill_number,
                    status=order.status, version=order.version, created_at=order.created_at,
                    problem=plan.problem, lines=lines,
                    carrier=shipment.carrier if shipment else None,
                    tracking_number=shipment.tracking_number if shipment else None,
                    closed_reason=order.closed_reason,
                    tracking_url=shipment.tracking_url if shipment else None,
                    delivered_on=shipment.delivered_on if shipment else None,
                    charge_amount=None if order.charge_amount is None
                    else f"{order.charge_amount:.2f}",
                    charge_currency=order.charge_currency, charge_status=order.charge_status)


def _batch_out(batch: Batch) -> BatchOut:
    check = batch.weight_check or {}
    return BatchOut(id=batch.pk, order_id=batch.order_id, lot=batch.lot, formula=batch.formula,
                    source=batch.source, strength=api_dose(batch.strength) or batch.strength, quantity=batch.quantity,
                    status=batch.status, working=batch.calculation.get("working", []),
                    beyond_use_date=batch.beyond_use["beyond_use_date"],
                    bud_basis=batch.beyond_use["basis"],
                    weights_passed=check.get("passed"), failures=check.get("failures", []),
                    ingredient_lots=[BatchLotOut(material=u.lot.material, lot_number=u.lot.lot_number,
                                                 expires_on=u.lot.expires_on, amount=str(u.amount),
                                                 unit=u.unit) for u in queries.batch_lots(batch)])


def _refused(error: services.PharmacyError) -> ApiError:
    if isinstance(error, services.ConcurrentOrderChange):
        return ApiError(409, str(error), "version")
    return ApiError(400, str(error), error.field)


@router.get("/queue", response=responses(list[OrderOut]), url_name="pharmacy_queue")
def pharmacy_queue(request: HttpRequest) -> list[OrderOut]:
    """Open orders routed to the user's pharmacy, oldest first."""
    require(is_pharmacy_team(user_of(request)), "This is for the pharmacy team.")
    return [_order_out(o) for o in queries.order_queue(user_of(request))[:200]]


@router.get("/orders/{order_id}", response=responses(OrderOut), url_name="pharmacy_order")
def pharmacy_order(request: HttpRequest, order_id: int) -> OrderOut:
    """One order with its lines, batches and shipment (for anyone who may see it)."""
    return _order_out(queries.open_order(user_of(request), order_id))


@router.post("/orders/{order_id}/batches", response=responses(BatchOut, 201),
             url_name="pharmacy_start_batch")
def pharmacy_start_batch(request: HttpRequest, order_id: int, body: BatchIn) -> Status:
    """Start a batch for one line; 400 with the core's message (whole tablets included)."""
    require(works_at_bench(user_of(request)), "Only technicians and pharmacists start batches.")
    order = queries.open_order(user_of(request), order_id)
    try:
        batch = services.start_batch(
            order, by=user_of(request), line=body.line, formula_key=body.formula,
            source=body.source, quantity=body.quantity, study=body.study, lots=body.lots,
            expected_version=body.version)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return Status(201, _batch_out(batch))


@router.get("/batches/{batch_id}", response=responses(BatchOut), url_name="pharmacy_batch")
def pharmacy_batch(request: HttpRequest, batch_id: int) -> BatchOut:
    require(is_pharmacy_team(user_of(request)), "This is for the pharmacy team.")
    return _batch_out(queries.open_batch(user_of(request), batch_id))


@router.post("/batches/{batch_id}/weights", response=responses(BatchOut),
             url_name="pharmacy_record_weights")
def pharmacy_record_weights(request: HttpRequest, batch_id: int, body: WeightsIn) -> BatchOut:
    """Record measured units; a unit outside tolerance fails the batch (still 200)."""
    require(works_at_bench(user_of(request)), "Only technicians and pharmacists record weights.")
    batch = queries.open_batch(user_of(request), batch_id)
    try:
        return _batch_out(services.record_weights(batch, by=user_of(request), weights=body.weights,
                                                  expected_version=body.version))
    except services.PharmacyError as error:
        raise _refused(error) from None


@router.post("/batches/{batch_id}/verify", response=responses(BatchOut),
             url_name="pharmacy_verify_batch")
def pharmacy_verify_batch(request: HttpRequest, batch_id: int, body: VersionIn) -> BatchOut:
    """Release by a second pharmacist; 400 with every reason when refused."""
    require(is_pharmacist(user_of(request)), "Only a pharmacist verifies.")
    batch = queries.open_batch(user_of(request), batch_id)
    try:
        return _batch_out(services.verify_batch(batch, pharmacist=user_of(request),
                                                expected_version=body.version))
    except services.PharmacyError as error:
        raise _refused(error) from None


@router.post("/orders/{order_id}/shipment", response=responses(OrderOut),
             url_name="pharmacy_ship_order")
def pharmacy_ship_order(request: HttpRequest, order_id: int, body: ShipIn) -> OrderOut:
    require(works_at_bench(user_of(request)), "Only technicians and pharmacists ship orders.")
    order = queries.open_order(user_of(request), order_id)
    try:
        services.ship_order(order, by=user_of(request), carrier=body.carrier,
                            tracking_number=body.tracking_number, expected_version=body.version)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return _order_out(queries.open_order(user_of(request), order_id))


# --- Ingredient lots, recall, cancellation and returns ------------------------------------


class LotOut(Schema):
    id: int
    material: str
    lot_number: str
    supplier: str
    certificate: str
    expires_on: dt.date
    assay_percent: str | None
    water_percent: str | None
    unit: str
    quantity_received: str
    on_hand: str
    status: str


class LotIn(In):
    material: str = Field(..., max_length=120)
    lot_number: str = Field(..., max_length=60)
    supplier: str = Field(..., max_length=120)
    certificate: str = Field(..., max_length=120)
    expires_on: RecordDate
    quantity: str = Field(..., max_length=20)
    assay_percent: str = Field("", max_length=20)
    water_percent: str = Field("", max_length=20)


class LotDecisionIn(In):
    release: bool


class CloseIn(In):
    version: Version | None = None
    reason: str = Field(..., max_length=2000)


class RecallBatchOut(Schema):
    batch_id: int
    lot: str
    description: str
    prepared_on: dt.date
    status: str
    order_id: int
    order_status: str
    patient_id: int
    patient: str
    shipped_on: dt.date | None
    ingredient_lots: list[str]


class RecallPatientOut(Schema):
    patient_id: int
    patient: str
    batches: list[str]


class RecallOut(Schema):
    query: str
    kind: str
    ingredient_lots: list[dict[str, str]]
    batches: list[RecallBatchOut]
    patients: list[RecallPatientOut]


def _lot_out(lot: IngredientLot) -> LotOut:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return LotOut(id=lot.pk, material=lot.material, lot_number=lot.lot_number,
                  supplier=lot.supplier, certificate=lot.certificate, expires_on=lot.expires_on,
                  assay_percent=text(lot.assay_percent), water_percent=text(lot.water_percent),
                  unit=lot.unit, quantity_received=str(lot.quantity_received),
                  on_hand=str(lot.on_hand), status=lot.status)


@router.get("/lots", response=responses(list[LotOut]), url_name="pharmacy_lots")
def pharmacy_lots(request: HttpRequest) -> list[LotOut]:
    """The pharmacy's ingredient lots: quarantined first, then by ingredient and expiry."""
    require(is_pharmacy_team(user_of(request)), "This is for the pharmacy team.")
    return [_lot_out(lot) for lot in queries.lot_register(user_of(request))[:500]]


@router.post("/lots", response=responses(LotOut, 201), url_name="pharmacy_receive_lot")
def pharmacy_receive_lot(request: HttpRequest, body: LotIn) -> Status:
    """Receive an ingredient lot into quarantine (technicians and pharmacists)."""
    require(may_receive_lots(user_of(request)), "Only technicians and pharmacists receive lots.")
    try:
        lot = services.receive_lot(by=user_of(request), **body.dict())
    except services.PharmacyError as error:
        raise _refused(error) from None
    return Status(201, _lot_out(lot))


@router.post("/lots/{lot_id}/decision", response=responses(LotOut),
             url_name="pharmacy_decide_lot")
def pharmacy_decide_lot(request: HttpRequest, lot_id: int, body: LotDecisionIn) -> LotOut:
    """A pharmacist releases a quarantined lot (``release: true``) or rejects it."""
    require(may_release_lots(user_of(request)), "Only a pharmacist releases or rejects a lot.")
    lot = queries.open_lot(user_of(request), lot_id)
    try:
        return _lot_out(services.decide_lot(lot, pharmacist=user_of(request), release=body.release))
    except services.PharmacyError as error:
        raise _refused(error) from None


@router.get("/recall", response=responses(RecallOut), url_name="pharmacy_recall")
def pharmacy_recall(request: HttpRequest, lot: str) -> RecallOut:
    """Which patients received batch lot ``lot``, or which batches (and patients)
    used ingredient lot ``lot``; ``kind`` says which matched ("none" if neither)."""
    require(is_pharmacy_team(user_of(request)), "This is for the pharmacy team.")
    if not lot.strip() or len(lot) > 60:
        raise HttpError(400, "Give a lot number of up to 60 characters.")
    return RecallOut.model_validate(queries.recall_for(user_of(request), lot).as_dict())


def _close(request: HttpRequest, order_id: int, body: CloseIn, action: object) -> OrderOut:
    require(may_close_order(user_of(request)), "Only a pharmacist cancels an order or records a return.")
    order = queries.open_order(user_of(request), order_id)
    try:
        action(order, by=user_of(request), reason=body.reason,  # type: ignore[operator]
               expected_version=body.version)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return _order_out(queries.open_order(user_of(request), order_id))


@router.post("/orders/{order_id}/cancel", response=responses(OrderOut),
             url_name="pharmacy_cancel_order")
def pharmacy_cancel_order(request: HttpRequest, order_id: int, body: CloseIn) -> OrderOut:
    """Cancel an order that has not shipped, with a reason the patient and prescriber see."""
    return _close(request, order_id, body, services.cancel_order)


@router.post("/orders/{order_id}/return", response=responses(OrderOut),
             url_name="pharmacy_return_order")
def pharmacy_return_order(request: HttpRequest, order_id: int, body: CloseIn) -> OrderOut:
    """Record that a shipped order came back, with the reason."""
    return _close(request, order_id, body, services.return_order)


class DeliveryIn(In):
    delivered_on: RecordDate | None = None


@router.post("/orders/{order_id}/delivery", response=responses(OrderOut),
             url_name="pharmacy_confirm_delivery")
def pharmacy_confirm_delivery(request: HttpRequest, order_id: int, body: DeliveryIn) -> OrderOut:
    """The patient confirms their parcel arrived (today), or the bench enters the
    carrier's delivered date; recorded once, on the patient's pathway."""
    order = queries.open_order(user_of(request), order_id)
    require(may_confirm_delivery(user_of(request), order), "Only the patient, or the pharmacy's bench, records delivery.")
    try:
        services.confirm_delivery(order, by=user_of(request), delivered_on=body.delivered_on)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return _order_out(queries.open_order(user_of(request), order_id))
