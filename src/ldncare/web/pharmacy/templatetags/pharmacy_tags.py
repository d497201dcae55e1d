"""``{% load pharmacy_tags %}{% order_status patient %}``: the patient's orders
(status, carrier, tracking number) as the requesting user may see them, for
the patient's home page and the clinic's chart."""

from __future__ import annotations

from typing import Any

from django import template

from ldncare.web.access import orders_visible_to

register = template.Library()


@register.inclusion_tag("pharmacy/_order_status.html", takes_context=True)
def order_status(context: dict[str, Any], patient: Any) -> dict[str, Any]:
    user = context["request"].user
    orders = (orders_visible_to(user).filter(patient=patient).select_related("shipment")
              .order_by("-created_at", "-id")[:5])
    # The viewer's permissions and the CSRF token travel with it: a patient confirms
    # receipt ("I have received it") from their home page as well as from the orders page.
    return {"orders": orders, "patient": patient, "can": context.get("can"),
            "csrf_token": context.get("csrf_token"),
            "awaiting": _awaiting_agreement(user, patient), "yours": patient.user_id == user.pk}


def _awaiting_agreement(user: Any, patient: Any) -> Any:
    """The patient's new prescription still waiting for them to agree to its cost,
    for the patient and their clinic team; the pharmacy does not see it yet."""
    from ldncare.web.access import sees_cost_agreement

    if not sees_cost_agreement(user, patient):
        return None
    newest = patient.prescriptions.select_related("pharmacy").order_by("-created_at", "-id").first()
    return newest if newest is not None and newest.awaits_cost_agreement else None


@register.filter
def charge_words(order: Any) -> str:
    """What an order costs and where the payment stands, in words:
    "£24.95, not charged yet", "Charged £24.95", "Refunded £24.95", "Price not set"."""
    from ldncare.web.pharmacy.models import ChargeStatus
    from ldncare.web.pharmacy.pricing import charge_shown

    amount = charge_shown(order)
    if order.charge_status == ChargeStatus.CHARGED:
        return f"Charged {amount}"
    if order.charge_status == ChargeStatus.REFUNDED:
        return f"Refunded {amount}"
    if order.charge_amount is None:
        return "Price not set, not charged"
    return f"{amount}, not charged yet"


@register.inclusion_tag("pharmacy/_plan_cost.html", takes_context=True)
def plan_cost(context: dict[str, Any], patient: Any) -> dict[str, Any]:
    """The cost card of the patient's home page (nothing before the intake is
    sent); with the "Agree and send to the pharmacy" form while a new plan waits."""
    from ldncare.web.pharmacy.pricing import patient_cost

    return {"priced": patient_cost(patient), "patient": patient,
            "csrf_token": context.get("csrf_token")}


@register.filter
def plain(value: Any) -> str:
    """4.500 → "4.5", 30.00 → "30": a decimal as people write it (the one rule, ``format_mg``)."""
    from decimal import Decimal

    from ldncare.units import format_mg

    return format_mg(Decimal(value))


@register.filter
def money(value: Any, currency: str) -> str:
    """22.5 with "GBP" → "£22.50"."""
    from decimal import Decimal

    from ldncare.compounding.pricing import money as to_money

    return str(to_money(Decimal(value), currency))
