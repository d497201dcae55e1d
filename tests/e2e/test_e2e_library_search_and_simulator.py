"""In a real browser: search "long covid", open the condition and see its grade,
direction and studies; open the simulator, change the dose, see the chart update."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_searches_opens_a_condition_and_sees_the_evidence(live_server, page, csp_violations):
    page.goto(f"{live_server.url}/library/")
    page.get_by_label("Search the library").fill("long covid")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Long COVID (post-COVID-19 condition)").first.click()
    page.wait_for_url("**/library/conditions/long-covid/")
    # Silver: consistent uncontrolled cohorts, but no randomised trial, so no direction yet
    assert page.get_by_test_id("grade").inner_text() == "Silver"
    assert page.get_by_test_id("direction").inner_text() == "insufficient"
    assert "Why this grade" in page.get_by_test_id("grade-reason").inner_text()
    assert page.get_by_test_id("studies").locator("tbody tr").count() >= 1
    assert not csp_violations


def test_changing_the_dose_updates_the_simulator_chart(live_server, page, csp_violations):
    page.goto(f"{live_server.url}/library/simulator/")
    before = page.get_by_test_id("peak-occupancy").inner_text()
    chart_before = page.get_by_test_id("occupancy-chart").inner_html()
    page.get_by_label("Dose (mg naltrexone hydrochloride)").fill("1.5")
    page.get_by_label("Dose (mg naltrexone hydrochloride)").press("Tab")  # change event → htmx
    page.wait_for_function(
        "before => document.querySelector('[data-testid=peak-occupancy]') && "
        "document.querySelector('[data-testid=peak-occupancy]').innerText !== before", arg=before)
    assert page.get_by_test_id("occupancy-chart").inner_html() != chart_before
    assert "dose_mg=1.5" in page.url
    page.get_by_label("Dose (mg naltrexone hydrochloride)").fill("80")
    page.get_by_label("Dose (mg naltrexone hydrochloride)").press("Tab")
    page.get_by_text("The simulator stops at 50 mg").wait_for()
    assert not csp_violations
