"""A pharmacist cancels an unshipped order, or records a shipped one as
returned, each with a reason that the patient and the prescriber see."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def test_a_cancelled_order_shows_its_reason_to_the_patient_and_the_prescriber(world, client,
                                                                             login):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    services.cancel_order(order, by=world.users["pharmacist"],
                          reason="The prescriber asked us to hold this fill")
    order.refresh_from_db()
    assert order.status == "cancelled" and order.closed_by == world.users["pharmacist"]
    event = world.patient.events.order_by("-id").first()
    assert event.visible_to_patient and "hold this fill" in event.reason
    for who in ("patient", "prescriber"):
        login(world.users[who])
        page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk]))
        assert "Cancelled" in page.content.decode()
        assert "The prescriber asked us to hold this fill" in page.content.decode()


def test_a_cancellation_is_audited(world):
    from auditlog.models import LogEntry

    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    services.cancel_order(order, by=world.users["pharmacist"], reason="Duplicate order")
    changes = LogEntry.objects.get_for_object(order).order_by("-timestamp").first().changes_dict
    assert changes["status"][1] == "cancelled" and changes["closed_reason"][1] == "Duplicate order"


def test_a_cancellation_needs_a_reason_and_a_pharmacist(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    with pytest.raises(services.PharmacyError) as refused:
        services.cancel_order(order, by=world.users["pharmacist"], reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(services.PharmacyError, match="Only a pharmacist"):
        services.cancel_order(order, by=world.users["pharmacy_technician"], reason="Duplicate")
    order.refresh_from_db()
    assert order.status == "received"


def test_a_cancelled_order_cannot_have_a_batch_started(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    services.cancel_order(order, by=world.users["pharmacist"], reason="Duplicate order")
    with pytest.raises(services.PharmacyError, match="cancelled"):
        services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                             formula_key="ldn-capsules-mcc", source="api")


def test_a_shipped_order_is_returned_not_cancelled_and_the_patient_sees_why(world, client, login):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    order.status = "shipped"
    order.save(update_fields=["status"])
    with pytest.raises(services.PharmacyError, match="Record a return instead"):
        services.cancel_order(order, by=world.users["pharmacist"], reason="Too late")
    services.return_order(order, by=world.users["pharmacist"],
                          reason="Parcel undeliverable, returned by the carrier")
    order.refresh_from_db()
    assert order.status == "returned"
    login(world.users["patient"])
    page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk])).content.decode()
    assert "Returned to the pharmacy" in page and "returned by the carrier" in page


def test_the_order_page_cancels_with_the_reason_beside_the_field_when_missing(world, client,
                                                                              login):
    order = pharmacy_world.make_order(world)
    login(world.users["pharmacist"])
    url = reverse("pharmacy:cancel_order", args=[order.pk])
    missing = client.post(url, {"version": order.version, "reason": ""})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    done = client.post(url, {"version": order.version, "reason": "Patient moved abroad"},
                       follow=True)
    assert "Patient moved abroad" in done.content.decode()


def test_the_api_cancels_and_refuses_a_technician(world, client, login):
    order = pharmacy_world.make_order(world)
    url = reverse("api:pharmacy_cancel_order", args=[order.pk])
    login(world.users["pharmacy_technician"])
    assert client.post(url, {"reason": "Duplicate"}, content_type="application/json"
                       ).status_code == 403
    login(world.users["pharmacist"])
    answer = client.post(url, {"reason": "Duplicate", "version": order.version},
                         content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["status"] == "cancelled" and answer.json()["closed_reason"] == "Duplicate"
    again = client.post(url, {"reason": "Duplicate"}, content_type="application/json")
    assert again.status_code == 400
