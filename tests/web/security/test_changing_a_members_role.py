"""An organisation admin changes a member's role from the Team page: only
within their organisation, only to a role that belongs there, never their
own, and only after confirming password and code recently (#21)."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from ldncare.web.accounts.models import User
from ldntest.world import log_in


def _change(client, member, role):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:change_role", args=[member.pk]), {"role": role})


def _role(user) -> str:  # type: ignore[no-untyped-def]
    return User.objects.get(pk=user.pk).role


def test_the_admin_makes_a_member_of_staff_a_prescriber(client, world):
    log_in(client, world.users["clinic_admin"])
    response = _change(client, world.users["clinic_staff"], "prescriber")
    assert response.url == reverse("accounts:team")
    assert _role(world.users["clinic_staff"]) == "prescriber"
    page = client.get(reverse("accounts:team")).content.decode()
    assert "is now prescriber" in page


def test_a_role_change_after_the_confirmation_window_asks_again_and_changes_nothing(
        client, world, settings):
    settings.REAUTH_MINUTES = 10
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        log_in(client, world.users["clinic_admin"])
    with time_machine.travel("2026-03-01 09:12Z", tick=False):
        client.get(reverse("home"))
        response = _change(client, world.users["clinic_staff"], "prescriber")
    assert response.url.startswith(reverse("accounts:confirm_identity"))
    assert _role(world.users["clinic_staff"]) == "clinic_staff"


def test_an_admin_cannot_change_someone_in_another_organisation(client, world):
    log_in(client, world.users["pharmacy_admin"])
    _change(client, world.users["clinic_staff"], "pharmacist")
    assert _role(world.users["clinic_staff"]) == "clinic_staff"


def test_a_pharmacy_role_cannot_be_given_in_a_clinic(client, world):
    log_in(client, world.users["clinic_admin"])
    _change(client, world.users["clinic_staff"], "pharmacist")
    assert _role(world.users["clinic_staff"]) == "clinic_staff"


def test_an_admin_cannot_change_their_own_role(client, world):
    admin = world.users["clinic_admin"]
    log_in(client, admin)
    _change(client, admin, "prescriber")
    assert _role(admin) == "org_admin"
    assert "cannot change your own role" in client.get(reverse("accounts:team")).content.decode()


def test_only_an_admin_may_change_roles(client, world):
    log_in(client, world.users["prescriber"])
    assert _change(client, world.users["clinic_staff"], "prescriber").status_code == 403
    assert _role(world.users["clinic_staff"]) == "clinic_staff"
