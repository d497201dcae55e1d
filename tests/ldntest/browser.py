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
