"""The pages, exports and API of prescribing: .ics, FHIR, PDFs, bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from ldncare.pathway import State
from ldncare.web.care.models import Prescription
from web.prescribing.prescribing_setup import prescribe, screen, started

#: A day inside the planning horizon (two years either side of today).
SOON = (date.today() + timedelta(days=30)).isoformat()  # noqa: DTZ011 (a day well inside)


@pytest.fixture
def prescription(world):
    return started(prescribe(world.patient, world.users["prescriber"], world.pharmacy))


def _url(name, patient, **extra):
    return reverse(name, kwargs={"patient_id": patient.pk, **extra})


def test_the_review_page_shows_the_settings_with_sources_and_the_form(world, client, login):
    screen(world.patient)
    login(world.users["prescriber"])
    page = client.get(_url("care:review", world.patient)).content.decode()
    assert "Clinic ceiling" in page and "Source:" in page and "approval-form" in page
    assert "Standard" in page and "Pharmacy P" in page


def test_the_review_page_says_why_approval_is_blocked(world, client, login):
    screen(world.patient, currently_taking_opioids=True)
    login(world.users["prescriber"])
    page = client.get(_url("care:review", world.patient)).content.decode()
    assert "approval-blocked" in page and "approval-form" not in page


def test_approving_through_the_form_redirects_to_the_prescription(world, client, login):
    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    response = client.post(_url("care:approve", world.patient), {
        "protocol": "standard", "start_date": SOON, "time_of_day": "bedtime",
        "form": "oral_liquid", "concentration": "1", "strengths": "", "days_per_fill": "30",
        "refills": "1", "pharmacy": world.pharmacy.pk, "version": world.patient.version})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "plan-versions" in page and "First fill" in page and "Refill 1" in page


@pytest.mark.parametrize("bad", [
    {"protocol": "nonsense"}, {"start_date": "yesterday-ish"}, {"days_per_fill": "-3"},
    {"strengths": "abc, 1.5"}, {"form": "oral_liquid", "concentration": "zero"},
    {"protocol": "custom"}, {"protocol": "custom", "custom_start": "3", "custom_step": "1",
                             "custom_every": "7", "custom_target": "1"},
    {"protocol": "custom", "custom_start": "1.5", "custom_step": "1.5", "custom_every": "7",
     "custom_target": "12", "override_reason": "please"},
    {"pharmacy": "999999"}, {"version": "x"}, {"refills": "1e9"},
])
def test_bad_approval_input_is_shown_beside_the_field_and_changes_nothing(world, client, login,
                                                                           bad):
    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    data = {"protocol": "standard", "start_date": SOON, "time_of_day": "bedtime",
            "form": "capsules", "strengths": "1.5, 3, 4.5", "days_per_fill": "30",
            "refills": "1", "pharmacy": world.pharmacy.pk, "version": world.patient.version, **bad}
    response = client.post(_url("care:approve", world.patient), data)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode() or "errors" in response.content.decode()
    assert not Prescription.objects.exists()


def test_a_stale_version_keeps_the_input_and_says_someone_else_changed_it(world, client, login):
    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    response = client.post(_url("care:decline", world.patient),
                           {"reason": "my careful words", "version": world.patient.version - 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed" in page and "my careful words" in page


def test_a_declined_patient_reads_the_reason(world, client, login):
    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    client.post(_url("care:decline", world.patient),
                {"reason": "Please stop the codeine first.", "version": world.patient.version})
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.DECLINED
    login(world.users["patient"])
    assert "Please stop the codeine first." in client.get(reverse("home")).content.decode()


def test_a_dose_change_through_the_form_adds_a_version(world, client, login, prescription):
    login(world.users["prescriber"])
    start = prescription.current_plan().titration_plan().start
    response = client.post(_url("care:dose_change", world.patient), {
        "kind": "switch_to_morning", "on_date": start.isoformat(), "reason": "vivid dreams",
        "plan_version": 1})
    assert response.status_code == 302
    assert prescription.plan_versions.count() == 2


def test_a_bad_dose_change_is_a_400_with_the_message(world, client, login, prescription):
    login(world.users["prescriber"])
    response = client.post(_url("care:dose_change", world.patient), {
        "kind": "resume", "on_date": SOON, "reason": "x", "plan_version": 1})
    assert response.status_code == 400 and "cannot resume" in response.content.decode()
    assert prescription.plan_versions.count() == 1


def test_the_ics_download_has_one_event_per_dose_day(world, client, login, prescription):
    login(world.users["patient"])
    response = client.get(_url("care:schedule_ics", world.patient))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    # 14 days at 1.5, 14 at 3, then 90 days of maintenance from the maintenance start
    assert len(events) == 14 + 14 + 91
    assert "LDN 1.5 mg" in str(events[0]["summary"])


def test_the_calendar_feed_works_with_its_secret_until_revoked(world, client, login,
                                                               prescription):
    login(world.users["patient"])
    page = client.post(reverse("care:calendar_link_create")).content.decode()
    url = page.split('data-testid="feed-url">')[1].split("<")[0]
    client.logout()
    assert client.get(url).status_code == 200
    login(world.users["patient"])
    client.post(reverse("care:calendar_link_revoke"))
    client.logout()
    assert client.get(url).status_code == 404


def test_the_schedule_page_shows_today_the_next_change_and_the_steps(world, client, login,
                                                                      prescription):
    login(world.users["patient"])
    page = client.get(reverse("care:schedule")).content.decode()
    assert "today-dose" in page and "Next change" in page and "step-table" in page


@pytest.mark.parametrize("name", ["care:prescription_pdf", "care:schedule_pdf"])
def test_the_pdfs_are_pdfs(world, client, login, prescription, name):
    login(world.users["prescriber"])
    response = client.get(_url(name, world.patient))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_fhir_medication_request_round_trips_through_the_r4b_model(world, client, login,
                                                                       prescription):
    from fhir.resources.R4B.medicationrequest import MedicationRequest

    login(world.users["prescriber"])
    body = client.get(f"/api/care/patients/{world.patient.pk}/prescription/fhir").json()
    parsed = MedicationRequest.model_validate(body)
    assert parsed.status == "active" and len(parsed.dosageInstruction) == 3
    assert json.loads(parsed.model_dump_json())["subject"]["reference"] == f"Patient/{world.patient.pk}"


def test_the_api_posts_a_dose_change_and_lists_versions(world, client, login, prescription):
    login(world.users["prescriber"])
    base = f"/api/care/patients/{world.patient.pk}"
    start = prescription.current_plan().titration_plan().start
    posted = client.post(f"{base}/prescription/dose-changes", {
        "kind": "hold", "reason": "nausea", "on_date": start.isoformat(),
        "expected_plan_version": 1}, content_type="application/json")
    assert posted.status_code == 201 and posted.json()["version"] == 2
    versions = client.get(f"{base}/prescription/plan-versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    schedule = client.get(f"{base}/schedule").json()
    assert schedule["today_dose_mg"] == "1.5" and schedule["plan_version"] == 2
    stale = client.post(f"{base}/prescription/dose-changes", {
        "kind": "advance", "reason": "x", "on_date": start.isoformat(),
        "expected_plan_version": 1}, content_type="application/json")
    assert stale.status_code == 409


@pytest.mark.parametrize(("body", "status"), [
    ({"kind": "fly", "reason": "x", "on_date": SOON}, 400),
    ({"kind": "hold", "reason": "", "on_date": SOON}, 400),
    ({"kind": "hold", "reason": "x", "on_date": "not a date"}, 422),
    ({"kind": "hold", "reason": "x", "on_date": "9999-12-31"}, 422),
    ({"kind": "hold", "reason": "x", "on_date": SOON, "expected_plan_version": None}, 422),
    ({"kind": "hold"}, 422),
])
def test_bad_api_input_is_a_declared_error_never_a_500(world, client, login, prescription, body,
                                                       status):
    login(world.users["prescriber"])
    response = client.post(f"/api/care/patients/{world.patient.pk}/prescription/dose-changes",
                           {"expected_plan_version": 1, **body}, content_type="application/json")
    assert response.status_code == status and "detail" in response.json()


@pytest.mark.parametrize(("role", "status"), [("clinic_staff", 403), ("patient", 403)])
def test_only_the_prescriber_may_post_a_dose_change(world, client, login, prescription, role,
                                                    status):
    login(world.users[role])
    response = client.post(f"/api/care/patients/{world.patient.pk}/prescription/dose-changes",
                           {"kind": "hold", "reason": "x", "on_date": SOON,
                            "expected_plan_version": 1}, content_type="application/json")
    assert response.status_code == status
