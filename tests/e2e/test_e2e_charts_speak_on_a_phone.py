"""The patient's chart on a phone: with fewer than three check-ins a friendly
"keep going" note instead of an empty chart; after that a chart drawn for the
phone, labels readable at 360 px, the dose steps still drawn underneath."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.services import CheckInAnswers, save_check_in
from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
DOSE_TRACK_FILL = "#c9d9e6"


@pytest.fixture
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    return {**browser_context_args, "viewport": PHONE}


def patient_with_check_ins(count: int):  # type: ignore[no-untyped-def]
    world = build_world()
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    today = patient_today(patient)
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        today - timedelta(days=20))
    for n in range(count):
        save_check_in(patient, today - timedelta(days=n), CheckInAnswers(ratings={"pain": 5 - n}),
                      evaluate_after=False)
    return patient


def test_two_check_ins_show_a_keep_going_note_instead_of_a_chart(live_server, page):
    patient = patient_with_check_ins(2)
    log_in(page, live_server.url, patient.user)
    page.goto(f"{live_server.url}/journal/")
    note = page.get_by_test_id("keep-going")
    assert "2 check-ins so far: keep going" in note.inner_text()
    assert "1 more" in note.inner_text()
    assert page.locator(".chart svg").count() == 0


def test_three_check_ins_draw_a_phone_sized_chart_with_readable_labels_and_the_dose(live_server,
                                                                                   page):
    patient = patient_with_check_ins(3)
    log_in(page, live_server.url, patient.user)
    page.goto(f"{live_server.url}/journal/")
    assert page.get_by_test_id("keep-going").count() == 0
    chart = page.get_by_test_id("chart-narrow").locator("svg")
    assert chart.is_visible() and not page.locator(".chart-wide svg").is_visible()
    legend = chart.locator("text", has_text="Pain").first
    assert legend.bounding_box()["height"] >= 12  # px on screen: readable, not shrunk
    assert chart.locator(f"rect[fill='{DOSE_TRACK_FILL}']").count() >= 1  # dose steps beneath
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
