"""Thin views of the pharmacy: parse, call a query or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ldncare.compounding import CompoundingError, load_bud_rules, load_formulas
from ldncare.compounding.inventory import material_units
from ldncare.web.access import (
    is_patient,
    may_close_order,
    may_confirm_delivery,
    may_edit_dispensing_details,
    may_receive_lots,
    may_record_charge,
    may_release_lots,
)
from ldncare.web.audit.reads import record_reads
from ldncare.web.decorators import (
    bench_only,
    forbidden,
    pharmacist_only,
    pharmacy_team_only,
)
from ldncare.web.pdf import pdf_response
from ldncare.web.pharmacy import documents, pricing, queries, services
from ldncare.web.pharmacy.forms import (
    ChargeForm,
    CloseOrderForm,
    DeliveryForm,
    DispensingDetailsForm,
    LotDecisionForm,
    RecallForm,
    ReceiveLotForm,
    ShipForm,
    StartBatchForm,
    VerifyForm,
    WeightsForm,
)
from ldncare.web.pharmacy.models import DispensingDetails
from ldncare.web.typing import AuthenticatedRequest


def _stale(form: Any) -> None:
    """A hidden field cannot show its own error: say it on the form."""
    if "version" in form.errors:
        form.add_error(None, "This page was out of date. Reload it and try again.")


def _fail(form: Any, error: services.PharmacyError) -> None:
    """Put a service's message beside its field (or on the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@pharmacy_team_only
def queue(request: AuthenticatedRequest) -> HttpResponse:
    orders = record_reads(queries.order_queue(request.user)[:200])  # each row names a patient
    rows = [(order, queries.fill_plan(order)) for order in orders]
    return render(request, "pharmacy/order_queue.html", {"rows": rows})


@pharmacy_team_only
def formulas(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "pharmacy/formulas.html",
                  {"book": load_formulas(), "bud_rules": load_bud_rules()})


def _order_context(request: AuthenticatedRequest, order: Any, **extra: Any) -> dict[str, Any]:
    plan = queries.fill_plan(order)
    lines = queries.line_batches(order, plan.lines)
    kind = plan.lines[0].kind if plan.lines else "capsule"
    start_form = extra.pop("start_form", None) or StartBatchForm(
        lines=[line for line, batch in lines if batch is None], kind=kind,
        naltrexone_lots=queries.naltrexone_lots(request.user), initial={"version": order.version})
    ship_form = extra.pop("ship_form", None) or ShipForm(initial={"version": order.version})
    return {"order": order, "plan": plan, "lines": lines, "start_form": start_form,
            "ship_form": ship_form, "failed": queries.failed_batches(order),
            "close_form": extra.pop("close_form", None) or CloseOrderForm(
                initial={"version": order.version}),
            "cancellable": order.status in services.CANCELLABLE,
            "may_close": may_close_order(request.user),
            "shipment": getattr(order, "shipment", None), "delivery_form": DeliveryForm(),
            "charge": pricing.charge_shown(order),
            "may_charge": may_record_charge(request.user, order),
            "charge_form": extra.pop("charge_form", None) or ChargeForm(),
            **extra}


@pharmacy_team_only
def order_detail(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = queries.open_order(request.user, order_id)
    return render(request, "pharmacy/order.html", _order_context(request, order))


@bench_only
def start_batch(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = queries.open_order(request.user, order_id)
    if request.method != "POST":
        return redirect("pharmacy:order", order_id=order.pk)
    plan = queries.fill_plan(order)
    kind = plan.lines[0].kind if plan.lines else "capsule"
    choices = queries.naltrexone_lots(request.user)
    form = StartBatchForm(request.POST, lines=plan.lines, kind=kind, naltrexone_lots=choices)
    proposal = None
    if form.is_valid():
        data = form.cleaned_data
        chosen = ({lot.material: lot.pk for lot in choices.filter(pk=data["naltrexone_lot"])}
                  if data["naltrexone_lot"] else {})
        try:
            batch = services.start_batch(
                order, by=request.user, line=data["line"], formula_key=data["formula"],
                source=data["source"], quantity=data["quantity"], study=data["study"],
                lots=chosen, expected_version=data["version"])
        except services.PharmacyError as error:
            _fail(form, error)
            proposal = error.proposal
        else:
            messages.success(request, f"Batch {batch.lot} started.")
            return redirect("pharmacy:batch", batch_id=batch.pk)
    order.refresh_from_db()
    _stale(form)
    return render(request, "pharmacy/order.html",
                  _order_context(request, order, start_form=form, proposal=proposal), status=200)


def _batch_context(batch: Any, **extra: Any) -> dict[str, Any]:
    version = batch.order.version
    return {"batch": batch, "order": batch.order, "target": services.weight_target(batch),
            "lots_used": queries.batch_lots(batch),
            "unit": "mL" if batch.is_liquid else "mg",
            "weights_form": extra.pop("weights_form", None) or WeightsForm(
                initial={"version": version}),
            "verify_form": extra.pop("verify_form", None) or VerifyForm(
                initial={"version": version}),
            **extra}


@pharmacy_team_only
def batch_detail(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    return render(request, "pharmacy/batch.html", _batch_context(batch))


@bench_only
@require_POST
def record_weights(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    form = WeightsForm(request.POST)
    if form.is_valid():
        try:
            batch = services.record_weights(batch, by=request.user,
                                            weights=form.cleaned_data["weights"],
                                            expected_version=form.cleaned_data["version"])
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Weights recorded.")
            return redirect("pharmacy:batch", batch_id=batch.pk)
    _stale(form)
    return render(request, "pharmacy/batch.html", _batch_context(batch, weights_form=form))


@pharmacist_only
@require_POST
def verify_batch(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify_batch(batch, pharmacist=request.user,
                                  expected_version=form.cleaned_data["version"])
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Batch {batch.lot} verified and released.")
            return redirect("pharmacy:order", order_id=batch.order_id)
    _stale(form)
    return render(request, "pharmacy/batch.html", _batch_context(batch, verify_form=form))


@bench_only
@require_POST
def ship_order(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    order = queries.open_order(request.user, order_id)
    form = ShipForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.ship_order(order, by=request.user, carrier=data["carrier"],
                                tracking_number=data["tracking_number"],
                                expected_version=data["version"])
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Order shipped.")
            return redirect("pharmacy:order", order_id=order.pk)
    _stale(form)
    return render(request, "pharmacy/order.html", _order_context(request, order, ship_form=form))


def _document(request: HttpRequest, batch: Any, template: str, name: str, build: Any) -> HttpResponse:
    try:
        content = build(batch)
    except CompoundingError as error:
        return render(request, "accounts/message.html",
                      {"title": "This document cannot be made", "message": str(error)},
                      status=409)
    return pdf_response(request, template, {"doc": content, "batch": batch},
                        f"{name}-{batch.lot}.pdf")


def _label(request: AuthenticatedRequest, batch_id: int, template: str, name: str) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    try:
        content = documents.dispensing_label_for(batch)
    except CompoundingError as error:
        return render(request, "accounts/message.html",
                      {"title": "This label cannot be made", "message": str(error)}, status=409)
    return pdf_response(request, template, {
        "doc": content, "batch": batch, "barcode": documents.barcode_svg(content.rx_number),
        "copies": range(LABELS_PER_SHEET)}, f"{name}-{batch.lot}.pdf")


#: A sheet of 4 × 2 inch labels on A4: two across, five down.
LABELS_PER_SHEET = 10


@pharmacy_team_only
def label_pdf(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    """The dispensing label on 4 × 2 inch label stock."""
    return _label(request, batch_id, "pharmacy/pdf/label.html", "label")


@pharmacy_team_only
def label_sheet_pdf(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    """The dispensing label, ten to an A4 sheet."""
    return _label(request, batch_id, "pharmacy/pdf/label_sheet.html", "labels")


def _details_page(request: AuthenticatedRequest, form: Any = None) -> HttpResponse:
    details = DispensingDetails.objects.filter(pharmacy_id=request.user.organisation_id).first()
    form = form or DispensingDetailsForm(initial={"address": details.address if details else "",
                                                  "phone": details.phone if details else ""})
    return render(request, "pharmacy/details.html", {
        "form": form, "details": details, "may_edit": may_edit_dispensing_details(request.user)})


@pharmacy_team_only
def dispensing_details(request: AuthenticatedRequest) -> HttpResponse:
    """The address and phone the pharmacy's labels print (pharmacist or admin edits)."""
    if request.method != "POST":
        return _details_page(request)
    if not may_edit_dispensing_details(request.user):
        return forbidden(request, "Only a pharmacist or the pharmacy's admin sets these details.")
    form = DispensingDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.set_dispensing_details(by=request.user, **form.cleaned_data)
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Dispensing details saved.")
            return redirect("pharmacy:details")
    return _details_page(request, form)


@pharmacy_team_only
def batch_record_pdf(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    return _document(request, batch, "pharmacy/pdf/batch_record.html", "batch-record",
                     documents.record_for)


@login_required
def patient_orders(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """A patient's orders with their status and tracking: for the patient, the
    clinic team and the pharmacy (htmx asks for the fragment only)."""
    patient, orders = queries.patient_orders(request.user, patient_id)
    template = ("pharmacy/patient_orders.html#order_status" if request.headers.get("HX-Request")
                else "pharmacy/patient_orders.html")
    return render(request, template, {"patient": patient, "orders": orders})


# --- Ingredient lots, recall, cancellation and returns ---------------------------------------


def _lots_page(request: AuthenticatedRequest, form: Any = None, status: int = 200) -> HttpResponse:
    units = material_units()
    return render(request, "pharmacy/lots.html", {
        "lots": queries.lot_register(request.user), "units": units,
        "form": form or ReceiveLotForm(units=units),
        "may_receive": may_receive_lots(request.user),
        "may_release": may_release_lots(request.user)}, status=status)


@pharmacy_team_only
def lots(request: AuthenticatedRequest) -> HttpResponse:
    """The ingredient lot register, and (for the bench) receiving a lot."""
    if request.method != "POST":
        return _lots_page(request)
    if not may_receive_lots(request.user):
        return forbidden(request, "Only technicians and pharmacists receive lots.")
    form = ReceiveLotForm(request.POST, units=material_units())
    if form.is_valid():
        data = form.cleaned_data
        try:
            lot = services.receive_lot(by=request.user, **data)
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Lot {lot.lot_number} received into quarantine.")
            return redirect("pharmacy:lots")
    return _lots_page(request, form)


@pharmacist_only
@require_POST
def decide_lot(request: AuthenticatedRequest, lot_id: int) -> HttpResponse:
    lot = queries.open_lot(request.user, lot_id)
    form = LotDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose release or reject.")
        return redirect("pharmacy:lots")
    release = form.cleaned_data["decision"] == "release"
    try:
        services.decide_lot(lot, pharmacist=request.user, release=release)
    except services.PharmacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Lot {lot.lot_number} {'released' if release else 'rejected'}.")
    return redirect("pharmacy:lots")


@pharmacy_team_only
def recall(request: AuthenticatedRequest) -> HttpResponse:
    """Which patients received a batch lot, or which batches used an ingredient lot."""
    form = RecallForm(request.GET or None)
    result = queries.recall_for(request.user, form.cleaned_data["lot"]) if form.is_valid() else None
    return render(request, "pharmacy/recall.html", {"form": form, "result": result})


def _close(request: AuthenticatedRequest, order_id: int, action: Any, done: str) -> HttpResponse:
    order = queries.open_order(request.user, order_id)
    form = CloseOrderForm(request.POST)
    if form.is_valid():
        try:
            action(order, by=request.user, reason=form.cleaned_data["reason"],
                   expected_version=form.cleaned_data["version"])
        except services.PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, done)
            return redirect("pharmacy:order", order_id=order.pk)
    _stale(form)
    return render(request, "pharmacy/order.html", _order_context(request, order, close_form=form))


@pharmacist_only
@require_POST
def cancel_order(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    return _close(request, order_id, services.cancel_order, "Order cancelled.")


@pharmacist_only
@require_POST
def return_order(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    return _close(request, order_id, services.return_order, "Return recorded.")


@login_required
@require_POST
def confirm_delivery(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """The patient confirms their parcel arrived, or the bench enters the
    carrier's delivered date."""
    order = queries.open_order(request.user, order_id)
    if not may_confirm_delivery(request.user, order):
        return forbidden(request, "Only the patient, or the pharmacy's bench, records delivery.")
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the delivered date as a date.")
    else:
        try:
            services.confirm_delivery(order, by=request.user,
                                      delivered_on=form.cleaned_data["delivered_on"])
        except services.PharmacyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Thank you: delivery recorded.")
    if is_patient(request.user):
        return redirect("pharmacy:patient_orders", patient_id=order.patient_id)
    return redirect("pharmacy:order", order_id=order.pk)
