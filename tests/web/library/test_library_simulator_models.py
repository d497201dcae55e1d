"""The simulator page shows both models of blockade, what is measured, and how far they differ."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/library/simulator/"


def _get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_compares_both_models_in_plain_words(client):
    page = _get(client)
    assert 'data-testid="model-plasma-driven"' in page and 'data-testid="model-brain-retention"' in page
    assert "Measured in people" in page and "percentage points" in page


def test_the_page_shows_each_models_validation_with_the_plasma_driven_misses(client):
    page = _get(client)
    assert 'data-testid="validation-plasma-driven"' in page
    assert "Plasma-driven model: misses" in page
    assert "Brain-retention model (shown by default): all" in page


def test_choosing_the_plasma_driven_model_moves_the_summary_and_band_to_it(client):
    page = _get(client, dose_mg="4.5", doses="1", interval_hours="24", thresholds="50", model="plasma-driven")
    assert "Summary (typical patient, plasma-driven model)" in page


def test_an_unknown_model_is_refused_beside_the_field(client):
    page = _get(client, dose_mg="4.5", doses="1", interval_hours="24", thresholds="50", model="magic")
    assert "Select a valid choice" in page
