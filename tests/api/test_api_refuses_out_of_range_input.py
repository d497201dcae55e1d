"""The inputs an outside-in probe found answering 500 (issues #21, #22) now
answer a declared 4xx in the one error body, store nothing, and behave the
same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn


def post(client, path, body):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json")


def assert_error_body(response, status):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} for e in body["errors"])
    return body


@pytest.fixture
def prescribed(world):  # type: ignore[no-untyped-def]
    today = patient_today(world.patient)
    ensure_prescription(world.patient, world.users["prescriber"], world.pharmacy,
                        today - timedelta(days=7))
    return world.patient


@pytest.mark.parametrize("day", ["2000-01-01", "0001-01-01", "9999-12-31"])
def test_a_check_in_far_outside_the_patients_range_is_a_422_naming_the_day(
        world, login, client, prescribed, day):
    login(world.users["patient"])
    body = assert_error_body(post(client, "/api/journal/check-ins", {"day": day}), 422)
    assert body["errors"][0]["field"] == "day"
    assert not CheckIn.objects.exists()


def test_a_check_in_for_a_day_before_the_patient_joined_is_a_400(world, login, client):
    login(world.users["patient"])
    joined = patient_today(world.patient)
    response = post(client, "/api/journal/check-ins",
                    {"day": (joined - timedelta(days=60)).isoformat()})
    body = assert_error_body(response, 400)
    assert body["errors"] == [{"field": "day", "message": body["detail"]}]
    assert "outside the range for check-ins" in body["detail"]
    assert not CheckIn.objects.exists()


def test_a_check_in_a_week_before_the_first_dose_is_kept_as_a_baseline(world, login, client,
                                                                       prescribed):
    login(world.users["patient"])
    day = patient_today(world.patient) - timedelta(days=14)
    assert post(client, "/api/journal/check-ins", {"day": day.isoformat()}).status_code == 201


@pytest.mark.parametrize("dose_time", ["21:00+05:00", "21:00Z"])
def test_a_dose_time_with_a_zone_offset_is_refused_not_dropped(world, login, client, dose_time):
    login(world.users["patient"])
    today = patient_today(world.patient).isoformat()
    response = post(client, "/api/journal/check-ins", {"day": today, "dose_time": dose_time})
    assert assert_error_body(response, 422)["errors"][0]["field"] == "dose_time"
    assert not CheckIn.objects.exists()


def test_a_nul_character_in_a_note_is_refused_on_every_database(world, login, client):
    login(world.users["patient"])
    today = patient_today(world.patient).isoformat()
    response = post(client, "/api/journal/check-ins", {"day": today, "note": "a\x00b"})
    assert_error_body(response, 422)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("query", ["limit=3343&offset=15260203383745529856",
                                   "offset=-1", "limit=0", "offset=9223372036854775807"])
def test_a_page_beyond_what_a_database_can_count_is_a_422(world, login, client, query):
    login(world.users["prescriber"])
    assert_error_body(client.get(f"/api/care/patients?{query}"), 422)


def test_a_page_within_bounds_lists_the_patients(world, login, client):
    login(world.users["prescriber"])
    assert [p["id"] for p in client.get("/api/care/patients?limit=10&offset=0").json()] == [
        world.patient.pk]


def test_a_not_found_is_the_same_error_body(world, login, client):
    login(world.users["prescriber"])
    body = assert_error_body(client.get("/api/care/patients/999999999"), 404)
    assert body == {"detail": "Not found.", "errors": []}


def test_logged_out_is_the_same_error_body(client, db):
    assert_error_body(client.get("/api/care/patients"), 401)


def test_every_declared_error_response_in_the_schema_is_the_one_shape(client, db):
    schema = client.get("/api/openapi.json").json()
    shape = schema["components"]["schemas"]["ErrorOut"]
    assert set(shape["properties"]) == {"detail", "errors"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409", "422"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (
                    method, path, status)
