"""Thin views of the pharmacy: parse, call a query or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ldncare.compounding import CompoundingError, load_bud_rules, load_formulas
from ldncare.web.accounts.roles import Role
from ldncare.web.audit.reads import record_reads
from ldncare.web.decorators import pharmacist_only, pharmacy_team_only, requires
from ldncare.web.pdf import pdf_response
from ldncare.web.pharmacy import documents, queries, services
from ldncare.web.pharmacy.forms import ShipForm, StartBatchForm, VerifyForm, WeightsForm
from ldncare.web.typing import AuthenticatedRequest

#: The people at the bench: technicians prepare, pharmacists prepare and verify.
bench_only = requires(lambda u: u.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN),
                      "Only the pharmacy's technicians and pharmacists can do this.")


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


def _order_context(request: HttpRequest, order: Any, **extra: Any) -> dict[str, Any]:
    plan = queries.fill_plan(order)
    lines = queries.line_batches(order, plan.lines)
    kind = plan.lines[0].kind if plan.lines else "capsule"
    start_form = extra.pop("start_form", None) or StartBatchForm(
        lines=[line for line, batch in lines if batch is None], kind=kind,
        initial={"version": order.version})
    ship_form = extra.pop("ship_form", None) or ShipForm(initial={"version": order.version})
    return {"order": order, "plan": plan, "lines": lines, "start_form": start_form,
            "ship_form": ship_form, "failed": queries.failed_batches(order),
            "shipment": getattr(order, "shipment", None),
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
    form = StartBatchForm(request.POST, lines=plan.lines, kind=kind)
    proposal = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.start_batch(
                order, by=request.user, line=data["line"], formula_key=data["formula"],
                source=data["source"], quantity=data["quantity"],
                assay_percent=str(data["assay_percent"] or "100"),
                water_percent=str(data["water_percent"] or "0"), study=data["study"],
                api_lot=data["api_lot"], api_expires_on=data["api_expires_on"],
                expected_version=data["version"])
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


@pharmacy_team_only
def label_pdf(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = queries.open_batch(request.user, batch_id)
    return _document(request, batch, "pharmacy/pdf/label.html", "label", documents.label_for)


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
