"""Shipping: the carrier comes from data and the tracking number is a link;
the patient is e-mailed (no health details) and confirms receipt, or the
pharmacy enters the carrier's delivered date; either is a pathway event."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def shipped(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    order.status = "verified"
    order.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        services.ship_order(order, by=world.users["pharmacy_technician"], carrier="usps",
                            tracking_number="9400 1000 0000 0000 0000 00")
    order.refresh_from_db()
    return order


def test_the_tracking_number_links_to_the_carriers_page(world, client, login,
                                                       django_capture_on_commit_callbacks):
    order = shipped(world, django_capture_on_commit_callbacks)
    assert order.shipment.tracking_url == (
        "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000")
    login(world.users["patient"])
    page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk])).content.decode()
    assert 'href="https://tools.usps.com/go/TrackConfirmAction?tLabels=94001' in page


def test_the_patient_is_emailed_that_it_shipped_without_any_health_details(
        world, django_capture_on_commit_callbacks):
    shipped(world, django_capture_on_commit_callbacks)
    sent = mail.outbox[-1]
    assert sent.to == [world.patient.user.email] and "shipped" in sent.subject
    assert "tools.usps.com" in sent.body
    for private in ("naltrexone", "LDN", " mg", "capsule", "dose"):
        assert private.lower() not in (sent.subject + sent.body).lower()


def test_an_unknown_carrier_or_a_strange_tracking_number_is_refused_beside_its_field(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    with pytest.raises(services.PharmacyError) as refused:
        services.ship_order(order, by=world.users["pharmacist"], carrier="Pigeon",
                            tracking_number="RM1234GB")
    assert refused.value.field == "carrier"
    with pytest.raises(services.PharmacyError) as refused:
        services.ship_order(order, by=world.users["pharmacist"], carrier="ups",
                            tracking_number="<script>")
    assert refused.value.field == "tracking_number"


def test_the_patient_confirms_receipt_and_it_joins_their_pathway(
        world, client, login, django_capture_on_commit_callbacks):
    order = shipped(world, django_capture_on_commit_callbacks)
    login(world.users["patient"])
    page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk])).content.decode()
    assert "I have received it" in page
    done = client.post(reverse("pharmacy:confirm_delivery", args=[order.pk]), follow=True)
    assert "received" in done.content.decode()
    order.shipment.refresh_from_db()
    assert order.shipment.delivery_confirmed_by == world.users["patient"]
    received = world.patient.events.filter(summary="Medicine received").get()
    assert received.visible_to_patient
    again = client.post(reverse("pharmacy:confirm_delivery", args=[order.pk]), follow=True)
    assert "already recorded" in again.content.decode()


def test_the_pharmacy_enters_the_carriers_delivered_date(world, client, login,
                                                        django_capture_on_commit_callbacks):
    from django.utils import timezone

    order = shipped(world, django_capture_on_commit_callbacks)
    login(world.users["pharmacy_technician"])
    future = timezone.localdate() + dt.timedelta(days=3)
    client.post(reverse("pharmacy:confirm_delivery", args=[order.pk]),
                {"delivered_on": future.isoformat()})
    order.shipment.refresh_from_db()
    assert order.shipment.delivered_on is None
    client.post(reverse("pharmacy:confirm_delivery", args=[order.pk]),
                {"delivered_on": timezone.localdate().isoformat()})
    order.shipment.refresh_from_db()
    assert order.shipment.delivered_on == timezone.localdate()


def test_another_patient_cannot_confirm_someone_elses_parcel(world, client, login,
                                                             django_capture_on_commit_callbacks):
    order = shipped(world, django_capture_on_commit_callbacks)
    login(world.users["prescriber"])
    assert client.post(reverse("pharmacy:confirm_delivery", args=[order.pk])).status_code == 403
    answer = client.post(reverse("api:pharmacy_confirm_delivery", args=[order.pk]), {},
                         content_type="application/json")
    assert answer.status_code == 403
