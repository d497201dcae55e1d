"""An order carries what its fill costs (priced when it was made) and where
the payment stands: not charged, charged or refunded. No card is taken; the
pharmacist records the outcome."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from ldncare.web.pharmacy.models import ChargeStatus, Order
from web.prescribing.prescribing_setup import prescribe
from web.prices.price_setup import price_list


def _order(world) -> Order:  # type: ignore[no-untyped-def]
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    return Order.objects.get(prescription=prescription)


def test_the_first_fill_is_priced_when_the_prescription_is_sent(world):
    price_list(world)
    order = _order(world)
    # The first 30 days climb 1.5 → 3 → 4.5 mg: a 30-pack of each strength + shipping.
    assert (order.charge_amount, order.charge_currency) == (Decimal("64.95"), "GBP")
    assert order.charge_status == ChargeStatus.NOT_CHARGED


def test_an_order_without_a_price_list_is_not_priced_at_zero(world):
    order = _order(world)
    assert order.charge_amount is None


def test_the_pharmacist_records_the_charge_and_a_refund(world, login):
    price_list(world)
    order = _order(world)
    client = login(world.users["pharmacist"])
    url = reverse("pharmacy:record_charge", args=[order.pk])
    assert client.post(url, {"status": "charged", "amount": ""}).status_code == 302
    page = client.get(reverse("pharmacy:order", args=[order.pk])).content.decode()
    assert 'data-testid="order-charge-amount">£64.95<' in page
    assert 'data-testid="order-charge-status">Charged<' in page
    assert client.post(url, {"status": "refunded", "amount": ""}).status_code == 302
    order.refresh_from_db()
    assert order.charge_status == ChargeStatus.REFUNDED
    assert order.charge_recorded_by == world.users["pharmacist"]


def test_a_refund_before_any_charge_is_refused_beside_the_field(world, login):
    price_list(world)
    order = _order(world)
    response = login(world.users["pharmacist"]).post(
        reverse("pharmacy:record_charge", args=[order.pk]), {"status": "refunded", "amount": ""})
    assert response.status_code == 400
    assert "Only a charged order can be refunded." in response.content.decode()
    order.refresh_from_db()
    assert order.charge_status == ChargeStatus.NOT_CHARGED


def test_an_unpriced_order_needs_the_amount_charged(world, login):
    order = _order(world)
    client = login(world.users["pharmacist"])
    url = reverse("pharmacy:record_charge", args=[order.pk])
    response = client.post(url, {"status": "charged", "amount": ""})
    assert response.status_code == 400
    assert "give the amount charged" in response.content.decode()
    assert client.post(url, {"status": "charged", "amount": "30.00"}).status_code == 302
    order.refresh_from_db()
    assert order.charge_amount == Decimal("30.00")


def test_the_technician_cannot_record_a_charge(world, login):
    price_list(world)
    order = _order(world)
    response = login(world.users["pharmacy_technician"]).post(
        reverse("pharmacy:record_charge", args=[order.pk]), {"status": "charged", "amount": ""})
    assert response.status_code == 403


def test_the_patient_sees_what_their_order_costs_and_whether_it_was_charged(world, login):
    price_list(world)
    order = _order(world)
    client = login(world.users["patient"])
    page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk])).content.decode()
    assert "£64.95, not charged yet" in page
    from ldncare.web.pharmacy import pricing

    pricing.record_charge(order, by=world.users["pharmacist"], status="charged", amount="")
    page = client.get(reverse("home")).content.decode()
    assert "Charged £64.95" in page


def test_the_order_api_carries_the_amount_and_its_status(world, login):
    price_list(world)
    order = _order(world)
    body = login(world.users["pharmacist"]).get(f"/api/pharmacy/orders/{order.pk}").json()
    assert (body["charge_amount"], body["charge_currency"], body["charge_status"]) == (
        "64.95", "GBP", "not_charged")
