"""The clinic team's screening page and the prescriber's decision form."""

from __future__ import annotations

from django.urls import reverse

from ldncare.screening import ScreeningInput
from ldncare.web.care.models import Screening
from ldncare.web.care.screening_services import run_screening


def needs_review(world):  # type: ignore[no-untyped-def]
    return run_screening(world.patient, trigger="prescription", actor=None,
                         inputs=ScreeningInput(medications=("zorblax herbal drops",
                                                            "Percocet 10/325")))


def test_the_panel_shows_verdict_findings_sources_medicines_and_version(world, login):
    screening = needs_review(world)
    page = login(world.users["clinic_staff"]).get(
        reverse("care:patient_screenings", args=[world.patient.pk])).content.decode()
    assert "Contraindicated" in page and screening.rule_set_version in page
    assert "zorblax herbal drops" in page and "Not recognised" in page
    assert "oxycodone" in page and "Sources" in page and "100%" in page
    assert "Waiting for a prescriber" in page  # staff see no decision form
    assert 'data-testid="screening-decision-form"' not in page


def test_the_prescriber_sees_the_decision_form_and_records_a_decision(world, login):
    screening = needs_review(world)
    client = login(world.users["prescriber"])
    page = client.get(reverse("care:patient_screenings", args=[world.patient.pk]))
    assert 'data-testid="screening-decision-form"' in page.content.decode()
    response = client.post(reverse("care:screening_decision", args=[screening.pk]),
                           {"decision": "decline", "reason": "Takes Percocet daily."})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.decision == "decline" and screening.decision_reason == "Takes Percocet daily."


def test_a_decision_without_a_reason_is_shown_beside_the_field_and_kept(world, login):
    screening = needs_review(world)
    response = login(world.users["prescriber"]).post(
        reverse("care:screening_decision", args=[screening.pk]), {"decision": "proceed"})
    assert response.status_code == 400
    assert "reason" in response.context["decision_form"].errors
    assert Screening.objects.get(pk=screening.pk).decision == ""


def test_a_nonsense_decision_is_refused(world, login):
    screening = needs_review(world)
    response = login(world.users["prescriber"]).post(
        reverse("care:screening_decision", args=[screening.pk]),
        {"decision": "shrug", "reason": "x"})
    assert response.status_code == 400
    assert "decision" in response.context["decision_form"].errors


def test_the_second_of_two_decisions_is_told_and_changes_nothing(world, login):
    screening = needs_review(world)
    client = login(world.users["prescriber"])
    url = reverse("care:screening_decision", args=[screening.pk])
    client.post(url, {"decision": "decline", "reason": "first"})
    response = client.post(url, {"decision": "proceed", "reason": "second"})
    assert response.status_code == 409
    assert "already decided" in response.content.decode()
    assert Screening.objects.get(pk=screening.pk).decision_reason == "first"


def test_htmx_asks_for_the_newest_panel_alone(world, login):
    needs_review(world)
    response = login(world.users["prescriber"]).get(
        reverse("care:patient_screenings", args=[world.patient.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'data-testid="screening-panel"' in body and "<html" not in body
