"""The daily check-in on a phone (390 x 844): one tap per answer, nothing chosen
that the patient did not choose, severity only under a ticked side effect, arrow
keys move along a scale, the page fits the screen, and the same form works with
JavaScript turned off."""

from __future__ import annotations

import pytest

from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.models import CheckIn, SideEffectEntry
from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    return {**browser_context_args, "viewport": PHONE}


def test_a_patient_checks_in_with_taps_only_and_nothing_is_chosen_for_them(live_server, page,
                                                                         csp_violations):
    world = build_world()
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/journal/")
    form = page.locator("#check-in")
    assert form.locator("input[type=radio]:checked, input[type=checkbox]:checked").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert form.locator("label", has_text="Vivid dreams").count() == 1  # asked once
    assert "Vivid dreams last night?" not in form.inner_text()
    assert form.get_by_text("0 = none").count() == 1  # the ends of the pain scale, in words

    form.locator("label[for=id_dose_taken_0]").click()  # "Yes"
    form.locator("label[for=id_rating_pain_4]").click()
    form.locator("label[for=id_rating_sleep_quality_7]").click()
    form.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved for").wait_for(timeout=5000)

    stored = CheckIn.objects.get(patient=world.patient, day=patient_today(world.patient))
    assert stored.dose_taken is True and stored.pain == 4 and stored.sleep_quality == 7
    assert stored.fatigue is None  # not tapped: not answered, not a made-up score
    assert not SideEffectEntry.objects.filter(check_in=stored).exists()
    assert not csp_violations


def test_severity_appears_only_under_a_ticked_side_effect(live_server, page):
    world = build_world()
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/journal/")
    severity = page.get_by_role("group", name="How strong: headache?")
    page.locator("details.side-effects > summary").click()
    assert not severity.is_visible()
    page.locator("label[for=id_side_effects_2]").click()  # Headache
    assert severity.is_visible()
    page.locator("label[for=id_side_effects_2]").click()
    assert not severity.is_visible()


def test_arrow_keys_move_along_a_scale(live_server, page):
    world = build_world()
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/journal/")
    page.locator("#id_rating_pain_3").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.locator("#id_rating_pain_4").is_checked()


def test_the_check_in_works_without_javascript_with_two_side_effects(live_server, browser):
    world = build_world()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/journal/")
    form = page.locator("#check-in")
    form.locator("label[for=id_dose_taken_0]").click()
    form.locator("label[for=id_rating_pain_5]").click()
    form.locator("details.side-effects > summary").click()
    for chip, severity in (("headache", "mild"), ("nausea", "moderate")):
        form.get_by_text(chip.capitalize(), exact=True).click()
        form.get_by_role("group", name=f"How strong: {chip}?").get_by_text(
            severity.capitalize()).click()
    form.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved for").wait_for(timeout=5000)

    stored = CheckIn.objects.get(patient=world.patient, day=patient_today(world.patient))
    assert {e.code: e.severity for e in SideEffectEntry.objects.filter(check_in=stored)} == {
        "headache": "mild", "nausea": "moderate"}
    context.close()


def test_a_ticked_side_effect_without_a_severity_is_asked_again_beside_it(live_server, browser):
    world = build_world()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/journal/")
    page.locator("details.side-effects > summary").click()
    page.locator("#check-in").get_by_text("Headache", exact=True).click()
    page.get_by_role("button", name="Save check-in").click()
    error = page.get_by_role("group", name="How strong: headache?").get_by_role("alert")
    assert "How strong was it?" in error.inner_text()
    assert page.locator("#id_side_effects_2").is_checked()  # the tick is kept
    assert not CheckIn.objects.exists()
    context.close()
