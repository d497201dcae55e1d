"""In a real browser: the pharmacy prices a pack; the patient sees what the
usual plan will cost a month while they wait; the prescriber sees the cost
follow the form and approves; nothing reaches the pharmacy until the patient
has seen their plan and its exact monthly cost and agreed to it; the
pharmacist then sees the order at the agreed amount, records the charge, and
the patient sees it on their order."""

from __future__ import annotations

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world
from web.prescribing.prescribing_setup import screen
from web.prices.price_setup import price_list

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_patient_agrees_to_the_cost_before_sending_and_the_order_shows_the_charge(
        live_server, page, csp_violations):
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
    assert "the patient" in page.get_by_test_id("approval-note").inner_text().lower()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_test_id("plan-versions").wait_for()
    assert "Waiting for the patient to agree to the cost" in page.get_by_test_id(
        "awaiting-cost-agreement").inner_text()
    log_out(page)

    # The bench sees nothing of the new prescription yet (the world's order has none).
    log_in(page, live_server.url, world.users["pharmacy_technician"])
    page.goto(f"{live_server.url}/pharmacy/")
    assert "Capsules" not in page.get_by_test_id("order-queue").inner_text()
    log_out(page)

    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/")
    assert "1.5 mg, 3 mg and 4.5 mg" in page.get_by_test_id("plan-words").inner_text()
    assert page.get_by_test_id("monthly-cost").inner_text() == "£23.65"  # what the prescriber saw
    first_fill = page.get_by_test_id("first-fill-cost").inner_text()
    assert first_fill.startswith("£")
    _fits_a_phone_and_passes_axe(page, live_server.url)  # the crawl's patient has no such card
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Agree and send to the pharmacy").click()
    page.get_by_text("Your prescription was sent to").wait_for()
    assert page.get_by_test_id("pathway-state").inner_text() == "Sent to pharmacy"
    log_out(page)

    order = Order.objects.get(patient=world.patient, prescription__isnull=False)
    log_in(page, live_server.url, world.users["pharmacist"])
    page.goto(f"{live_server.url}/pharmacy/")
    assert "Capsules" in page.get_by_test_id("order-queue").inner_text()
    page.goto(f"{live_server.url}/pharmacy/orders/{order.pk}/")
    assert page.get_by_test_id("order-charge-status").inner_text() == "Not charged"
    assert page.get_by_test_id("order-charge-amount").inner_text() == first_fill
    page.get_by_label("What happened").select_option("charged")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Charge recorded.").wait_for()
    assert page.get_by_test_id("order-charge-status").inner_text() == "Charged"
    log_out(page)

    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/pharmacy/patients/{world.patient.pk}/orders/")
    assert f"Charged {first_fill}" in page.content()
    assert not csp_violations


def _fits_a_phone_and_passes_axe(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from ldntest.crawl import Findings, Visit, check_page

    findings = Findings()
    check_page(page, base_url, Visit("patient", "home", "/"), findings)
    assert not (findings.too_wide or findings.axe or findings.broken), findings
