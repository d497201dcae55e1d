"""The prescriber stores a main measure with the plan; both pages lead with its
verdict, the other measures are labelled as checked with a stricter test, and
the questionnaire scores the journal stores (phq-9, gad-7) reach the analysis."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ldncare.web.insights.models import PrimaryMeasureChoice
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse
from web.prescribing.prescribing_setup import prescribe, started

DAYS_ON_LDN = 40


@pytest.fixture
def on_ldn(world):
    """World's patient: 14 diary days before a plan that started 40 days ago; pain
    falls from about 7 to about 3, fatigue stays put; PHQ-9 before and after."""
    start = timezone.localdate() - timedelta(days=DAYS_ON_LDN)
    prescription = started(prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                                     start=start))
    for i in range(-14, DAYS_ON_LDN):
        CheckIn.objects.create(patient=world.patient, day=start + timedelta(days=i),
                               pain=(7 if i < 0 else 3) + (i % 2), fatigue=5 + (i % 3) % 2)
    for offset, score in ((-3, 14), (-10, 15), (20, 8), (35, 7)):
        QuestionnaireResponse.objects.create(
            patient=world.patient, instrument="phq-9", instrument_version="t", answers={},
            score=Decimal(score), day=start + timedelta(days=offset))
    return prescription


def test_without_a_choice_the_conditions_default_leads_and_the_page_says_so(world, login, client,
                                                                            on_ldn):
    login(world.users["prescriber"])
    page = client.get(f"/insights/patients/{world.patient.pk}/").content.decode()
    assert 'data-testid="nof1-headline"' in page
    assert "Main measure — The patient&#x27;s pain" in page
    assert "their prescriber can choose another" in page


def test_the_prescriber_stores_a_main_measure_with_the_plan(world, login, client, on_ldn):
    login(world.users["prescriber"])
    response = client.post(f"/insights/patients/{world.patient.pk}/primary/",
                           {"measure": "fatigue", "reason": "her main complaint"})
    assert response.status_code == 302
    choice = PrimaryMeasureChoice.objects.get()
    assert (choice.prescription, choice.measure, choice.chosen_by) == (
        on_ldn, "fatigue", world.users["prescriber"])
    page = client.get(f"/insights/patients/{world.patient.pk}/").content.decode()
    headline = page.split('data-testid="nof1-headline"')[1].split("</p>")[0]
    assert "The patient&#x27;s fatigue" in headline
    assert "Also tracked — The patient&#x27;s pain" in page


def test_the_patient_sees_the_main_measure_first_and_no_credit_given_to_ldn(world, login, client,
                                                                           on_ldn):
    login(world.patient.user)
    page = client.get("/insights/me/").content.decode()
    assert page.index("nof1-headline") < page.index("nof1-secondary") < page.index("nof1-caveats")
    assert "cannot show that LDN caused it" in page
    assert "Other measures (checked with a stricter test)" in page


def test_phq9_scores_stored_by_the_journal_reach_the_analysis(world, login, client, on_ldn):
    login(world.users["prescriber"])
    report = client.get(f"/api/insights/patients/{world.patient.pk}/summary").json()["report"]
    assert "phq-9" in [m["measure"] for m in report["measures"]]
    assert any("PHQ-9 (depression)" in s for s in report["sentences"])


@pytest.mark.parametrize("measure", ["", "hbi", "phq9", "pgic", "x" * 200])
def test_a_measure_that_cannot_be_primary_is_refused_beside_the_field(world, login, client,
                                                                       on_ldn, measure):
    login(world.users["prescriber"])
    response = client.post(f"/insights/patients/{world.patient.pk}/primary/", {"measure": measure})
    assert response.status_code == 400
    assert b'class="error"' in response.content
    assert not PrimaryMeasureChoice.objects.exists()


def test_without_a_plan_the_choice_is_refused_with_a_reason(world, login, client):
    login(world.users["prescriber"])
    response = client.post(f"/insights/patients/{world.patient.pk}/primary/", {"measure": "pain"})
    assert response.status_code == 400
    assert b"There is no plan yet" in response.content
    assert not PrimaryMeasureChoice.objects.exists()


def test_clinic_staff_see_the_page_but_not_the_choice(world, login, client, on_ldn):
    login(world.users["clinic_staff"])
    page = client.get(f"/insights/patients/{world.patient.pk}/").content.decode()
    assert 'data-testid="primary-form"' not in page
    assert client.post(f"/insights/patients/{world.patient.pk}/primary/",
                       {"measure": "pain"}).status_code == 403
