"""The simulator page: charts and tables for a dose or a protocol, limits shown
beside the field, the rebound hypothesis only on request, and an htmx fragment."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = "/library/simulator/"


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_default_page_shows_both_charts_the_thresholds_and_the_extrapolation_notice(client):
    page = _get(client)
    assert page.count("<svg") >= 2
    assert 'data-testid="thresholds"' in page
    assert "Extrapolation below 50 mg" in page
    assert 'data-testid="validation-brain-retention"' in page
    assert "ka_per_h" in page and "derived" in page


def test_a_50_mg_dose_has_no_extrapolation_notice(client):
    assert "Extrapolation below 50 mg" not in _get(client, dose_mg="50", thresholds="50")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("dose_mg", "-1", "cannot be negative"),
    ("dose_mg", "0", "above 0 mg"),
    ("dose_mg", "51", "stops at 50 mg"),
    ("dose_mg", "lots", "ould not read"),
    ("hours", "5000", "less than or equal to 1008"),
    ("doses", "1000", "less than or equal to 60"),
    ("thresholds", "150", "1 to 99"),
    ("missed", "two", "numbers separated by commas"),
    ("missed", "9", "numbered 1 to 1"),
    ("protocol", "nonsense", "Select a valid choice"),
])
def test_bad_input_is_explained_beside_the_field_never_a_500(client, field, value, message):
    params = {"dose_mg": "4.5", "doses": "1", "interval_hours": "24", "thresholds": "50", field: value}
    page = _get(client, **params)
    assert message in page
    assert "<svg" not in page


def test_a_titration_protocol_is_simulated_with_its_own_doses(client):
    page = _get(client, dose_mg="4.5", protocol="standard", protocol_days="16", doses="1",
                interval_hours="24", thresholds="50")
    assert "16 over" in page


def test_missed_doses_are_left_out(client):
    page = _get(client, dose_mg="4.5", doses="5", interval_hours="24", missed="2, 3", thresholds="50")
    assert "3 over" in page


def test_the_rebound_hypothesis_appears_only_when_asked_and_is_labelled(client):
    assert "HYPOTHESIS" not in _get(client)
    page = _get(client, dose_mg="4.5", doses="1", interval_hours="24", thresholds="50",
                rebound="on", rebound_gain="1", rebound_return_rate="0.1")
    assert "HYPOTHESIS" in page


def test_the_rebound_hypothesis_has_no_default_parameters(client):
    page = _get(client, dose_mg="4.5", doses="1", interval_hours="24", thresholds="50", rebound="on")
    assert "has no default" in page


def test_an_htmx_request_gets_only_the_simulation_fragment(client):
    response = client.get(URL, {"dose_mg": "3", "doses": "1", "interval_hours": "24", "thresholds": "50"},
                          headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="simulation"')
    assert "<html" not in body


def test_the_page_uses_no_inline_script_or_style(client):
    page = _get(client)
    assert "<script>" not in page and " style=" not in page and "hx-on" not in page
    assert reverse("library:simulator") in page
