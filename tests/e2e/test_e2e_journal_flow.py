"""The journal in a real browser: a patient checks in, answers a scheduled PHQ-9
and downloads their data; a prescriber accepts a decision-support suggestion
and the dose plan gets a new version."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from ldncare.journal.instruments import get_instrument
from ldncare.pathway import State
from ldncare.web.care.treatment import current_prescription, patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse, Suggestion
from ldncare.web.journal.services import (
    CheckInAnswers,
    evaluate_suggestions,
    save_check_in,
    schedule_questionnaire,
)
from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def patient_on_ldn(world, started_days_ago: int = 60):  # type: ignore[no-untyped-def]
    """The world's patient, active, with a prescription and a first plan version."""
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    today = patient_today(patient)
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        today - timedelta(days=started_days_ago))
    return patient


def test_a_patient_checks_in_answers_a_phq9_and_downloads_their_journal(live_server, page,
                                                                        csp_violations):
    world = build_world()
    patient = patient_on_ldn(world)
    today = patient_today(patient)
    schedule_questionnaire(patient, instrument="phq-9", start=today, every_days=28, until=None,
                           actor=world.users["prescriber"])
    log_in(page, live_server.url, patient.user)

    page.goto(f"{live_server.url}/journal/")
    check_in = page.locator("#check-in")
    check_in.locator("label[for=id_dose_taken_0]").click()  # "Yes"
    check_in.locator("input[name=rating_sleep_quality][value='7'] + label").click()
    check_in.locator("details.side-effects > summary").click()
    check_in.locator("input[name=side_effects][value=vivid_dreams] + label").click()
    check_in.locator("input[name=side_effect_vivid_dreams][value=mild] + label").click()
    check_in.get_by_role("button", name="Save check-in").click()
    page.get_by_text(f"Check-in saved for {today.isoformat()}").wait_for(timeout=5000)

    stored = CheckIn.objects.get(patient=patient, day=today)
    assert stored.sleep_quality == 7 and stored.dose_taken and stored.vivid_dreams
    # One check-in: a "keep going" note rather than a near-empty chart.
    assert "1 check-in so far: keep going" in page.get_by_test_id("keep-going").inner_text()
    assert "1 (100%)" in page.get_by_text("Doses taken in your last").inner_text()

    phq9 = get_instrument("phq-9")
    page.locator(".banner").get_by_role("link", name=phq9.name).click()
    for item in phq9.items:  # "several days" (1) on every item: a total of 9
        page.locator(f"input[name='{item.code}'][value='1']").check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("saved: score 9").wait_for()
    assert QuestionnaireResponse.objects.get(patient=patient).score == 9

    page.goto(f"{live_server.url}/journal/")
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download my data (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(csv_download.value.path()).read())))
    assert [r["day"] for r in rows] == [today.isoformat()]
    assert rows[0]["rating_sleep_quality"] == "7"

    with page.expect_download() as fhir_download:
        page.get_by_role("link", name="Download my data for other health apps (FHIR)").click()
    bundle = json.loads(open(fhir_download.value.path()).read())
    assert bundle["resourceType"] == "Bundle"
    assert all(e["resource"]["subject"]["reference"] == f"Patient/{patient.pk}"
               for e in bundle["entry"])
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "Observation" in kinds or "QuestionnaireResponse" in kinds
    assert "phq" in json.dumps(bundle).lower()  # the questionnaire score travels too
    assert not csp_violations


def test_a_prescriber_accepts_a_suggestion_and_the_plan_gets_a_new_version(live_server, page,
                                                                           csp_violations):
    world = build_world()
    # Mid-titration: a hold needs a later step to hold back from.
    patient = patient_on_ldn(world, started_days_ago=10)
    today = patient_today(patient)
    save_check_in(patient, today, CheckInAnswers(side_effects={"headache": "severe"}),
                  evaluate_after=False)
    evaluate_suggestions(patient)
    suggestion = Suggestion.objects.get(patient=patient, code="severe_side_effect")
    prescription = current_prescription(patient)
    before = prescription.current_plan().version

    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/journal/patients/{patient.pk}/")
    card = page.locator(f"#suggestion-{suggestion.pk}")
    assert "severe" in card.inner_text().lower() and "Source:" in card.inner_text()
    card.get_by_role("button", name="Accept: hold").click()
    page.get_by_text("Suggestion accepted.").wait_for(timeout=5000)

    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.decided_by == world.users["prescriber"]
    after = prescription.current_plan()
    assert after.version == before + 1 and after.change_kind == "held"
    assert page.locator(f"#suggestion-{suggestion.pk}").count() == 0
    page.get_by_text("Decided").click()
    assert "Accepted: Patient rated headache as severe" in page.locator("details").inner_text()

    # The prescriber sees the new plan version on the prescription page.
    page.goto(f"{live_server.url}/patients/{patient.pk}/prescription/")
    assert page.get_by_test_id("plan-version").inner_text() == str(before + 1)
    assert "decision support" in page.get_by_test_id("plan-versions").inner_text()
    assert not csp_violations
