"""A prescriber reviews, approves, declines and changes a dose, in a real browser."""

from __future__ import annotations

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world, make_patient
from web.prescribing.prescribing_setup import screen

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_prescriber_approves_one_patient_declines_another_and_changes_a_dose(
        live_server, page, csp_violations):
    world = build_world()
    screen(world.patient)
    second = make_patient("second@a.example", world.clinic)
    screen(second)
    log_in(page, live_server.url, world.users["prescriber"])

    page.goto(f"{live_server.url}/patients/review/")
    page.get_by_role("link", name=f"Review {world.patient.user.full_name}").click()
    approval = page.get_by_test_id("approval-form")
    assert approval.get_by_label("Protocol").input_value() == "standard"
    approval.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_test_id("plan-versions").wait_for()
    assert page.get_by_test_id("plan-version").inner_text() == "1"
    assert "1.5 mg" in page.get_by_test_id("step-table").inner_text()

    page.goto(f"{live_server.url}/patients/review/")
    page.get_by_role("link", name=f"Review {second.user.full_name}").click()
    page.get_by_label("Reason (the patient will read this)").fill(
        "Let us first repeat your liver tests.")
    page.get_by_role("button", name="Decline").click()
    page.get_by_text("Declined. The patient can read your reason.").wait_for()

    page.goto(f"{live_server.url}/patients/{world.patient.pk}/prescription/")
    form = page.get_by_test_id("dose-change-form")
    form.get_by_label("Change").select_option("switch_to_morning")
    form.get_by_label("Reason", exact=True).fill("Vivid dreams")
    form.get_by_role("button", name="Apply the change").click()
    page.get_by_text("Dose plan changed").wait_for()
    assert page.get_by_test_id("plan-version").inner_text() == "2"
    assert "Vivid dreams" in page.get_by_test_id("plan-versions").inner_text()
    assert not csp_violations

    log_out(page)
    log_in(page, live_server.url, second.user)
    assert "Let us first repeat your liver tests." in page.content()
