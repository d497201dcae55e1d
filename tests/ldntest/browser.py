"""Helpers for browser tests: log in as a person would, 2FA included."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"


def current_code(user) -> str:  # type: ignore[no-untyped-def]
    """The 6-digit code the person's authenticator app would show now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def enrol_totp(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True,
                                                                      "name": "test"})
    return device


def log_in(page, base_url: str, user, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real form; staff type the current TOTP code."""
    if user.is_staff_role:
        enrol_totp(user)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if user.is_staff_role:
        page.wait_for_url("**/accounts/two-factor/**")
        page.get_by_label("6-digit code").fill(current_code(user))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(lambda url: url.startswith(base_url) and "/accounts/" not in url)


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log out").click()


def fill_sign_up(page, *, name: str, email: str, password: str, clinic: str = "Clinic A",  # type: ignore[no-untyped-def]
                 date_of_birth: str = "1980-05-17", research: bool = False) -> None:
    """Fill the patient sign-up form (account, identity, required consents) and send it."""
    page.get_by_label("Legal name", exact=True).fill(name)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Clinic", exact=True).select_option(label=clinic)
    page.get_by_label("Date of birth", exact=True).fill(date_of_birth)
    page.get_by_label("Address", exact=True).fill("1 High Street")
    page.get_by_label("Town or city", exact=True).fill("Leeds")
    page.get_by_label("Postcode or ZIP code", exact=True).fill("LS1 1AA")
    page.get_by_label("Country", exact=True).fill("United Kingdom")
    page.get_by_label("Phone", exact=True).fill("+44 7700 900123")
    for code in ("telehealth", "off_label", "data_processing", *(("research",) if research else ())):
        page.locator(f'input[name="consent_{code}"]').check()
    page.get_by_role("button", name="Create account").click()


def verify_identity_on_review_page(page) -> None:  # type: ignore[no-untyped-def]
    """A member of the clinic team, on a review page, records the identity check."""
    page.get_by_label("How you checked it").fill("Photo ID seen on a video call")
    page.get_by_role("button", name="Identity verified").click()
    page.get_by_test_id("identity-verified").wait_for()
