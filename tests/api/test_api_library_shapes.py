"""The library's JSON API: public, the documented shapes, 404 with the closest
matches, and the simulator's CLI-shaped answer with bounded sizes (422 beyond)."""

from __future__ import annotations

import json

import pytest

from ldncare.knowledge import load_knowledge

KB = load_knowledge()
pytestmark = pytest.mark.django_db


def _post(client, body):
    return client.post("/api/library/simulate", json.dumps(body), content_type="application/json")


def test_the_conditions_list_gives_grade_and_direction_for_every_condition(client):
    rows = client.get("/api/library/conditions").json()
    assert {r["id"] for r in rows} == {c.id for c in KB.conditions}
    assert all(r["grade"] and r["direction"] for r in rows)


def test_a_condition_is_found_by_alias_or_typo_with_its_studies(client):
    for key in ("long-covid", "long covid", "long covd"):
        body = client.get(f"/api/library/conditions/{key}").json()
        assert body["id"] == "long-covid"
        assert body["knowledge_version"] == KB.version
        assert {s["id"] for s in body["studies"]} == set(KB.condition("long-covid").studies)


def test_an_unknown_condition_is_a_404_naming_the_closest_matches(client):
    response = client.get("/api/library/conditions/arthritis")
    assert response.status_code == 404
    assert "Rheumatoid arthritis" in response.json()["detail"]


def test_studies_say_whether_they_were_verified_and_what_was_not_seen(client):
    rows = client.get("/api/library/studies", {"unverified_only": "true"}).json()
    assert rows and all(not r["verified"] for r in rows)
    assert any(r["missing"] for r in rows)


@pytest.mark.parametrize("path", ["side-effects", "contraindications", "faq", "monograph"])
def test_every_section_answers_with_the_knowledge_version(client, path):
    body = client.get(f"/api/library/{path}").json()
    assert body["knowledge_version"] == KB.version


def test_search_understands_typos(client):
    hits = client.get("/api/library/search", {"q": "vivid drems"}).json()["hits"]
    assert hits[0]["id"] == "vivid-dreams"


def test_simulate_answers_in_the_cli_shape_with_doses_as_strings(client):
    body = _post(client, {"dose_mg": "4.5", "hours": 24, "step_h": 0.5}).json()
    assert body["dose_mg"] == "4.5"
    assert set(body["cmax_ng_per_ml"]) == {"naltrexone", "6beta_naltrexol"}
    assert 0 < body["peak_mu_occupancy"] < 1
    assert body["extrapolated_below_human_data"] is True
    assert len(body["series"]) == 49
    assert body["population"] is None


def test_simulate_with_a_population_returns_reproducible_bands(client):
    request = {"dose_mg": "4.5", "hours": 24, "step_h": 1, "population": 100, "seed": 7}
    first, second = _post(client, request).json(), _post(client, request).json()
    assert first["population"]["subjects"] == 100
    assert first["population"]["bands"] == second["population"]["bands"]


@pytest.mark.parametrize("body", [
    {"dose_mg": "-1"}, {"dose_mg": "0"}, {"dose_mg": "51"}, {"dose_mg": "a lot"},
    {"dose_mg": "4.5", "population": 5000}, {"dose_mg": "4.5", "hours": 1000, "step_h": 0.01},
    {"dose_mg": "4.5", "population": 2000, "hours": 1000}, {"dose_mg": "4.5", "doses": 0},
    {"dose_mg": "4.5", "step_h": 0}, {"dose_mg": 4.5}, {},
])
def test_simulate_refuses_bad_or_huge_requests_with_422(client, body):
    response = _post(client, body)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_each_diagnosis_code_in_the_api_names_its_system(client):
    codes = client.get("/api/library/conditions/crps").json()["codes"]
    assert {"system": "ICD-10-CM", "code": "G90.5"}.items() <= codes[0].items()
    assert all(code["system"] in ("ICD-10", "ICD-10-CM") for code in codes)


def test_a_condition_says_why_it_has_its_grade_and_which_studies_do_not_count(client):
    body = client.get("/api/library/conditions/autism").json()
    assert "no randomised trial" in body["grade_reason"]
    assert all(s["not_counted"] for s in body["studies"] if s["kind"] == "randomised-trial")
