"""In a real browser: a prescription is approved and shipped; the patient's home
and schedule say the treatment starts when the medicine arrives; the patient
confirms receipt from their home page, and day 1 of the plan is tomorrow."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldncare.web.care.treatment import patient_today
from ldntest.browser import log_in
from ldntest.world import build_world
from web.treatment.treatment_setup import approved, ship_first_fill

pytestmark = pytest.mark.django_db(transaction=True)


def _day(d) -> str:  # type: ignore[no-untyped-def]
    return f"{d.day} {d:%b %Y}"  # the pages' "j M Y"


def test_the_plan_starts_the_day_after_the_patient_confirms_receipt(live_server, page,
                                                                     csp_violations):
    world = build_world()
    ship_first_fill(world, approved(world))
    tomorrow = patient_today(world.patient) + timedelta(days=1)
    url = live_server.url
    log_in(page, url, world.patient.user)

    assert page.get_by_test_id("pathway-state").inner_text() == "Shipped"
    assert "Starts when your medicine arrives" in page.get_by_test_id("treatment-status").inner_text()
    page.goto(f"{url}/patients/schedule/")
    waiting = page.get_by_test_id("today-dose").inner_text()
    assert "Starts when your medicine arrives" in waiting and "1.5 mg" not in waiting

    page.goto(f"{url}/")
    page.get_by_role("button", name="I have received it").click()
    page.get_by_text("delivery recorded").wait_for()

    page.goto(f"{url}/")
    assert page.get_by_test_id("pathway-state").inner_text() == "Active"
    assert page.get_by_test_id("treatment-status").inner_text() == (
        f"Your first dose is on {_day(tomorrow)}.")
    page.goto(f"{url}/patients/schedule/")
    assert page.get_by_test_id("day-1").inner_text() == _day(tomorrow)
    first_step = page.get_by_test_id("step-table").locator("tbody tr").first
    assert _day(tomorrow) in first_step.inner_text() and "1.5 mg" in first_step.inner_text()
    assert not csp_violations
