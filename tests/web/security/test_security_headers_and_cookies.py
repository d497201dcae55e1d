"""Every response carries the security headers, every dynamic response says
``Cache-Control: no-store`` (pages hold patient data; a shared computer's
browser cache must not), cookies are HttpOnly and SameSite, and behind HTTPS
they are Secure and HSTS is on (#21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ldntest.access_matrix import collect_rows
from ldntest.world import log_in

ROWS = collect_rows()


def header_problems(response) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    csp = response.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                      "base-uri 'none'", "form-action 'self'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows inline script")
    expected = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin"}
    problems += [f"{name}: {response.get(name)!r}" for name, value in expected.items()
                 if response.get(name) != value]
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems


#: One role of each family of pages (patient, clinic, pharmacy, admin): the
#: headers do not depend on the role, the pages reached do.
WALKERS = ["anonymous", "patient", "prescriber", "clinic_admin", "pharmacist"]


@pytest.mark.parametrize("who", WALKERS)
def test_every_response_carries_the_security_headers_and_no_store(client, world, who):
    if who != "anonymous":
        log_in(client, world.users[who])
    found = []
    for key, row in sorted(ROWS.items(), key=lambda item: (item[1].kwargs is not None, item[0])):
        response = getattr(client, row.method)(row.url(key, world))
        found += [f"{row.method.upper()} {key} {response.status_code}: {p}"
                  for p in header_problems(response)]
    assert not found


def test_the_calendar_feed_read_without_a_session_is_not_stored_either(client, world):
    from ldncare.web.care.prescribing_services import create_calendar_feed

    token = create_calendar_feed(world.patient, actor=world.users["patient"])
    response = client.get(reverse("care:calendar_feed",
                                  kwargs={"patient_id": world.patient.pk, "token": token}))
    assert "no-store" in response["Cache-Control"]


def test_log_in_cookies_are_http_only_and_same_site(client, world):
    user = world.users["prescriber"]
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"),
                {"username": user.email, "password": "correct horse battery"})
    client.post(reverse("accounts:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_behind_https_a_secure_request_gets_hsts(client, world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_https_site_url_turns_on_hsts_and_secure_cookies(tmp_path):
    """The production settings, imported fresh with an https:// site address."""
    code = ("import json; from ldncare.web import settings as s; print(json.dumps("
            "[s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY]))")
    env = {**os.environ, "LDNCARE_SITE_URL": "https://clinic.example",
           "LDNCARE_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    hsts, session_secure, csrf_secure, proxy, session_http_only, csrf_http_only = json.loads(out)
    assert hsts >= 31536000 and session_secure and csrf_secure
    assert proxy == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert session_http_only and csrf_http_only
