"""Organisation admins invite staff; an invitation works once and expires."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from ldncare.web.accounts.models import Invitation, User
from ldntest.world import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def invite(client, world, email="new.doc@a.example", role="prescriber"):  # type: ignore[no-untyped-def]
    log_in(client, world.users["clinic_admin"])
    return client.post(reverse("accounts:team"), {"email": email, "role": role})


def invitation_path() -> str:
    return re.search(r"/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)


def test_an_admin_invites_a_prescriber_who_joins_the_clinic(client, world):
    assert invite(client, world).status_code == 302
    client.logout()
    response = client.post(invitation_path(), {"full_name": "Dr New",
                                               "password": "another long secret 7"})
    assert response.status_code == 302
    user = User.objects.get(email="new.doc@a.example")
    assert (user.role, user.organisation) == ("prescriber", world.clinic)


def test_an_invitation_cannot_be_used_twice(client, world):
    invite(client, world)
    client.logout()
    path = invitation_path()
    client.post(path, {"full_name": "Dr New", "password": "another long secret 7"})
    response = client.post(path, {"full_name": "Mallory", "password": "another long secret 8"})
    assert response.status_code == 400 and b"already been used" in response.content
    assert User.objects.filter(email="new.doc@a.example").count() == 1


def test_an_expired_invitation_is_refused(client, world):
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        invite(client, world)
    client.logout()
    with time_machine.travel("2026-02-09 10:01Z", tick=False):
        response = client.get(invitation_path())
    assert response.status_code == 400 and b"expired" in response.content


def test_a_clinic_cannot_invite_a_pharmacist(client, world):
    response = invite(client, world, role="pharmacist")
    assert response.status_code == 200 and b"valid choice" in response.content
    assert not Invitation.objects.exists()


def test_only_an_admin_can_invite(client, world):
    log_in(client, world.users["prescriber"])
    response = client.post(reverse("accounts:team"), {"email": "x@a.example", "role": "prescriber"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_an_existing_account_is_refused(client, world):
    response = invite(client, world, email=world.users["prescriber"].email)
    assert b"already has an account" in response.content


def test_a_password_reset_mail_goes_through_the_task_queue_and_the_link_works(client, world):
    user = world.users["patient"]
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    path = re.search(r"/accounts/password-reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "brand new secret 99",
                           "new_password2": "brand new secret 99"})
    user.refresh_from_db()
    assert user.check_password("brand new secret 99")


def test_an_admin_without_an_organisation_is_told_there_is_no_team(client, db):
    from ldncare.web.accounts.models import User

    admin = User.objects.create_superuser(email="root@example.org", password="x" * 12,
                                          full_name="Root")
    log_in(client, admin)
    response = client.get(reverse("accounts:team"))
    assert response.status_code == 403 and b"no organisation" in response.content
