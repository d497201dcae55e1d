"""After two-factor, ``next`` is followed only when it stays on this site
(#22: ``/accounts/two-factor/?next=https://evil.example/`` went off-site)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

OFF_SITE = ["https://evil.example/login", "//evil.example/", "http:evil.example",
            "/\\evil.example", "javascript:alert(1)"]


def _verify(client, user, next_url):  # type: ignore[no-untyped-def]
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.force_login(user)
    return client.post(reverse("accounts:otp_verify") + "?" + f"next={next_url}",
                       {"token": f"{totp(device.bin_key):06d}"})


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_off_site_next_after_a_right_code_goes_home_instead(client, world, target):
    response = _verify(client, world.users["prescriber"], target)
    assert response.status_code == 302 and response.url == reverse("home")


def test_an_on_site_next_is_followed(client, world):
    response = _verify(client, world.users["prescriber"], "/patients/")
    assert response.url == "/patients/"


def test_the_page_a_staff_member_asked_for_is_where_they_land_after_the_code(client, world):
    user = world.users["prescriber"]
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.force_login(user)
    sent = client.get(reverse("care:patient_list"))
    assert sent.url.startswith(reverse("accounts:otp_verify"))
    landed = client.post(sent.url, {"token": f"{totp(device.bin_key):06d}"})
    assert landed.url == reverse("care:patient_list")


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_log_in_page_does_not_send_anyone_off_site_either(client, world, target):
    response = client.post(reverse("accounts:login") + f"?next={target}",
                           {"username": world.users["patient"].email,
                            "password": "correct horse battery"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_an_off_site_next_through_log_in_and_two_factor_ends_at_home(client, world):
    """The probe's chain: log in with next=/accounts/two-factor/?next=https://evil…"""
    user = world.users["prescriber"]
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    chained = reverse("accounts:otp_verify") + "?next=https://evil.example/"
    logged_in = client.post(reverse("accounts:login") + "?" + urlencode({"next": chained}),
                            {"username": user.email, "password": "correct horse battery"})
    assert logged_in.url == chained  # on-site, so followed
    landed = client.post(chained, {"token": f"{totp(device.bin_key):06d}"})
    assert landed.url == reverse("home")
