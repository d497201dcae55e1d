"""POST /api/library/simulate: both models, the chosen one named, its validation and caveats."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def _post(client, body):
    return client.post("/api/library/simulate", json.dumps(body), content_type="application/json")


def test_simulate_defaults_to_the_model_that_passes_validation_and_says_so(client):
    body = _post(client, {"dose_mg": "4.5", "hours": 48, "step_h": 1}).json()
    assert body["model"] == "brain-retention"
    assert all(row["passes"] for row in body["validation"])
    assert body["caveats"] and body["model_summary"]


def test_simulate_with_model_plasma_driven_uses_it_and_still_compares_both(client):
    body = _post(client, {"dose_mg": "4.5", "hours": 48, "step_h": 1, "model": "plasma-driven"}).json()
    assert body["model"] == "plasma-driven"
    assert {m["model"] for m in body["comparison"]["models"]} == {"plasma-driven", "brain-retention"}
    assert "percentage points" in " ".join(body["comparison"]["sentences"])


def test_simulate_refuses_an_unknown_model_with_422_naming_the_field(client):
    response = _post(client, {"dose_mg": "4.5", "model": "magic"})
    assert response.status_code == 422
    assert "model" in response.json()["detail"]
