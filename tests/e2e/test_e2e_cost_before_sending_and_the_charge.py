"""In a real browser: the pharmacy prices a pack; the patient sees what the
plan will cost a month before any prescription is sent; the prescriber sees
the cost follow the form, approves; the pharmacist records the charge and
the patient sees it on their order."""

from __future__ import annotations

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world
from web.prescribing.prescribing_setup import screen
from web.prices.price_setup import price_list

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_cost_is_shown_before_sending_and_the_order_shows_the_charge(live_server, page,
                                                                          csp_violations):
    from ldncare.web.pharmacy.models import Order

    world = build_world()
    price_list(world, skip=("4.5",))
    screen(world.patient)

    # The pharmacy's admin keeps the list (a staff TOTP code cannot be used twice,
    # so the pharmacist who records the charge later is another person).
    log_in(page, live_server.url, world.users["pharmacy_admin"])
    page.goto(f"{live_server.url}/pharmacy/prices/")
    page.get_by_label("Form").select_option("capsule")
    page.get_by_label("Strength (mg per capsule, or mg/mL for a liquid)").fill("4.5")
    page.get_by_label("Pack size (capsules, or mL)").fill("30")
    page.get_by_label("Price of the pack").fill("22.00")
    page.get_by_role("button", name="Save price").click()
    page.get_by_text("Price saved.").wait_for()
    assert "£22.00" in page.get_by_test_id("price-list").inner_text()
    log_out(page)

    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/")
    assert page.get_by_test_id("monthly-cost").inner_text() == "£26.95"
    log_out(page)

    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/review/")
    assert page.get_by_test_id("proposal-monthly-cost").inner_text() == "£26.95"
    page.get_by_label("Days per fill").fill("90")
    page.get_by_label("Days per fill").blur()
    # Only a 30-pack of 4.5 mg is listed: three of them + shipping, over three months.
    page.get_by_text("£23.65").wait_for()
    page.get_by_role("button", name="Approve and send to pharmacy").click()
    page.get_by_test_id("plan-versions").wait_for()
    log_out(page)

    order = Order.objects.filter(patient=world.patient, prescription__isnull=False) \
        .order_by("-id").first()
    log_in(page, live_server.url, world.users["pharmacist"])
    page.goto(f"{live_server.url}/pharmacy/orders/{order.pk}/")
    assert page.get_by_test_id("order-charge-status").inner_text() == "Not charged"
    amount = page.get_by_test_id("order-charge-amount").inner_text()
    assert amount.startswith("£")
    page.get_by_label("What happened").select_option("charged")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Charge recorded.").wait_for()
    assert page.get_by_test_id("order-charge-status").inner_text() == "Charged"
    log_out(page)

    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/pharmacy/patients/{world.patient.pk}/orders/")
    assert f"Charged {amount}" in page.content()
    assert not csp_violations
