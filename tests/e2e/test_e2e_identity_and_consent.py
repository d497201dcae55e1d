"""In a real browser: a patient signs up with their identity, consents and
time zone (the browser's by default, "London" finds Europe/London); the
prescriber cannot approve until the clinic verifies the identity; a new
consent version is asked for at the next visit; a research withdrawal keeps
the patient out of the research export."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core import mail

from ldntest.browser import fill_sign_up, log_in, log_out, verify_identity_on_review_page
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long enough secret 42"


@pytest.fixture
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    return {**browser_context_args, "timezone_id": "America/New_York"}


def _confirm_and_log_in(page, url: str, email: str) -> None:  # type: ignore[no-untyped-def]
    path = re.search(r"/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(url + path)
    page.get_by_text("Your e-mail address is confirmed").wait_for()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_sign_up_with_identity_and_consent_then_verification_makes_approval_possible(
        live_server, page, csp_violations):
    from ldncare.web.accounts.models import User
    from web.prescribing.prescribing_setup import screen

    world = build_world()
    url = live_server.url
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{url}/accounts/sign-up/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "fits a phone"
    zone = page.get_by_label("Your time zone")
    assert zone.input_value() == "America/New_York", "the browser's own zone is the default"
    assert page.locator("#time-zone-names option[value='Europe/London']").count() == 1
    zone.fill("London")
    assert zone.input_value() == "London"
    page.get_by_test_id("consent-off_label").locator("summary").click()
    assert "off-label" in page.get_by_test_id("consent-off_label").inner_text()
    fill_sign_up(page, name="Maya Patel", email="maya@example.org", password=PASSWORD,
                 research=True)
    assert "Unknown time zone" in page.get_by_text("Unknown time zone").inner_text()
    page.get_by_label("Your time zone").fill("Europe/London")
    page.get_by_label("Password").fill(PASSWORD)  # a browser never sends a password back
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Check your e-mail").wait_for()
    user = User.objects.get(email="maya@example.org")
    assert user.time_zone == "Europe/London"
    assert {c.document for c in user.patient.consents.all()} == {
        "telehealth", "off_label", "data_processing", "research"}

    _confirm_and_log_in(page, url, "maya@example.org")
    page.get_by_test_id("pathway-state").wait_for()
    screen(user.patient)
    log_out(page)

    log_in(page, url, world.users["prescriber"])
    page.goto(f"{url}/patients/{user.patient.pk}/review/")
    assert "nobody has verified" in page.get_by_test_id("approval-blocked").inner_text()
    assert "1 High Street" in page.get_by_test_id("identity-panel").inner_text()
    assert not page.get_by_test_id("approval-form").count()
    verify_identity_on_review_page(page)
    assert page.get_by_test_id("approval-form").is_visible()
    panel = page.get_by_test_id("identity-panel")
    widest = panel.evaluate("p => Math.max(...[p, ...p.querySelectorAll('*')].map("
                            "e => e.getBoundingClientRect().right))")
    assert widest <= 360, "the identity panel fits a phone"
    assert not csp_violations


def test_a_new_consent_version_is_asked_for_at_the_next_visit(live_server, page, monkeypatch):
    from ldncare import consent
    from ldncare.web.care import identity_services, identity_views

    world = build_world()
    library = consent.load_library()
    changed = replace(library, documents=tuple(
        replace(d, version="2027-01-01") if d.code == "data_processing" else d
        for d in library.documents))
    for module in (consent, identity_services, identity_views):
        monkeypatch.setattr(module, "load_library", lambda *a: changed)

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(world.patient.user.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_test_id("consent-needed").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "fits a phone"
    page.goto(f"{live_server.url}/patients/schedule/")
    page.get_by_test_id("consent-needed").wait_for()
    page.get_by_test_id("consent-row-data_processing").get_by_role("checkbox").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/patients/schedule/")
    assert world.patient.consents.filter(document="data_processing",
                                         version="2027-01-01").exists()


def test_a_research_withdrawal_keeps_the_patient_out_of_the_research_export(live_server, page):
    from ldncare.web.insights.queries import research_rows
    from ldncare.web.journal.models import CheckIn

    world = build_world()
    CheckIn.objects.create(patient=world.patient, day=world.patient.created_at.date(), pain=3)
    prescriber = world.users["prescriber"]
    assert {r["patient_id"] for r in research_rows(prescriber)} == {world.patient.pk}
    log_in(page, live_server.url, world.patient.user, password="correct horse battery")
    page.goto(f"{live_server.url}/patients/me/consents/")
    page.get_by_test_id("withdraw-research").click()
    page.get_by_text("left out of new research files").wait_for()
    assert not list(research_rows(prescriber))
