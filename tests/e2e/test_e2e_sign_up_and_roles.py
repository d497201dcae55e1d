"""A patient signs up and confirms their e-mail; every role logs in (passing
2FA where required) and sees its own home page — in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ldntest.browser import fill_sign_up, log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_patient_signs_up_confirms_the_email_and_sees_where_they_are(live_server, page,
                                                                        csp_violations):
    build_world()
    page.goto(f"{live_server.url}/accounts/sign-up/")
    fill_sign_up(page, name="Maya Patel", email="maya@example.org",
                 password="a long enough secret 42")
    page.get_by_text("Check your e-mail").wait_for()

    body = mail.outbox[-1].body
    path = re.search(r"/accounts/verify/\S+/", body).group(0)
    page.goto(live_server.url + path)
    page.get_by_text("Your e-mail address is confirmed").wait_for()

    page.get_by_label("E-mail").fill("maya@example.org")
    page.get_by_label("Password").fill("a long enough secret 42")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_test_id("pathway-state").inner_text() == "Registered"
    assert "intake questionnaire" in page.get_by_test_id("next-step").inner_text()
    assert not csp_violations


@pytest.mark.parametrize(("role", "heading"), [
    ("prescriber", "Review queue"),
    ("clinic_staff", "Review queue"),
    ("pharmacist", "order queue"),
    ("pharmacy_technician", "order queue"),
    ("clinic_admin", "Review queue"),
    ("patient", "Where you are"),
])
def test_each_role_logs_in_passes_two_factor_and_sees_its_own_queue(live_server, page, role,
                                                                     heading):
    world = build_world()
    log_in(page, live_server.url, world.users[role])
    assert page.get_by_text(heading).first.is_visible()


def test_a_new_member_of_staff_sets_up_two_factor_from_the_key_on_the_page(live_server, page):
    import base64

    from django_otp.oath import totp

    world = build_world()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(world.users["prescriber"].email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/two-factor/setup/")
    key = base64.b32decode(page.get_by_test_id("totp-secret").inner_text())
    page.get_by_label("6-digit code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Two-factor authentication is on.").wait_for()
    assert page.get_by_text("Review queue").is_visible()
