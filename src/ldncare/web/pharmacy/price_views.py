"""Pages of the price list and of an order's charge. Thin: parse, call
:mod:`ldncare.web.pharmacy.pricing`, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ldncare.web.access import may_edit_prices, may_record_charge
from ldncare.web.decorators import forbidden, pharmacy_team_only
from ldncare.web.pharmacy import pricing, queries
from ldncare.web.pharmacy.forms import ChargeForm, PriceEntryForm, PriceSettingsForm
from ldncare.web.pharmacy.models import Price, PriceSettings
from ldncare.web.pharmacy.services import PharmacyError
from ldncare.web.typing import AuthenticatedRequest


def _fail(form: Any, error: PharmacyError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _prices_page(request: AuthenticatedRequest, *, entry_form: Any = None,
                 settings_form: Any = None, status: int = 200) -> HttpResponse:
    pharmacy_id = request.user.organisation_id
    settings = PriceSettings.objects.filter(pharmacy_id=pharmacy_id).first()
    prices = price_list = pricing.price_list_for(request.user.organisation)
    initial = {"currency": price_list.currency,
               "shipping": "" if settings is None or settings.shipping is None
               else settings.shipping}
    return render(request, "pharmacy/prices.html", {
        "prices": Price.objects.filter(pharmacy_id=pharmacy_id), "settings": settings,
        "currency": prices.currency,
        "shipping": pricing.core.NOT_SET if prices.shipping is None
        else str(pricing.core.money(prices.shipping, prices.currency)),
        "entry_form": entry_form or PriceEntryForm(),
        "settings_form": settings_form or PriceSettingsForm(initial=initial),
        "may_edit": may_edit_prices(request.user)}, status=status)


@pharmacy_team_only
def prices(request: AuthenticatedRequest) -> HttpResponse:
    """The pharmacy's price list: packs by form, strength and size, and shipping."""
    if request.method != "POST":
        return _prices_page(request)
    if not may_edit_prices(request.user):
        return forbidden(request, "Only a pharmacist or the pharmacy's admin keeps the price list.")
    action = request.POST.get("action", "")
    if action == "settings":
        return _save_settings(request)
    if action == "remove":
        try:
            pricing.remove_price(by=request.user, price_id=int(request.POST.get("price_id", "0")))
        except (PharmacyError, ValueError) as error:
            messages.error(request, str(error) if isinstance(error, PharmacyError)
                           else "That price is no longer on the list.")
        else:
            messages.success(request, "Price removed.")
        return redirect("pharmacy:prices")
    form = PriceEntryForm(request.POST)
    if form.is_valid():
        try:
            pricing.set_price(by=request.user, **form.cleaned_data)
        except PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Price saved.")
            return redirect("pharmacy:prices")
    return _prices_page(request, entry_form=form, status=400)


def _save_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = PriceSettingsForm(request.POST)
    if form.is_valid():
        try:
            pricing.set_price_settings(by=request.user, **form.cleaned_data)
        except PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Currency and shipping saved.")
            return redirect("pharmacy:prices")
    return _prices_page(request, settings_form=form, status=400)


@pharmacy_team_only
@require_POST
def record_charge(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """Record that an order was charged or refunded (no card is processed here)."""
    order = queries.open_order(request.user, order_id)
    if not may_record_charge(request.user, order):
        return forbidden(request, "Only a pharmacist or the pharmacy's admin records a charge.")
    form = ChargeForm(request.POST)
    if form.is_valid():
        try:
            pricing.record_charge(order, by=request.user, **form.cleaned_data)
        except PharmacyError as error:
            _fail(form, error)
        else:
            messages.success(request, "Charge recorded.")
            return redirect("pharmacy:order", order_id=order.pk)
    from ldncare.web.pharmacy.views import _order_context

    return render(request, "pharmacy/order.html",
                  _order_context(request, order, charge_form=form), status=400)
