"""The intake and screening API: JSON in, the result out, field errors as 422."""

from __future__ import annotations

import json

import pytest

from ldncare.pathway import State
from ldncare.web.care.models import Intake, Screening

ANSWERS = {
    "medications": ["vitamin d", "magnesium"], "currently_taking_opioids": False,
    "opioid_recent": False, "opioid_use_disorder_treatment": False, "pregnant": False,
    "breastfeeding": False, "liver": "none", "kidney": "none", "thyroid_treatment": False,
    "immunosuppressant_or_transplant": False, "planned_procedure": False,
    "drinks_alcohol": False, "naltrexone_history": "never", "naltrexone_allergy": False,
    "naloxone_or_nalmefene_allergy": False,
}


def send(client, method, path, body):  # type: ignore[no-untyped-def]
    return getattr(client, method)(f"/api/care{path}", json.dumps(body),
                                   content_type="application/json")


def test_screening_from_json_returns_the_result_like_the_cli(world, login):
    client = login(world.users["prescriber"])
    response = send(client, "post", "/screen", {
        "medications": ["Percocet 10/325"], "today": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "contraindicated"
    assert body["rule_set_version"] and body["screened_on"] == "2025-06-01"
    assert not Screening.objects.exists()


def test_a_patient_may_screen_too(world, login):
    response = send(login(world.users["patient"]), "post", "/screen", {"medications": []})
    assert response.status_code == 200


@pytest.mark.parametrize(("body", "field"), [
    ({"liver": "awful"}, "liver"),
    ({"medications": ["x" * 300]}, "medications"),
    ({"medications": [""]}, "medications"),
    ({"last_opioid_dose": "2025-07-01", "today": "2025-06-01"}, "last_opioid_dose"),
    ({"last_opioid_dose": "yesterday"}, "last_opioid_dose"),
    ({"surgery": "2025-02-30"}, "surgery"),
    ({"today": "soon"}, "today"),
    ({"pregnant": "perhaps"}, "pregnant"),
    ({"medications": "tramadol"}, "medications"),
])
def test_bad_screening_input_answers_422_naming_the_field(world, login, body, field):
    response = send(login(world.users["prescriber"]), "post", "/screen", body)
    assert response.status_code == 422
    assert field in {e["field"].split(".")[0] for e in response.json()["errors"]}


def test_screenings_of_a_patient_are_listed_for_the_clinic_team(world, login):
    send(login(world.users["patient"]), "post", "/intake/submit", {"answers": ANSWERS})
    response = login(world.users["clinic_staff"]).get(
        f"/api/care/patients/{world.patient.pk}/screenings")
    assert response.status_code == 200
    [row] = response.json()
    assert row["trigger"] == "intake" and row["result"]["inputs"]["medications"] == [
        "vitamin d", "magnesium"]


def test_another_clinics_screenings_are_not_found(world, login):
    response = login(world.users["prescriber"]).get(
        f"/api/care/patients/{world.other_patient.pk}/screenings")
    assert response.status_code == 404


def test_a_patient_saves_reads_and_submits_the_intake_as_json(world, login):
    client = login(world.users["patient"])
    assert client.get("/api/care/intake").json()["id"] is None
    saved = send(client, "put", "/intake", {"answers": {"medications": ["vitamin d"]}})
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    assert client.get("/api/care/intake").json()["answers"] == {"medications": ["vitamin d"]}
    submitted = send(client, "post", "/intake/submit", {"answers": ANSWERS})
    assert submitted.status_code == 200
    assert submitted.json()["state"] == State.SCREENED
    assert client.get("/api/care/intake").json()["status"] == "submitted"
    again = send(client, "put", "/intake", {"answers": {}})
    assert again.status_code == 409


@pytest.mark.parametrize("answers", [
    {"no_such_question": True}, {"medications": "not a list"}, {"pregnant": 3},
    {"medications": ["x"] * 100}, {"liver": ["none"]},
])
def test_a_draft_of_the_wrong_shape_answers_422_and_saves_nothing(world, login, answers):
    response = send(login(world.users["patient"]), "put", "/intake", {"answers": answers})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("answers.")
    assert not Intake.objects.exists()


def test_submitting_incomplete_answers_names_each_question_and_writes_nothing(world, login):
    client = login(world.users["patient"])
    response = send(client, "post", "/intake/submit", {"answers": {
        **ANSWERS, "pregnant": None, "opioid_recent": True, "liver": "awful"}})
    assert response.status_code == 422
    fields = {e["field"].removeprefix("answers.") for e in response.json()["errors"]}
    assert {"pregnant", "last_opioid_dose", "liver"} <= fields
    assert not Intake.objects.exists() and not Screening.objects.exists()
    world.patient.refresh_from_db()
    assert world.patient.state == State.REGISTERED


def test_the_intake_api_is_for_patients(world, login):
    client = login(world.users["prescriber"])
    assert client.get("/api/care/intake").status_code == 403
    assert send(client, "post", "/intake/submit", {"answers": ANSWERS}).status_code == 403


def test_an_unverified_patient_cannot_submit_by_api(world, login):
    user = world.users["patient"]
    user.email_verified_at = None
    user.save(update_fields=["email_verified_at"])
    response = send(login(user), "post", "/intake/submit", {"answers": ANSWERS})
    assert response.status_code == 403
    assert not Screening.objects.exists()


def test_the_questionnaire_definition_is_served(world, login):
    body = login(world.users["patient"]).get("/api/care/intake/questionnaire").json()
    assert body["resourceType"] == "Questionnaire" and body["version"]
