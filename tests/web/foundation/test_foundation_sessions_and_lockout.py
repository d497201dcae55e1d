"""Idle staff sessions end; repeated wrong passwords lock the account."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from ldntest.world import log_in


def test_a_staff_session_ends_after_the_idle_time(client, world, settings):
    settings.STAFF_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["prescriber"])
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 09:31Z", tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("home")).status_code == 302


def test_a_staff_session_in_use_stays_open(client, world, settings):
    settings.STAFF_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["prescriber"])
        client.get(reverse("home"))
    with time_machine.travel("2026-03-01 09:20Z", tick=False):
        client.get(reverse("home"))
    with time_machine.travel("2026-03-01 09:45Z", tick=False):
        assert client.get(reverse("home")).status_code == 200


def test_a_patient_session_is_not_cut_by_the_staff_idle_rule(client, world, settings):
    settings.STAFF_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["patient"])
    with time_machine.travel("2026-03-01 11:00Z", tick=False):
        assert client.get(reverse("home")).status_code == 200


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, world):
    email = world.users["patient"].email
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": email, "password": "wrong"})
    response = client.post(reverse("accounts:login"),
                           {"username": email, "password": "correct horse battery"})
    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, world):
    response = client.post(reverse("accounts:login"),
                           {"username": world.users["patient"].email, "password": "nope"})
    assert response.status_code == 200
    assert b"correct email" in response.content.lower() or b"correct e-mail" in response.content.lower()


def test_passwords_are_stored_with_argon2_in_production_settings():
    from ldncare.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
