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
    # The viewer and the CSRF token travel with it: a patient confirms receipt
    # ("I have received it") from their home page as well as from the orders page.
    return {"orders": orders, "patient": patient, "user": user,
            "csrf_token": context.get("csrf_token")}
