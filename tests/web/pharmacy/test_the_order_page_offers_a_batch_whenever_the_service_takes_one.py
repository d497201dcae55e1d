"""The order page offers "Start a batch" in exactly the states in which the
service starts one (it asks the order, ``Order.accepts_new_batches``, instead of
listing states itself: it used to leave out a compounded order whose line still
needed a batch)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

from ldncare.web.pharmacy.models import Batch, OrderStatus

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


@pytest.mark.parametrize("status", [s.value for s in OrderStatus])
def test_the_offer_and_the_service_agree_for_every_order_state(world, client, login, status):
    order = pharmacy_world.make_order(world)
    order.status = status
    order.save(update_fields=["status"])
    login(world.users["pharmacy_technician"])
    page = client.get(reverse("pharmacy:order", args=[order.pk])).content.decode()
    offered = "Start a batch" in page
    response = client.post(reverse("pharmacy:start_batch", args=[order.pk]), {
        "version": order.version, "line": "4.5", "formula": "ldn-capsules-mcc",
        "source": "api"}, follow=True)
    assert response.status_code == 200
    assert offered == Batch.objects.filter(order=order).exists(), status


def test_a_compounded_order_with_a_line_still_to_make_offers_the_batch(world, client, login):
    order = pharmacy_world.make_order(world)
    order.status = OrderStatus.COMPOUNDED
    order.save(update_fields=["status"])
    login(world.users["pharmacist"])
    assert "Start a batch" in client.get(reverse("pharmacy:order", args=[order.pk])).content.decode()
