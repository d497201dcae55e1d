"""An admin deactivates a member: they can no longer log in, what they
recorded stays under their name, and the change is in the audit log. The
organisation's last admin cannot be deactivated."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from ldncare.web.accounts import services
from ldntest.world import log_in, make_user


def _logs_in(client, user) -> bool:  # type: ignore[no-untyped-def]
    """Whether the log-in form accepts the person's e-mail and password."""
    response = client.post(reverse("accounts:login"),
                           {"username": user.email, "password": "correct horse battery"})
    return response.status_code == 302


def test_a_deactivated_member_cannot_log_in(client, world):
    admin, doc = world.users["clinic_admin"], world.users["prescriber"]
    log_in(client, admin)
    response = client.post(reverse("accounts:set_active", args=[doc.pk]), {"active": "0"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert not doc.is_active
    client.logout()
    assert not _logs_in(client, doc)


def test_their_open_session_ends(client, world):
    doc = world.users["prescriber"]
    log_in(client, doc)
    services.set_active(admin=world.users["clinic_admin"], member_id=doc.pk, active=False)
    assert client.get(reverse("care:patient_list")).status_code == 302  # to the log-in page


def test_the_deactivation_is_audited_and_shown_on_the_team_page(client, world):
    admin, doc = world.users["clinic_admin"], world.users["prescriber"]
    log_in(client, admin)
    client.post(reverse("accounts:set_active", args=[doc.pk]), {"active": "0"})
    entry = LogEntry.objects.filter(object_pk=str(doc.pk), content_type__model="user",
                                    action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == admin and "is_active" in entry.changes_dict
    page = client.get(reverse("accounts:team")).content.decode()
    assert f"{admin.full_name} deactivated {doc.full_name}" in page


def test_history_is_kept_under_their_name(world):
    from ldncare.web.care.services import add_note

    doc = world.users["prescriber"]
    add_note(world.patient, actor=doc, summary="Called the patient")
    services.set_active(admin=world.users["clinic_admin"], member_id=doc.pk, active=False)
    assert world.patient.events.get(summary="Called the patient").actor == doc


def test_the_last_admin_cannot_be_deactivated(world):
    admin = world.users["clinic_admin"]
    second = make_user("admin2@a.example", "org_admin", world.clinic)
    services.set_active(admin=admin, member_id=second.pk, active=False)
    with pytest.raises(services.AccountError, match="last admin"):
        services.set_active(admin=second, member_id=admin.pk, active=False)
    admin.refresh_from_db()
    assert admin.is_active


def test_an_admin_cannot_deactivate_someone_of_another_organisation(world):
    with pytest.raises(services.AccountError, match="not a member"):
        services.set_active(admin=world.users["clinic_admin"],
                            member_id=world.users["pharmacist"].pk, active=False)


def test_a_reactivated_member_can_log_in_again(client, world):
    doc = world.users["prescriber"]
    services.set_active(admin=world.users["clinic_admin"], member_id=doc.pk, active=False)
    services.set_active(admin=world.users["clinic_admin"], member_id=doc.pk, active=True)
    assert _logs_in(client, doc)


def test_a_role_change_is_audited_in_words(client, world):
    admin, staff = world.users["clinic_admin"], world.users["clinic_staff"]
    log_in(client, admin)
    client.post(reverse("accounts:change_role", args=[staff.pk]), {"role": "prescriber"})
    page = client.get(reverse("accounts:team")).content.decode()
    assert (f"{admin.full_name} changed the role of {staff.full_name} from clinic staff "
            "(non-prescribing) to prescriber") in page
