"""Before two-factor, a staff session reaches exactly the pages it needs to
log in, set up or pass two-factor, and log out — nothing else, whatever the
path looks like (#21: the old ``/accounts/`` prefix let a password-only admin
invite an accomplice and open the clinic settings)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.web.accounts.middleware import BEFORE_TWO_FACTOR
from ldncare.web.accounts.models import ClinicSettings, Invitation
from ldntest.access_matrix import STAFF, collect_rows, url_name_of

ROWS = collect_rows()
TWO_FACTOR_PAGES = (reverse("accounts:otp_setup"), reverse("accounts:otp_verify"))


def test_the_allow_list_is_log_in_two_factor_and_log_out_only():
    assert BEFORE_TWO_FACTOR == {"accounts:login", "accounts:logout",
                                 "accounts:otp_setup", "accounts:otp_verify"}


@pytest.mark.parametrize("role", STAFF)
def test_a_password_only_session_is_sent_to_two_factor_from_every_other_url(client, world, role):
    client.force_login(world.users[role])
    let_through = []
    for key, row in sorted(ROWS.items()):
        if url_name_of(key) in BEFORE_TWO_FACTOR:
            continue
        url = row.url(key, world)
        response = getattr(client, row.method)(url)
        if url.startswith("/api/"):
            ok = response.status_code == 403 and b"Two-factor" in response.content
        else:
            ok = (response.status_code == 302
                  and response.url.split("?")[0] in TWO_FACTOR_PAGES)
        if not ok:
            let_through.append(f"{row.method.upper()} {url} -> {response.status_code}")
    assert not let_through


@pytest.mark.parametrize("role", STAFF)
def test_a_password_only_session_may_still_set_up_two_factor_and_log_out(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))


def test_a_password_only_admin_cannot_invite_a_new_prescriber(client, world):
    client.force_login(world.users["clinic_admin"])
    response = client.post(reverse("accounts:team"),
                           {"email": "accomplice@evil.example", "role": "prescriber"})
    assert response.status_code == 302
    assert not Invitation.objects.filter(email="accomplice@evil.example").exists()


def test_a_password_only_admin_cannot_change_the_clinic_settings(client, world):
    client.force_login(world.users["clinic_admin"])
    response = client.post(reverse("accounts:clinic_settings"),
                           {"action": "settings", "opioid_washout_days": "1", "version": "0"})
    assert response.status_code == 302
    assert not ClinicSettings.objects.filter(organisation=world.clinic).exists()
