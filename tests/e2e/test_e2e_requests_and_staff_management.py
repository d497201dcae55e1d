"""In a real browser: a patient asks their care team a question, a prescriber
replies, the patient reads the reply and gets an e-mail that holds no health
details; an admin deactivates a member of staff, who then cannot log in."""

from __future__ import annotations

from email import message_from_bytes

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Can I take LDN with my thyroid tablets?"


def test_a_question_is_answered_and_the_patient_is_told_by_e_mail(live_server, page, smtp_sink,
                                                                   csp_violations):
    world = build_world()
    patient, doctor = world.users["patient"], world.users["prescriber"]
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, patient)
    page.get_by_role("link", name="Message your care team").click()
    assert page.get_by_test_id("emergency-line").is_visible()
    page.get_by_label("Ask a question").check()
    page.get_by_label("Title").fill("Thyroid tablets")
    page.get_by_label("Your message").fill(QUESTION)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your message was sent to your care team.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    log_out(page)

    log_in(page, live_server.url, doctor)
    page.get_by_test_id("waiting-requests").get_by_role("link", name="Thyroid tablets").click()
    assert QUESTION in page.get_by_test_id("thread-messages").inner_text()
    page.get_by_label("Your reply").fill("Yes: take them four hours apart.")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Your reply was sent.").wait_for()
    log_out(page)

    log_in(page, live_server.url, patient)
    page.get_by_role("link", name="Messages").click()
    page.get_by_role("link", name="Thyroid tablets").click()
    assert "four hours apart" in page.get_by_test_id("thread-messages").inner_text()
    assert not csp_violations

    [raw] = [m for m in smtp_sink.messages if patient.email.encode() in m]
    email = message_from_bytes(raw)
    text = email["Subject"] + email.get_payload(decode=True).decode()
    assert "replied" in text and "/patients/requests/" in text
    for private in ("thyroid", "Thyroid", "LDN with", "four hours"):
        assert private not in text


def test_a_deactivated_member_of_staff_cannot_log_in(live_server, page):
    world = build_world()
    admin, doctor = world.users["clinic_admin"], world.users["prescriber"]
    log_in(page, live_server.url, admin)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("button", name=f"Deactivate {doctor.full_name}").click()
    page.get_by_text(f"{doctor.full_name} is deactivated").wait_for()
    assert "Deactivated" in page.get_by_test_id("team-members").inner_text()
    log_out(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(doctor.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("correct e-mail").first.wait_for()
    assert "/accounts/login/" in page.url


def test_the_new_pages_fit_a_phone_screen(live_server, page):
    from ldncare.web.care.request_services import open_request

    world = build_world()
    thread = open_request(world.patient, author=world.users["patient"], kind="problem",
                          subject="A rash", body="A small rash on my arm since Monday.")
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, world.users["clinic_admin"])
    for path in ("/patients/review/", f"/patients/requests/{thread.pk}/", "/accounts/team/",
                 f"/audit/patients/{world.patient.pk}/", "/patients/requests/"):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
