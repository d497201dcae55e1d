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

from ldncare.web.accounts.roles import Role
from ldncare.web.apierrors import ApiError, In, RecordDate, Version, responses
from ldncare.web.pharmacy import queries, services
from ldncare.web.pharmacy.models import Batch, Order
from ldncare.web.typing import user_of

router = Router(tags=["pharmacy"])

BENCH = (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)
#: The most units one weighing records (capsules of a fill, or liquid checks).
MAX_WEIGHED_UNITS = 2000


class LineOut(Schema):
    kind: str
    strength: str
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


class BatchOut(Schema):
    id: int
    order_id: int
    lot: str
    formula: str
    source: str
    strength: str
    quantity: str
    status: str
    working: list[str]
    beyond_use_date: str
    bud_basis: str
    weights_passed: bool | None
    failures: list[str]


class BatchIn(In):
    version: Version | None = None
    line: str = Field(..., max_length=20)
    formula: str = Field(..., max_length=80)
    source: str = Field("api", max_length=20)
    quantity: str | None = Field(None, max_length=20)
    assay_percent: str = Field("100", max_length=20)
    water_percent: str = Field("0", max_length=20)
    study: str = Field("", max_length=200)
    api_lot: str = Field("", max_length=60)
    api_expires_on: RecordDate | None = None


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
    lines = [LineOut(kind=line.kind, strength=str(line.strength), quantity=str(line.quantity),
                     batch_id=batch.pk if batch else None,
                     batch_status=batch.status if batch else None)
             for line, batch in queries.line_batches(order, plan.lines)]
    shipment = getattr(order, "shipment", None)
    return OrderOut(id=order.pk, patient_id=order.patient_id, fill_number=order.fill_number,
                    status=order.status, version=order.version, created_at=order.created_at,
                    problem=plan.problem, lines=lines,
                    carrier=shipment.carrier if shipment else None,
                    tracking_number=shipment.tracking_number if shipment else None)


def _batch_out(batch: Batch) -> BatchOut:
    check = batch.weight_check or {}
    return BatchOut(id=batch.pk, order_id=batch.order_id, lot=batch.lot, formula=batch.formula,
                    source=batch.source, strength=batch.strength, quantity=batch.quantity,
                    status=batch.status, working=batch.calculation.get("working", []),
                    beyond_use_date=batch.beyond_use["beyond_use_date"],
                    bud_basis=batch.beyond_use["basis"],
                    weights_passed=check.get("passed"), failures=check.get("failures", []))


def _require(request: HttpRequest, roles: tuple[str, ...], message: str) -> None:
    if user_of(request).role not in roles:
        raise HttpError(403, message)


def _refused(error: services.PharmacyError) -> ApiError:
    if isinstance(error, services.ConcurrentOrderChange):
        return ApiError(409, str(error), "version")
    return ApiError(400, str(error), error.field)


@router.get("/queue", response=responses(list[OrderOut]), url_name="pharmacy_queue")
def pharmacy_queue(request: HttpRequest) -> list[OrderOut]:
    """Open orders routed to the user's pharmacy, oldest first."""
    if not user_of(request).is_pharmacy_member:
        raise HttpError(403, "This is for the pharmacy team.")
    return [_order_out(o) for o in queries.order_queue(user_of(request))[:200]]


@router.get("/orders/{order_id}", response=responses(OrderOut), url_name="pharmacy_order")
def pharmacy_order(request: HttpRequest, order_id: int) -> OrderOut:
    """One order with its lines, batches and shipment (for anyone who may see it)."""
    return _order_out(queries.open_order(user_of(request), order_id))


@router.post("/orders/{order_id}/batches", response=responses(BatchOut, 201),
             url_name="pharmacy_start_batch")
def pharmacy_start_batch(request: HttpRequest, order_id: int, body: BatchIn) -> Status:
    """Start a batch for one line; 400 with the core's message (whole tablets included)."""
    _require(request, BENCH, "Only technicians and pharmacists start batches.")
    order = queries.open_order(user_of(request), order_id)
    try:
        batch = services.start_batch(
            order, by=user_of(request), line=body.line, formula_key=body.formula,
            source=body.source, quantity=body.quantity, assay_percent=body.assay_percent,
            water_percent=body.water_percent, study=body.study, api_lot=body.api_lot, api_expires_on=body.api_expires_on,
            expected_version=body.version)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return Status(201, _batch_out(batch))


@router.get("/batches/{batch_id}", response=responses(BatchOut), url_name="pharmacy_batch")
def pharmacy_batch(request: HttpRequest, batch_id: int) -> BatchOut:
    if not user_of(request).is_pharmacy_member:
        raise HttpError(403, "This is for the pharmacy team.")
    return _batch_out(queries.open_batch(user_of(request), batch_id))


@router.post("/batches/{batch_id}/weights", response=responses(BatchOut),
             url_name="pharmacy_record_weights")
def pharmacy_record_weights(request: HttpRequest, batch_id: int, body: WeightsIn) -> BatchOut:
    """Record measured units; a unit outside tolerance fails the batch (still 200)."""
    _require(request, BENCH, "Only technicians and pharmacists record weights.")
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
    _require(request, (Role.PHARMACIST,), "Only a pharmacist verifies.")
    batch = queries.open_batch(user_of(request), batch_id)
    try:
        return _batch_out(services.verify_batch(batch, pharmacist=user_of(request),
                                                expected_version=body.version))
    except services.PharmacyError as error:
        raise _refused(error) from None


@router.post("/orders/{order_id}/shipment", response=responses(OrderOut),
             url_name="pharmacy_ship_order")
def pharmacy_ship_order(request: HttpRequest, order_id: int, body: ShipIn) -> OrderOut:
    _require(request, BENCH, "Only technicians and pharmacists ship orders.")
    order = queries.open_order(user_of(request), order_id)
    try:
        services.ship_order(order, by=user_of(request), carrier=body.carrier,
                            tracking_number=body.tracking_number, expected_version=body.version)
    except services.PharmacyError as error:
        raise _refused(error) from None
    return _order_out(queries.open_order(user_of(request), order_id))
