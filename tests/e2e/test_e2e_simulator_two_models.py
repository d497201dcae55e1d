"""In a real browser on a phone-sized screen: the simulator compares both models of
blockade, and choosing the plasma-driven model moves the summary to it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_sees_both_models_and_can_switch_the_summary_to_the_other(live_server, page, csp_violations):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/library/simulator/")
    comparison = page.get_by_test_id("model-comparison")
    assert "Measured in people" in comparison.inner_text()
    assert page.get_by_test_id("model-plasma-driven").is_visible()
    assert page.get_by_test_id("model-brain-retention").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Model for the summary and the band").select_option("plasma-driven")
    page.get_by_text("Summary (typical patient, plasma-driven model)").wait_for()
    assert "model=plasma-driven" in page.url
    assert not csp_violations
