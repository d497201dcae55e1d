"""Inviting staff, changing a clinic's safety settings and exporting research
data need the password and a fresh code again when the last confirmation is
older than REAUTH_MINUTES (a log-in with password and code counts as one)."""

from __future__ import annotations

import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ldncare.web.accounts.models import ClinicSettings, Invitation
from ldntest.world import log_in

CONFIRM = reverse("accounts:confirm_identity")
PASSWORD = "correct horse battery"


def _code(user) -> str:  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def _invite(client):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:team"), {"email": "new@a.example", "role": "prescriber"})


def test_an_admin_who_logged_in_just_now_invites_without_being_asked_again(client, world, settings):
    settings.REAUTH_MINUTES = 10
    log_in(client, world.users["clinic_admin"])
    assert _invite(client).url == reverse("accounts:team")
    assert Invitation.objects.filter(email="new@a.example").exists()


def test_an_invitation_after_the_confirmation_window_asks_for_password_and_code(client, world,
                                                                                settings):
    settings.REAUTH_MINUTES = 10
    admin = world.users["clinic_admin"]
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, admin)
    with time_machine.travel("2026-03-01 09:11Z", tick=False):
        client.get(reverse("home"))  # still within the idle limit
        response = _invite(client)
        assert response.status_code == 302 and response.url.startswith(CONFIRM)
        assert not Invitation.objects.filter(email="new@a.example").exists()
        confirmed = client.post(response.url, {"password": PASSWORD, "token": _code(admin)})
        assert confirmed.url == reverse("accounts:team")
        _invite(client)
    assert Invitation.objects.filter(email="new@a.example").exists()


def test_a_right_password_with_a_wrong_code_does_not_confirm(client, world, settings):
    admin = world.users["clinic_admin"]
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, admin)
    with time_machine.travel("2026-03-01 09:20Z", tick=False):
        response = client.post(CONFIRM, {"password": PASSWORD, "token": "000000"})
        assert response.status_code == 200 and b"did not match" in response.content
        assert _invite(client).url.startswith(CONFIRM)


def test_five_wrong_confirmations_end_the_session(client, world):
    admin = world.users["clinic_admin"]
    log_in(client, admin)
    for _ in range(5):
        response = client.post(CONFIRM, {"password": "wrong password", "token": "000000"})
    assert response.url == reverse("accounts:login")
    assert client.get(reverse("accounts:team")).url.startswith(reverse("accounts:login"))


def test_changing_clinic_safety_settings_after_the_window_asks_again_and_changes_nothing(
        client, world, settings):
    settings.REAUTH_MINUTES = 10
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["clinic_admin"])
    with time_machine.travel("2026-03-01 09:15Z", tick=False):
        client.get(reverse("home"))
        response = client.post(reverse("accounts:clinic_settings"),
                               {"action": "settings", "opioid_washout_days": "8", "version": "0"})
    assert response.url.startswith(CONFIRM)
    assert not ClinicSettings.objects.filter(organisation=world.clinic).exists()


def test_the_research_download_after_the_window_asks_again_but_the_page_opens(client, world,
                                                                              settings):
    settings.REAUTH_MINUTES = 10
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["prescriber"])
    with time_machine.travel("2026-03-01 09:15Z", tick=False):
        client.get(reverse("home"))
        assert client.get(reverse("insights:export")).status_code == 200
        download = client.get(reverse("insights:export") + "?k=5&part=data&download=1")
    assert download.status_code == 302 and download.url.startswith(CONFIRM)


def test_the_confirmation_page_does_not_send_anyone_off_site(client, world):
    admin = world.users["clinic_admin"]
    log_in(client, admin)
    response = client.post(CONFIRM + "?next=https://evil.example/x",
                           {"password": PASSWORD, "token": _code(admin)})
    assert response.url == reverse("home")
