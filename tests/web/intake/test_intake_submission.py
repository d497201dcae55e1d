"""A patient fills in the intake in the portal: drafts, resuming, submitting,
and every bad answer shown beside its question with nothing lost."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.care.models import Intake, PathwayEvent, Screening

FORM_ANSWERS = {
    "conditions": "Fibromyalgia", "medications": ["vitamin d", "magnesium glycinate"],
    "currently_taking_opioids": "no", "opioid_recent": "no",
    "opioid_use_disorder_treatment": "no", "pregnant": "no", "breastfeeding": "no",
    "liver": "none", "kidney": "none", "thyroid_treatment": "no",
    "immunosuppressant_or_transplant": "no", "planned_procedure": "no", "drinks_alcohol": "no",
    "naltrexone_history": "never", "naltrexone_allergy": "no",
    "naloxone_or_nalmefene_allergy": "no",
}


def post(client, action, **changes):  # type: ignore[no-untyped-def]
    data = {**FORM_ANSWERS, **changes, "action": action}
    return client.post(reverse("care:intake"), {k: v for k, v in data.items() if v is not None})


def test_the_intake_page_shows_every_group_of_the_questionnaire(world, login):
    response = login(world.users["patient"]).get(reverse("care:intake"))
    assert response.status_code == 200
    for heading in ["Your health", "Medicines and supplements", "Pregnancy and breastfeeding"]:
        assert heading in response.content.decode()


def test_a_draft_is_saved_and_comes_back(world, login):
    client = login(world.users["patient"])
    response = post(client, "save", pregnant=None, liver=None)
    assert response.status_code == 302
    draft = Intake.objects.get(patient=world.patient)
    assert draft.status == "draft"
    assert draft.answers["medications"] == ["vitamin d", "magnesium glycinate"]
    assert draft.answers["currently_taking_opioids"] is False
    assert "pregnant" not in draft.answers
    page = client.get(reverse("care:intake")).content.decode()
    assert 'value="magnesium glycinate"' in page
    world.patient.refresh_from_db()
    assert world.patient.state == State.REGISTERED


def test_adding_a_medicine_gives_another_box_and_keeps_the_draft(world, login):
    client = login(world.users["patient"])
    response = post(client, "add_medication")
    assert response.status_code == 200
    assert response.content.decode().count('name="medications"') == 5
    assert Intake.objects.get(patient=world.patient).answers["medications"] == [
        "vitamin d", "magnesium glycinate"]


def test_submitting_stores_the_intake_screens_it_and_records_both_steps(world, login):
    client = login(world.users["patient"])
    response = post(client, "submit")
    assert response.status_code == 302
    intake = Intake.objects.get(patient=world.patient)
    assert intake.status == "submitted" and intake.submitted_at
    screening = Screening.objects.get(patient=world.patient)
    assert screening.intake == intake and screening.trigger == "intake"
    assert screening.inputs["medications"] == ["vitamin d", "magnesium glycinate"]
    states = list(PathwayEvent.objects.filter(patient=world.patient).values_list("state",
                                                                                 flat=True))
    assert states[-2:] == [State.INTAKE_SUBMITTED, State.SCREENED]
    page = client.get(reverse("care:intake")).content.decode()
    assert "Screened" in page and "magnesium glycinate" in page
    assert "Findings" not in page  # findings go to the prescriber, not the patient


def test_an_opioid_in_the_intake_alerts_the_prescriber(world, login,
                                                       django_capture_on_commit_callbacks):
    client = login(world.users["patient"])
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "submit", medications=["Percocet 10/325"])
    assert Screening.objects.get(patient=world.patient).verdict == "contraindicated"
    assert mail.outbox[0].to == [world.users["prescriber"].email]


def test_missing_answers_are_shown_beside_each_question_and_nothing_is_lost(world, login):
    client = login(world.users["patient"])
    response = post(client, "submit", pregnant=None, opioid_recent="yes")
    assert response.status_code == 400
    form = response.context["form"]
    assert "pregnant" in form.errors and "last_opioid_dose" in form.errors
    assert 'value="magnesium glycinate"' in response.content.decode()
    assert not Screening.objects.exists()
    draft = Intake.objects.get(patient=world.patient)
    assert draft.status == "draft" and draft.answers["opioid_recent"] is True
    world.patient.refresh_from_db()
    assert world.patient.state == State.REGISTERED


def test_impossible_dates_and_choices_are_refused_beside_the_field(world, login):
    client = login(world.users["patient"])
    response = post(client, "submit", opioid_recent="yes", last_opioid_dose="2999-01-01",
                    planned_procedure="yes", planned_surgery="next tuesday", liver="awful")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "liver" in errors
    assert not Screening.objects.exists()
    response = post(client, "submit", opioid_recent="yes", last_opioid_dose="2999-01-01",
                    planned_procedure="yes", planned_surgery="next tuesday")
    assert "planned_surgery" in response.context["form"].errors
    response = post(client, "submit", opioid_recent="yes", last_opioid_dose="2999-01-01")
    assert "last_opioid_dose" in response.context["form"].errors
    assert not Screening.objects.exists()


def test_an_overlong_medicine_line_is_refused_beside_the_list(world, login):
    client = login(world.users["patient"])
    response = post(client, "submit", medications=["x" * 300])
    assert response.status_code == 400
    assert "medications" in response.context["form"].errors
    assert not Screening.objects.exists()


def test_a_patient_without_a_verified_email_may_save_but_not_submit(world, login):
    user = world.users["patient"]
    user.email_verified_at = None
    user.save(update_fields=["email_verified_at"])
    client = login(user)
    assert post(client, "save").status_code == 302
    response = post(client, "submit")
    assert response.status_code == 409
    assert "confirm your e-mail" in response.content.decode()
    assert not Screening.objects.exists()
    assert Intake.objects.get(patient=world.patient).status == "draft"


def test_a_second_submission_changes_nothing(world, login):
    client = login(world.users["patient"])
    post(client, "submit")
    response = post(client, "submit", medications=["oxycodone"])
    assert response.status_code == 200  # the "already sent" page
    assert Screening.objects.count() == 1
    assert Intake.objects.get(patient=world.patient).answers["medications"][0] == "vitamin d"


def test_a_declined_patient_may_send_a_new_intake_starting_from_the_last_answers(world, login):
    client = login(world.users["patient"])
    post(client, "submit")
    world.patient.refresh_from_db()
    from ldncare.web.care.services import record_step

    record_step(world.patient, State.DECLINED, actor=world.users["prescriber"],
                summary="Declined", reason="test")
    page = client.get(reverse("care:intake")).content.decode()
    assert 'value="magnesium glycinate"' in page
    assert post(client, "submit").status_code == 302
    assert Intake.objects.filter(patient=world.patient, status="submitted").count() == 2
