"""Questionnaires scored and stored, follow-ups with a summary, the patient's export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ldncare.journal.instruments import get_instrument
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.models import FollowUp, QuestionnaireResponse
from ldncare.web.journal.services import CheckInAnswers, save_check_in


def schedule_phq9(world, client, login):
    login(world.users["prescriber"])
    response = client.post(reverse("journal:schedule_questionnaire", args=[world.patient.pk]), {
        "instrument": "phq-9", "start": patient_today(world.patient).isoformat(),
        "every_days": "28"})
    assert response.status_code == 302


def test_a_scheduled_questionnaire_is_due_scored_by_the_core_and_stored(world, client, login):
    schedule_phq9(world, client, login)
    login(world.users["patient"])
    assert b"PHQ" in client.get(reverse("journal:questionnaires")).content
    answers = {item.code: "1" for item in get_instrument("phq-9").items}
    response = client.post(reverse("journal:questionnaire", args=["phq-9"]), answers)
    assert response.status_code == 302
    stored = QuestionnaireResponse.objects.get(patient=world.patient)
    assert stored.score == 9 and stored.band and stored.result["total"] == 9
    assert not queries.due_questionnaires(world.patient, patient_today(world.patient))


def test_a_bad_schedule_is_refused_beside_the_field(world, client, login):
    login(world.users["prescriber"])
    response = client.post(reverse("journal:schedule_questionnaire", args=[world.patient.pk]), {
        "instrument": "phq-9", "start": "2026-01-01", "every_days": "0"})
    assert response.status_code == 400 and b'class="error"' in response.content


def test_an_unanswered_questionnaire_is_refused_and_nothing_is_stored(world, client, login):
    schedule_phq9(world, client, login)
    login(world.users["patient"])
    response = client.post(reverse("journal:questionnaire", args=["phq-9"]), {})
    assert response.status_code == 400
    assert not QuestionnaireResponse.objects.exists()


def test_the_patient_downloads_their_journal_as_csv_and_fhir(world, client, login):
    day = patient_today(world.patient)
    save_check_in(world.patient, day, CheckInAnswers(ratings={"sleep_quality": 6}, note="ok"))
    login(world.users["patient"])
    rows = list(csv.DictReader(io.StringIO(
        client.get(reverse("journal:export_csv")).content.decode())))
    assert rows[0]["day"] == day.isoformat() and rows[0]["rating_sleep_quality"] == "6"
    bundle = client.get(reverse("journal:export_fhir")).json()
    assert bundle["resourceType"] == "Bundle" and bundle["entry"]
    assert all(e["resource"]["subject"]["reference"] == f"Patient/{world.patient.pk}"
               for e in bundle["entry"])


def test_a_follow_up_is_booked_with_a_data_summary(world, client, login):
    save_check_in(world.patient, patient_today(world.patient),
                  CheckInAnswers(ratings={"sleep_quality": 4}))
    login(world.users["prescriber"])
    when = timezone.now() + timedelta(days=7)
    response = client.post(reverse("journal:schedule_follow_up", args=[world.patient.pk]), {
        "day": when.date().isoformat(), "time": "10:30", "mode": "video", "note": "review"})
    assert response.status_code == 302
    visit = FollowUp.objects.get(patient=world.patient)
    assert visit.summary["check_in_days"] == 1 and visit.summary["ratings"]
    assert b"Sleep quality" in client.get(response["Location"]).content


def test_a_follow_up_in_the_past_is_refused(world, client, login):
    login(world.users["prescriber"])
    response = client.post(reverse("journal:schedule_follow_up", args=[world.patient.pk]), {
        "day": "2020-01-01", "time": "10:30", "mode": "video"})
    assert response.status_code == 400 and not FollowUp.objects.exists()


def test_the_visit_report_is_a_pdf(world, client, login):
    save_check_in(world.patient, patient_today(world.patient),
                  CheckInAnswers(ratings={"sleep_quality": 4}))
    login(world.users["prescriber"])
    response = client.get(reverse("journal:visit_report", args=[world.patient.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_reporting_an_empty_medicine_is_refused_beside_the_field(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:new_medicine"), {"medicine": "   "})
    assert response.status_code == 400 and b'class="error"' in response.content


def test_reporting_an_opioid_flags_new_opioid_on_todays_check_in(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:new_medicine"), {"medicine": "tramadol 50 mg"})
    assert response.status_code == 302
    row = world.patient.check_ins.get()
    assert "new_medicine" in row.data["events"]
    assert world.patient.screenings.order_by("-id").first().verdict == "contraindicated"
    assert "new_opioid" in row.data["events"]
