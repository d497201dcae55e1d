"""A patient who reports a red flag is told what to do at once: on the page,
in the API's answer and in a confirmation e-mail, crisis numbers first."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from ldncare.journal.instruments import get_instrument
from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import UrgentCareSettings


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=30))
    UrgentCareSettings.objects.create(clinic=patient.clinic, country="GB")
    return patient


def check_in(client, patient, **answers):
    data = {"day": patient_today(patient).isoformat(), "dose_taken": "yes", **answers}
    return client.post(reverse("journal:home"), data, follow=True)


def test_thoughts_of_self_harm_show_the_crisis_line_first_then_that_the_clinic_knows(
        active, world, client, login):
    login(world.users["patient"])
    page = check_in(client, active, side_effect_low_mood_or_self_harm_thoughts="severe")
    text = page.content.decode()
    assert page.status_code == 200 and "What to do now" in text
    assert text.index("Samaritans: 116 123") < text.index("Your clinic has been told")
    assert "999" in text  # the emergency number for the clinic's country


def test_the_confirmation_email_carries_the_same_guidance_once(active, world, client, login):
    login(world.users["patient"])
    check_in(client, active, side_effect_low_mood_or_self_harm_thoughts="moderate")
    check_in(client, active, side_effect_low_mood_or_self_harm_thoughts="moderate")  # same again
    to_patient = [m for m in mail.outbox if m.to == [world.users["patient"].email]]
    assert len(to_patient) == 1
    assert "116 123" in to_patient[0].body and "Your clinic has been told" in to_patient[0].body


def test_a_yellowing_of_the_eyes_tells_the_patient_to_get_checked_today(active, world, client,
                                                                         login):
    login(world.users["patient"])
    text = check_in(client, active, side_effect_liver_warning_signs="mild").content.decode()
    assert "Get checked today" in text and "Stop taking LDN" in text


def test_an_ordinary_check_in_shows_no_guidance(active, world, client, login):
    login(world.users["patient"])
    text = check_in(client, active, side_effect_headache="mild").content.decode()
    assert "What to do now" not in text
    assert not [m for m in mail.outbox if m.to == [world.users["patient"].email]]


def test_a_new_opioid_tells_the_patient_what_to_do_about_tonights_dose(active, world, client,
                                                                       login):
    login(world.users["patient"])
    page = client.post(reverse("journal:new_medicine"), {"medicine": "tramadol 50 mg"}, follow=True)
    text = page.content.decode()
    assert "About tonight&#x27;s LDN dose" in text or "About tonight's LDN dose" in text
    assert "skip tonight" in text and "withdrawal" in text


def test_the_check_in_api_answers_with_the_guidance_shown(active, world, client, login):
    login(world.users["patient"])
    response = client.post("/api/journal/check-ins", json.dumps({
        "day": patient_today(active).isoformat(),
        "side_effects": {"rash_or_swelling": "severe"}}), content_type="application/json")
    assert response.status_code == 201
    codes = [g["code"] for g in response.json()["guidance"]]
    assert codes == ["allergic_reaction", "severe_side_effect"]  # the emergency first
    assert response.json()["guidance"][0]["level"] == "emergency"


def phq9(item9: int) -> dict[str, int]:
    return {item.code: (item9 if item.code == "9" else 1) for item in get_instrument("phq-9").items}


def schedule_phq9(world):
    from ldncare.web.journal.services import schedule_questionnaire

    schedule_questionnaire(world.patient, instrument="phq-9",
                           start=patient_today(world.patient), every_days=28, until=None,
                           actor=world.users["prescriber"])


def test_phq9_item_9_above_zero_shows_the_crisis_line_beside_the_score(active, world, client,
                                                                      login):
    schedule_phq9(world)
    login(world.users["patient"])
    page = client.post(reverse("journal:questionnaire", args=["phq-9"]),
                       {k: str(v) for k, v in phq9(1).items()}, follow=True)
    text = page.content.decode()
    assert "score 9" in text and "Samaritans: 116 123" in text


def test_the_questionnaire_api_answers_with_the_guidance_shown(active, world, client, login):
    schedule_phq9(world)
    login(world.users["patient"])
    response = client.post("/api/journal/questionnaires/phq-9", json.dumps({"answers": phq9(2)}),
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["band"] and body["guidance"][0]["code"] == "self_harm"
    assert body["guidance"][0]["crisis"][0]["phone"] == "116 123"


def test_the_questionnaire_api_refuses_bad_answers_with_400_and_unscheduled_ones_with_404(
        active, world, client, login):
    login(world.users["patient"])
    assert client.post("/api/journal/questionnaires/phq-9", json.dumps({"answers": phq9(0)}),
                       content_type="application/json").status_code == 404
    schedule_phq9(world)
    response = client.post("/api/journal/questionnaires/phq-9",
                           json.dumps({"answers": {"9": 7}}), content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_the_clinics_own_text_and_crisis_line_replace_the_defaults(active, world, client, login):
    from ldncare.web.journal.urgent_services import update_urgent_settings

    update_urgent_settings(active.clinic, admin=world.users["clinic_admin"], expected_version=0,
                           country="GB", crisis_line="0800 111 222",
                           texts={"liver_warning": "Ring us on 0800 111 222 today."},
                           escalate_after_hours=None, on_call_email="")
    login(world.users["patient"])
    text = check_in(client, active, side_effect_liver_warning_signs="mild",
                    side_effect_low_mood_or_self_harm_thoughts="mild").content.decode()
    assert "Ring us on 0800 111 222 today." in text and "Written by your clinic." in text
    assert text.index("0800 111 222") < text.index("Samaritans")


def test_a_retried_api_check_in_answers_with_the_same_guidance_and_mails_once(active, world,
                                                                             client, login):
    login(world.users["patient"])
    body = json.dumps({"day": patient_today(active).isoformat(),
                       "side_effects": {"liver_warning_signs": "mild"}})
    answers = [client.post("/api/journal/check-ins", body, content_type="application/json",
                           headers={"Idempotency-Key": "retry-0001-abcd"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["guidance"] == answers[1].json()["guidance"] != []
    assert len([m for m in mail.outbox if m.to == [world.users["patient"].email]]) == 1
