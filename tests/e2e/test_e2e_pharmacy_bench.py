"""A technician makes a batch and records its weights, a second person (a
pharmacist) verifies it, the order ships with a tracking number, and the
patient sees that tracking number — in a real browser."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parents[1] / "web" / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def test_a_batch_is_weighed_verified_by_a_second_person_and_shipped_and_the_patient_sees_it(
        live_server, page, csp_violations):
    from django.utils import timezone

    from ldncare.web.pharmacy.services import create_order

    world = build_world()
    prescription = pharmacy_world.make_prescription(
        world, start=timezone.localdate() - dt.timedelta(days=60), refills=2)
    order = create_order(prescription, fill_number=2)  # one line: 30 × 4.5 mg capsules

    log_in(page, live_server.url, world.users["pharmacy_technician"])
    page.goto(f"{live_server.url}/pharmacy/")
    page.get_by_role("link", name=f"#{order.pk}").click()
    page.get_by_label("Master formula").select_option("ldn-capsules-mcc")
    page.get_by_role("button", name="Start batch").click()
    page.get_by_test_id("working").wait_for()
    assert "USP <795>" in page.get_by_test_id("bud-basis").inner_text()
    page.get_by_label("Measured units").fill("225 224 226 225")
    page.get_by_role("button", name="Record weights").click()
    assert "within" in page.get_by_test_id("weight-result").inner_text()
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, world.users["pharmacist"])
    page.goto(f"{live_server.url}/pharmacy/orders/{order.pk}/")
    page.get_by_test_id("order-lines").get_by_role("link").first.click()
    page.get_by_role("button", name="Verify and release").click()
    assert page.get_by_test_id("order-status").inner_text() == "Verified"
    page.get_by_label("Carrier").select_option(label="Royal Mail")
    page.get_by_label("Tracking number").fill("RM987654321GB")
    page.get_by_role("button", name="Mark shipped").click()
    assert page.get_by_test_id("tracking-number").inner_text() == "RM987654321GB"
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/pharmacy/patients/{world.patient.pk}/orders/")
    assert page.get_by_test_id("tracking-number").inner_text() == "RM987654321GB"
    assert not csp_violations
