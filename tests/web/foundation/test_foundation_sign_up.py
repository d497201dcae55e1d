"""Patients sign up themselves, join a clinic and confirm their e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.signing import TimestampSigner
from django.urls import reverse

from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(client, world, **overrides):  # type: ignore[no-untyped-def]
    data = {"full_name": "Maya Patel", "email": "maya@example.org",
            "password": "a long enough secret 42", "clinic": world.clinic.pk,
            "time_zone": "Europe/London", "date_of_birth": "1980-05-17",
            "address_line1": "1 High Street", "town": "Leeds", "postcode": "LS1 1AA",
            "country": "United Kingdom", "phone": "+44 7700 900123",
            "consent_telehealth": "on", "consent_off_label": "on",
            "consent_data_processing": "on", **overrides}
    return client.post(reverse("accounts:sign_up"), data)


def test_signing_up_creates_a_registered_patient_in_the_chosen_clinic(client, world):
    response = sign_up(client, world)
    assert response.status_code == 200 and b"Check your e-mail" in response.content
    patient = Patient.objects.get(user__email="maya@example.org")
    assert patient.clinic == world.clinic
    assert patient.state == "registered"
    assert not patient.user.email_verified


def test_the_verification_link_confirms_the_address_once_and_a_replay_changes_nothing(client, world):
    sign_up(client, world)
    path = re.search(r"/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    client.get(path)
    first = User.objects.get(email="maya@example.org").email_verified_at
    assert first is not None
    response = client.get(path)
    assert response.status_code == 302
    assert User.objects.get(email="maya@example.org").email_verified_at == first


@pytest.mark.parametrize("token", ["garbage", "a" * 300, TimestampSigner(salt="other").sign("1")],
                         ids=["garbage", "too-long", "signed-for-something-else"])
def test_a_forged_or_mangled_link_is_refused_with_a_message(client, world, token):
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_an_expired_link_says_it_expired(client, world, settings):
    import time_machine

    with time_machine.travel("2026-01-01 09:00Z", tick=False):
        sign_up(client, world)
    path = re.search(r"/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    with time_machine.travel("2026-01-05 09:00Z", tick=False):
        response = client.get(path)
    assert response.status_code == 400 and b"expired" in response.content
    assert not User.objects.get(email="maya@example.org").email_verified


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "", b"This field is required"),
    ("email", "not-an-email", b"valid email"),
    ("full_name", "x" * 201, b"at most 200"),
    ("password", "short", b"too short"),
    ("clinic", "999999", b"valid choice"),
    ("time_zone", "Mars/Olympus", b"Unknown time zone"),
])
def test_bad_sign_up_input_is_shown_beside_the_field_and_creates_nothing(client, world, field,
                                                                         value, message):
    response = sign_up(client, world, **{field: value})
    assert response.status_code == 200
    assert message in response.content
    assert not User.objects.filter(full_name="Maya Patel").exists()


def test_a_pharmacy_cannot_be_chosen_as_the_clinic(client, world):
    response = sign_up(client, world, clinic=world.pharmacy.pk)
    assert b"valid choice" in response.content


def _page(response) -> str:  # type: ignore[no-untyped-def]
    """The page as a person reads it (the CSP nonce differs on every response)."""
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_signing_up_twice_with_the_same_address_creates_nothing_and_says_nothing_more(
        client, world):
    first = sign_up(client, world)
    mail.outbox.clear()
    again = sign_up(client, world, email="MAYA@example.org", full_name="Someone Else")
    assert User.objects.filter(email__iexact="maya@example.org").count() == 1
    # The page does not reveal that the address has an account ...
    assert again.status_code == first.status_code == 200
    assert b"already exists" not in again.content
    assert _page(again).replace("MAYA@", "maya@") == _page(first)
    # ... the account's owner is told by e-mail instead.
    assert [m.to for m in mail.outbox] == [["maya@example.org"]]
    assert "already has an account" in mail.outbox[0].body
