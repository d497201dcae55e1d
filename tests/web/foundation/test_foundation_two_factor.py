"""Every staff role passes TOTP two-factor authentication; patients do not
have to; demo accounts may skip it only while LDNCARE_DEMO=1."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.mark.parametrize("role", ["prescriber", "clinic_staff", "clinic_admin", "pharmacist",
                                  "pharmacy_technician", "pharmacy_admin"])
def test_staff_who_only_gave_a_password_are_sent_to_set_up_two_factor(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.split("?")[0] == reverse("accounts:otp_setup")


def test_staff_are_kept_out_of_the_api_until_they_pass_two_factor(client, world):
    client.force_login(world.users["prescriber"])
    response = client.get("/api/care/patients")
    assert response.status_code == 403


def test_staff_with_an_app_are_asked_for_a_code_and_a_wrong_code_is_refused(client, world):
    user = world.users["prescriber"]
    TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.force_login(user)
    assert client.get(reverse("home")).url.split("?")[0] == reverse("accounts:otp_verify")
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert b"did not match" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_a_right_code_lets_staff_in(client, world):
    user = world.users["prescriber"]
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.force_login(user)
    client.post(reverse("accounts:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567", "12 34 56"])
def test_malformed_codes_get_a_message_not_an_error(client, world, token):
    user = world.users["prescriber"]
    TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.force_login(user)
    response = client.post(reverse("accounts:otp_verify"), {"token": token})
    assert response.status_code == 200


def test_patients_do_not_need_two_factor(client, world):
    client.force_login(world.users["patient"])
    assert client.get(reverse("home")).status_code == 200


def test_a_demo_account_skips_two_factor_only_in_demo_mode_and_sees_a_banner(client, world, settings):
    user = world.users["prescriber"]
    user.is_demo = True
    user.save(update_fields=["is_demo"])
    client.force_login(user)
    settings.DEMO = False
    assert client.get(reverse("home")).status_code == 302
    settings.DEMO = True
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"two-factor authentication is waived" in response.content


def test_a_real_account_never_skips_two_factor_even_in_demo_mode(client, world, settings):
    settings.DEMO = True
    client.force_login(world.users["prescriber"])
    assert client.get(reverse("home")).status_code == 302
