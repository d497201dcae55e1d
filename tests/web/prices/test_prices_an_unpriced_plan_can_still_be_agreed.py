"""When the pharmacy has not priced the plan, the patient is told so plainly
(never £0.00) and may still agree: the pharmacy tells them the price before
charging, and the order says "Price not set"."""

from __future__ import annotations

from django.urls import reverse

from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import prescribe
from web.prices.price_setup import price_list


def test_an_unpriced_plan_says_so_and_can_still_be_agreed(world, login):
    price_list(world, skip=("4.5",))
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                             agreed=False)
    client = login(world.users["patient"])
    page = client.get(reverse("home")).content.decode()
    assert "The pharmacy has not set a price yet for: 4.5 mg capsules" in page
    assert "The pharmacy will tell you the price before it charges you" in page
    assert "£0.00" not in page
    response = client.post(reverse("care:agree_to_cost", args=[world.patient.pk]), {
        "prescription": prescription.pk, "plan_version": 1, "first_fill": "", "per_month": ""})
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert prescription.cost_agreed_at is not None
    assert prescription.agreed_monthly_cost is None and prescription.agreed_first_fill_cost is None
    order = Order.objects.get(prescription=prescription)
    assert order.charge_amount is None


def test_a_pharmacy_with_no_price_list_at_all_does_not_break_the_page(world, login):
    prescribe(world.patient, world.users["prescriber"], world.pharmacy, agreed=False)
    response = login(world.users["patient"]).get(reverse("home"))
    assert response.status_code == 200
    assert "Agree and send to the pharmacy" in response.content.decode()
