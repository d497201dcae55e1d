"""The pharmacy journey in a real browser: a technician receives a powder lot,
a batch is refused until a pharmacist releases it, a two-capsule batch is made
through a trituration from that lot, the dispensing label prints, a recall of
the lot finds the patient, and the order is cancelled with a reason the
patient then reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parents[1] / "web" / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def test_a_lot_is_received_released_used_recalled_and_the_order_cancelled(
        live_server, page, csp_violations):
    from ldncare.web.pharmacy.services import create_order

    world = build_world()
    prescription = pharmacy_world.make_prescription(world, stock=False)
    pharmacy_world.add_lot(world, world.pharmacy, material="microcrystalline cellulose (Avicel)",
                           lot_number="AV-1")
    order = create_order(prescription)
    url = live_server.url

    log_in(page, url, world.users["pharmacy_technician"])
    page.goto(f"{url}/pharmacy/lots/")
    page.get_by_label("Ingredient").select_option("naltrexone hydrochloride powder")
    page.get_by_label("Supplier's lot number").fill("NX-E2E")
    page.get_by_label("Supplier", exact=True).fill("Acme Pharma")
    page.get_by_label("Certificate of analysis reference").fill("COA-NX-E2E")
    page.get_by_label("Expiry date").fill("2030-06-30")
    page.get_by_label("Quantity received").fill("5")
    page.get_by_label("Assay on the certificate (%)").fill("99.5")
    page.get_by_label("Water content on the certificate (%)").fill("2")
    page.get_by_role("button", name="Receive lot").click()
    assert page.get_by_test_id("lot-NX-E2E").get_by_test_id("lot-status").inner_text() == (
        "In quarantine")

    page.goto(f"{url}/pharmacy/orders/{order.pk}/")
    page.get_by_label("What to make").select_option(label="2 × 4.5 mg capsules")
    page.get_by_label("Master formula").select_option("ldn-capsules-mcc")
    page.get_by_role("button", name="Start batch").click()
    assert "not released by a pharmacist" in page.get_by_role("alert").first.inner_text()
    log_out(page)

    log_in(page, url, world.users["pharmacist"])
    page.goto(f"{url}/pharmacy/lots/")
    page.get_by_role("button", name="Release lot NX-E2E").click()
    assert page.get_by_test_id("lot-NX-E2E").get_by_test_id("lot-status").inner_text() == (
        "Released for use")

    page.goto(f"{url}/pharmacy/orders/{order.pk}/")
    page.get_by_label("What to make").select_option(label="2 × 4.5 mg capsules")
    page.get_by_label("Master formula").select_option("ldn-capsules-mcc")
    page.get_by_role("button", name="Start batch").click()
    assert "trituration for the batch" in page.get_by_test_id("weighings").inner_text()
    assert "NX-E2E" in page.get_by_test_id("lots-used").inner_text()
    href = page.get_by_role("link", name="Dispensing label, 4 × 2 inch (PDF)").get_attribute("href")
    label = page.request.get(f"{url}{href}")
    assert label.ok and label.headers["content-type"] == "application/pdf"

    page.goto(f"{url}/pharmacy/recall/")
    page.get_by_label("Lot number").fill("NX-E2E")
    page.get_by_role("button", name="Find").click()
    assert page.get_by_test_id("recall-summary").inner_text() == "1 batch, 1 patient."

    page.goto(f"{url}/pharmacy/orders/{order.pk}/")
    page.get_by_label("Reason").fill("The prescriber changed the plan; a new order follows")
    page.get_by_role("button", name="Cancel order").click()
    assert page.get_by_test_id("order-status").inner_text() == "Cancelled"
    log_out(page)

    log_in(page, url, world.users["patient"])
    page.goto(f"{url}/pharmacy/patients/{world.patient.pk}/orders/")
    assert "a new order follows" in page.get_by_test_id("order-closed-reason").inner_text()
    assert not csp_violations
