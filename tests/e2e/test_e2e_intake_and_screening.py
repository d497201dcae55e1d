"""A patient fills in the intake with two medicines, saves a draft, comes back,
submits and sees "Screened"; the prescriber then sees the screening panel and
records a decision — in a real browser."""

from __future__ import annotations

import pytest

from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

NO = ["currently_taking_opioids", "opioid_recent", "opioid_use_disorder_treatment", "pregnant",
      "breastfeeding", "thyroid_treatment", "immunosuppressant_or_transplant",
      "planned_procedure", "drinks_alcohol", "naltrexone_allergy",
      "naloxone_or_nalmefene_allergy"]


def test_a_patient_fills_in_the_intake_saves_a_draft_comes_back_and_submits(live_server, page,
                                                                           csp_violations):
    world = build_world()
    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/patients/intake/")
    page.get_by_label("Medicine or supplement 1").fill("Percocet 10/325")
    page.get_by_label("Medicine or supplement 2").fill("magnesium glycinate")
    for link_id in NO[:4]:
        page.check(f"#id_{link_id}_1")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Draft saved").wait_for()

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/patients/intake/")
    assert page.get_by_label("Medicine or supplement 2").input_value() == "magnesium glycinate"
    assert page.is_checked("#id_pregnant_1")
    for link_id in NO[4:]:
        page.check(f"#id_{link_id}_1")
    page.check("#id_liver_0")
    page.check("#id_kidney_0")
    page.check("#id_naltrexone_history_0")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("your answers were sent").wait_for()
    assert page.get_by_test_id("pathway-state").inner_text() == "Screened"
    assert not csp_violations


def test_the_prescriber_sees_the_screening_panel_and_records_a_decision(live_server, page,
                                                                        csp_violations):
    from ldncare.web.care.screening_services import submit_intake

    world = build_world()
    answers = {**{link_id: False for link_id in NO}, "liver": "none", "kidney": "none",
               "naltrexone_history": "never",
               "medications": ["Percocet 10/325", "magnesium glycinate"]}
    submit_intake(world.patient, answers, actor=world.users["patient"])
    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/patients/{world.patient.pk}/screenings/")
    panel = page.get_by_test_id("screening-panel")
    assert panel.get_by_test_id("screening-verdict").inner_text() == "Contraindicated"
    assert "oxycodone" in panel.inner_text()
    panel.get_by_label("Do not prescribe").check()
    panel.get_by_label("Reason").fill("Takes Percocet; LDN would block it.")
    panel.get_by_role("button", name="Record decision").click()
    page.get_by_text("Your decision is recorded").wait_for()
    assert "Do not prescribe" in page.get_by_test_id("screening-decision").inner_text()
    assert not csp_violations
