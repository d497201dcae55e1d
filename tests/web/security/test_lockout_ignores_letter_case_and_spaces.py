"""After five wrong passwords for an address, no spelling of the same address
— other letter case, surrounding spaces — gets in or gets fresh tries (#22)."""

from __future__ import annotations

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery"
VARIANTS = ["STAFF@A.EXAMPLE", "Staff@a.example", " staff@a.example", "staff@a.example ",
            "sTaFf@A.eXaMpLe"]


def _log_in(client, name, password):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": name, "password": password})


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_different_spelling_is_locked_out_after_five_failures(client, world, variant):
    for _ in range(5):
        _log_in(client, "staff@a.example", "wrong")
    response = _log_in(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("variant", VARIANTS)
def test_failures_typed_in_other_spellings_add_up_to_one_lockout(client, world, variant):
    for typed in ["staff@a.example", "STAFF@a.example", " Staff@a.example", variant, variant]:
        _log_in(client, typed, "wrong")
    assert _log_in(client, "staff@a.example", PASSWORD).status_code == 429


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_right_password_logs_in_whatever_the_spelling(client, world, variant):
    response = _log_in(client, variant, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["clinic_staff"].pk)
