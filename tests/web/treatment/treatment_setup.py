"""Set-up for treatment tests: a prescription approved through the real
service, and its first fill carried to the patient's door."""

from __future__ import annotations

from ldncare.pathway import State


def approved(world, **overrides):  # type: ignore[no-untyped-def]
    """The world's patient, approved today (or from ``start``) through the service."""
    from web.prescribing.prescribing_setup import prescribe

    return prescribe(world.patient, world.users["prescriber"], world.pharmacy, **overrides)


def ship_first_fill(world, prescription):  # type: ignore[no-untyped-def]
    """The first fill, made, checked and shipped: the bench steps are recorded as
    the pharmacy flow records them, then the real shipping service runs."""
    from django.db import transaction

    from ldncare.web.care.services import record_step
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Order

    order = Order.objects.get(prescription=prescription, fill_number=0)
    technician = world.users["pharmacy_technician"]
    for state in (State.COMPOUNDED, State.VERIFIED):
        record_step(world.patient, state, actor=technician, summary=state.label)
    order.status = "verified"
    order.save(update_fields=["status"])
    with transaction.atomic():
        services.ship_order(order, by=technician, carrier="usps",
                            tracking_number="9400 1000 0000 0000 0000 00")
    order.refresh_from_db()
    return order
