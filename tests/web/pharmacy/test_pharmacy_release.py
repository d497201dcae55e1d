"""A batch is released only by a second person, a pharmacist, with every
weight inside tolerance; the order and the patient's pathway follow."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def one_line_order(world):  # type: ignore[no-untyped-def]
    """A refill order whose fill is only 4.5 mg capsules (the plan is at maintenance)."""
    import datetime as dt

    from django.utils import timezone

    from ldncare.web.pharmacy.services import create_order

    prescription = pharmacy_world.make_prescription(
        world, start=timezone.localdate() - dt.timedelta(days=60), refills=2)
    return create_order(prescription, fill_number=2)


def prepared_batch(world, weights=None):  # type: ignore[no-untyped-def]
    from ldncare.web.pharmacy import services

    order = one_line_order(world)
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api")
    if weights is not None:
        batch = services.record_weights(batch, by=world.users["pharmacy_technician"],
                                        weights=weights)
    return batch


def test_a_second_pharmacist_releases_a_batch_and_the_order_is_verified(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import OrderStatus

    batch = prepared_batch(world, ["225", "224", "226"])
    assert batch.status == "weighed"
    assert batch.order.__class__.objects.get(pk=batch.order_id).status == OrderStatus.COMPOUNDED
    services.verify_batch(batch, pharmacist=world.users["pharmacist"])
    batch.refresh_from_db()
    assert batch.status == "verified" and batch.release["may_release"]
    assert batch.order.__class__.objects.get(pk=batch.order_id).status == OrderStatus.VERIFIED


def test_the_preparer_cannot_verify_their_own_batch(world):
    from ldncare.web.pharmacy import services

    order = one_line_order(world)
    rph = world.users["pharmacist"]
    batch = services.start_batch(order, by=rph, line="4.5", formula_key="ldn-capsules-mcc",
                                 source="api")
    batch = services.record_weights(batch, by=rph, weights=["225"])
    with pytest.raises(services.PharmacyError, match="different person"):
        services.verify_batch(batch, pharmacist=rph)
    batch.refresh_from_db()
    assert batch.status == "weighed" and batch.verified_by is None


def test_a_technician_cannot_verify(world):
    from ldncare.web.pharmacy import services

    batch = prepared_batch(world, ["225"])
    with pytest.raises(services.PharmacyError, match="Only a pharmacist"):
        services.verify_batch(batch, pharmacist=world.users["pharmacy_technician"])


def test_a_weight_outside_tolerance_blocks_release(world):
    from ldncare.web.pharmacy import services

    batch = prepared_batch(world, ["225", "180"])
    assert batch.status == "failed"
    with pytest.raises(services.PharmacyError, match="unit 2"):
        services.verify_batch(batch, pharmacist=world.users["pharmacist"])
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.release is None


def test_two_pharmacists_verifying_at_once_one_wins_and_the_other_is_told(world):
    from ldncare.web.care.models import PathwayEvent
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Order
    from ldntest.world import make_user

    second = make_user("rph2@p.example", "pharmacist", world.pharmacy)
    batch = prepared_batch(world, ["225"])
    loaded = Order.objects.get(pk=batch.order_id).version  # both pages show this version
    services.verify_batch(batch, pharmacist=world.users["pharmacist"], expected_version=loaded)
    events = PathwayEvent.objects.count()
    with pytest.raises(services.ConcurrentOrderChange, match="Someone else"):
        services.verify_batch(batch, pharmacist=second, expected_version=loaded)
    batch.refresh_from_db()
    assert batch.verified_by == world.users["pharmacist"]
    assert PathwayEvent.objects.count() == events


def test_the_verify_page_shows_the_two_person_message_beside_the_form(world, client, login):
    from django.urls import reverse

    from ldncare.web.pharmacy import services

    order = one_line_order(world)
    rph = world.users["pharmacist"]
    batch = services.start_batch(order, by=rph, line="4.5", formula_key="ldn-capsules-mcc",
                                 source="api")
    services.record_weights(batch, by=rph, weights=["225"])
    login(rph)
    order.refresh_from_db()
    response = client.post(reverse("pharmacy:verify_batch", args=[batch.pk]),
                           {"version": order.version})
    assert response.status_code == 200
    assert "different person" in response.content.decode()
