"""In a real browser: a patient opens their own summary; a prescriber opens the dashboard."""

from __future__ import annotations

import pytest

from ldncare.web.accounts.models import User
from ldncare.web.synthetic import load_synthetic_clinic
from ldntest.browser import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_reads_their_summary_in_plain_words(world, live_server, page, csp_violations):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=1, months=4, seed=8)
    user = User.objects.get(patient__pk=next(iter(loaded.patient_ids.values())))
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    log_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/insights/me/")
    assert page.get_by_role("heading", name="Is LDN working for me?").is_visible()
    headline = page.get_by_test_id("nof1-headline").inner_text()
    assert headline.startswith("Main measure") and "before LDN" in headline
    assert "choose another" in page.get_by_test_id("nof1-primary-reason").inner_text()
    assert page.get_by_test_id("nof1-caveats").inner_text()
    assert page.get_by_test_id("chart-pain").locator(".chart-wide svg").count() == 1
    assert not csp_violations


def test_a_prescriber_opens_the_clinic_dashboard(world, live_server, page, csp_violations):
    load_synthetic_clinic(world.clinic, world.pharmacy, patients=25, months=6, seed=9)
    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/insights/")
    assert page.get_by_role("heading", name="Clinic outcomes").is_visible()
    assert "25 patients" in page.get_by_test_id("dashboard-count").inner_text()
    assert page.get_by_test_id("retention-chart").locator("svg").count() == 1
    assert "placebo" in page.get_by_test_id("dashboard-caveats").inner_text()
    assert page.get_by_test_id("comparison").count() >= 1
    assert "Source:" in page.get_by_test_id("definition").first.inner_text()
    assert not csp_violations


def test_a_prescriber_chooses_the_main_measure_and_the_headline_follows(world, live_server, page,
                                                                       csp_violations):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=1, months=4, seed=8)
    patient_id = next(iter(loaded.patient_ids.values()))
    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/insights/patients/{patient_id}/")
    page.get_by_label("Main measure", exact=True).select_option("mood")
    page.get_by_role("button", name="Save the main measure").click()
    assert "The patient's mood" in page.get_by_test_id("nof1-headline").inner_text()
    assert "their prescriber chose" in page.get_by_test_id("nof1-primary-reason").inner_text()
    assert not csp_violations
