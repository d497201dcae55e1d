"""Sex at birth is asked only to know whether the pregnancy questions apply:
a patient whose sex at birth is male is not asked them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.web.care.models import Intake
from web.intake.test_intake_submission import FORM_ANSWERS

pytestmark = pytest.mark.django_db


def _set_sex(patient, value: str) -> None:  # type: ignore[no-untyped-def]
    patient.sex_at_birth = value
    patient.save(update_fields=["sex_at_birth"])


@pytest.mark.parametrize("sex", ["female", "intersex", ""])
def test_the_pregnancy_questions_are_asked_unless_the_sex_at_birth_is_male(world, login, sex):
    _set_sex(world.patient, sex)
    page = login(world.users["patient"]).get(reverse("care:intake")).content.decode()
    assert "Are you pregnant" in page and "Are you breastfeeding" in page


def test_a_patient_whose_sex_at_birth_is_male_is_not_asked_about_pregnancy(world, login):
    _set_sex(world.patient, "male")
    page = login(world.users["patient"]).get(reverse("care:intake")).content.decode()
    assert "Are you pregnant" not in page and "Pregnancy and breastfeeding" not in page


def test_their_intake_is_submitted_without_those_answers_and_screens_them_as_no(world, login):
    _set_sex(world.patient, "male")
    client = login(world.users["patient"])
    data = {k: v for k, v in FORM_ANSWERS.items() if k not in ("pregnant", "breastfeeding")}
    response = client.post(reverse("care:intake"), {**data, "action": "submit"})
    assert response.status_code == 302
    intake = Intake.objects.get(patient=world.patient, status="submitted")
    assert intake.answers["pregnant"] is False and intake.answers["breastfeeding"] is False


def test_their_copy_of_the_sent_intake_does_not_list_the_questions_they_were_not_asked(
        world, login):
    _set_sex(world.patient, "male")
    client = login(world.users["patient"])
    data = {k: v for k, v in FORM_ANSWERS.items() if k not in ("pregnant", "breastfeeding")}
    client.post(reverse("care:intake"), {**data, "action": "submit"})
    page = client.get(reverse("care:intake")).content.decode()
    assert "Are you pregnant" not in page
