"""An admin sends an unanswered (or expired) invitation again: a new link that
works for 7 more days; the old link stops working."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ldncare.web.accounts import services
from ldncare.web.accounts.models import Invitation
from ldntest.world import log_in


def _link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"/accounts/invitation/\S+/", message.body).group(0)


def test_a_new_link_replaces_the_old_one(client, world, django_capture_on_commit_callbacks):
    admin = world.users["clinic_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_staff(admin=admin, email="new@a.example", role="clinic_staff")
    old = _link(mail.outbox[-1])
    invitation.created_at = timezone.now() - timedelta(days=8)  # expired
    invitation.save(update_fields=["created_at"])
    log_in(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_invitation", args=[invitation.pk]))
    assert response.status_code == 302
    new = _link(mail.outbox[-1])
    assert mail.outbox[-1].to == ["new@a.example"] and new != old
    assert client.get(old).status_code == 400
    client.logout()
    assert client.get(new).status_code == 200


def test_an_admin_cannot_resend_another_organisations_invitation(world):
    import pytest

    other = services.invite_staff(admin=world.users["pharmacy_admin"], email="x@p.example",
                                  role="pharmacist")
    with pytest.raises(services.AccountError):
        services.resend_invitation(admin=world.users["clinic_admin"], invitation_id=other.pk)
    assert Invitation.objects.get(pk=other.pk).token_hash == other.token_hash
