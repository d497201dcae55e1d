"""Writes of the pharmacy: orders and (later) batches, verification, shipping."""

from __future__ import annotations

from django.db import transaction

from ldncare.web.pharmacy.models import Order


@transaction.atomic
def create_order(prescription, *, fill_number: int = 0) -> Order:  # type: ignore[no-untyped-def]
    """Route fill ``fill_number`` of ``prescription`` to its pharmacy's queue."""
    return Order.objects.create(patient=prescription.patient, pharmacy=prescription.pharmacy,
                                prescription=prescription, fill_number=fill_number)
