"""The whole telehealth journey in one real browser: sign up, confirm the
e-mail, intake, screening, a prescriber approves the standard plan, the
pharmacy makes the batches, a second person verifies them, the order ships,
and the patient sees the tracking number, confirms receipt, and the schedule
starts the next day."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ldntest.browser import fill_sign_up, log_in, log_out, verify_identity_on_review_page
from ldntest.world import build_world


def stock_pharmacy(world):  # type: ignore[no-untyped-def]
    """Released lots of every ingredient at the world's pharmacy: a batch needs them."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "pharmacy_world", Path(__file__).parents[1] / "web" / "pharmacy" / "pharmacy_world.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    helpers.stock_lots(world, world.pharmacy)

pytestmark = pytest.mark.django_db(transaction=True)

INTAKE = {
    "currently_taking_opioids": "no", "opioid_recent": "no",
    "opioid_use_disorder_treatment": "no", "pregnant": "no", "breastfeeding": "no",
    "liver": "none", "kidney": "none", "thyroid_treatment": "no",
    "immunosuppressant_or_transplant": "no", "planned_procedure": "no", "drinks_alcohol": "no",
    "naltrexone_history": "never", "naltrexone_allergy": "no",
    "naloxone_or_nalmefene_allergy": "no",
}
PASSWORD = "a long enough secret 42"


def sign_up_and_confirm(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/accounts/sign-up/")
    fill_sign_up(page, name="Jamie Journey", email="jamie@example.org", password=PASSWORD)
    page.get_by_text("Check your e-mail").wait_for()
    path = re.search(r"/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(url + path)
    page.get_by_text("Your e-mail address is confirmed").wait_for()
    page.get_by_label("E-mail").fill("jamie@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_test_id("pathway-state").wait_for()


def fill_intake(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/patients/intake/")
    page.locator('[name="conditions"]').first.fill("Fibromyalgia")
    page.locator('[name="medications"]').first.fill("vitamin d")
    for name, value in INTAKE.items():
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()


def make_and_verify_every_batch(page, url: str, order_id: int) -> None:  # type: ignore[no-untyped-def]
    """The technician starts and weighs a batch for each line of the fill."""
    while True:
        page.goto(f"{url}/pharmacy/orders/{order_id}/")
        button = page.get_by_role("button", name="Start batch")
        if not button.count():
            break
        page.get_by_label("Master formula").select_option("ldn-capsules-mcc")
        button.click()
        page.get_by_test_id("working").wait_for()
        page.get_by_label("Measured units").fill("225 225 224 226")
        page.get_by_role("button", name="Record weights").click()
        page.get_by_test_id("weight-result").wait_for()


def test_the_whole_journey_from_sign_up_to_the_tracking_number_and_todays_dose(
        live_server, page, csp_violations):
    from ldncare.web.accounts.models import User
    from ldncare.web.pharmacy.models import Order

    world = build_world()
    stock_pharmacy(world)
    url = live_server.url
    sign_up_and_confirm(page, url)
    fill_intake(page, url)
    patient = User.objects.get(email="jamie@example.org").patient
    patient.refresh_from_db()
    assert patient.state == "screened", "the intake was screened and waits for the prescriber"
    log_out(page)

    log_in(page, url, world.users["prescriber"])
    page.goto(f"{url}/patients/review/")
    page.get_by_role("link", name="Review Jamie Journey").click()
    verify_identity_on_review_page(page)
    approval = page.get_by_test_id("approval-form")
    assert approval.get_by_label("Protocol").input_value() == "standard"
    approval.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("The patient was asked to agree to the cost").wait_for()
    log_out(page)

    # The patient agrees to the cost (this pharmacy has no price list: they are told
    # the pharmacy will give the price before charging); only then is it sent.
    assert not Order.objects.filter(patient=patient).exists()
    page.get_by_label("E-mail").fill("jamie@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_test_id("cost-unknown").wait_for()
    page.get_by_role("button", name="Agree and send to the pharmacy").click()
    page.get_by_text("Your prescription was sent to").wait_for()
    assert page.get_by_test_id("pathway-state").inner_text() == "Sent to pharmacy"
    log_out(page)

    order = Order.objects.get(patient=patient)
    log_in(page, url, world.users["pharmacy_technician"])
    make_and_verify_every_batch(page, url, order.pk)
    log_out(page)

    log_in(page, url, world.users["pharmacist"])
    page.goto(f"{url}/pharmacy/orders/{order.pk}/")
    for index in range(order.batches.count()):
        page.goto(f"{url}/pharmacy/orders/{order.pk}/")
        page.get_by_test_id("order-lines").get_by_role("link").nth(index).click()
        page.get_by_role("button", name="Verify and release").click()
        page.get_by_test_id("order-status").wait_for()
    assert page.get_by_test_id("order-status").inner_text() == "Verified"
    page.get_by_label("Carrier").select_option(label="Royal Mail")
    page.get_by_label("Tracking number").fill("RM555000111GB")
    page.get_by_role("button", name="Mark shipped").click()
    page.get_by_test_id("tracking-number").wait_for()
    log_out(page)

    page.get_by_label("E-mail").fill("jamie@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_test_id("pathway-state").inner_text() == "Shipped"
    page.goto(f"{url}/pharmacy/patients/{patient.pk}/orders/")
    assert page.get_by_test_id("tracking-number").inner_text() == "RM555000111GB"
    page.goto(f"{url}/patients/schedule/")
    assert "Starts when your medicine arrives" in page.get_by_test_id("today-dose").inner_text()
    page.goto(f"{url}/")  # treatment starts the day after the medicine arrives
    page.get_by_role("button", name="I have received it").click()
    page.get_by_text("delivery recorded").wait_for()
    page.goto(f"{url}/patients/schedule/")
    assert "Your first dose is on" in page.get_by_test_id("today-dose").inner_text()
    assert "1.5 mg" in page.get_by_test_id("step-table").locator("tbody tr").first.inner_text()
    assert not csp_violations
