"""Either side closes a conversation; a closed one stays readable and takes no reply."""

from __future__ import annotations

from django.urls import reverse

from ldncare.web.care.models import PatientRequest
from ldncare.web.care.request_services import open_request
from ldntest.world import log_in


def test_a_closed_request_stays_readable_and_refuses_a_reply(client, world):
    thread = open_request(world.patient, author=world.patient.user, kind="refill",
                          subject="Refill please", body="I have a week left.")
    log_in(client, world.users["clinic_staff"])
    assert client.post(reverse("care:request_close", args=[thread.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.status == PatientRequest.Status.CLOSED
    assert thread.closed_by == world.users["clinic_staff"]
    client.logout()
    log_in(client, world.users["patient"])
    page = client.get(reverse("care:request_thread", args=[thread.pk])).content.decode()
    assert "I have a week left." in page and "Closed" in page and "Send reply" not in page
    response = client.post(reverse("care:request_reply", args=[thread.pk]), {"body": "Hello?"})
    assert response.status_code == 400
    assert "This conversation is closed" in response.content.decode()
    assert thread.messages.count() == 1


def test_the_care_team_finds_closed_requests_apart_from_open_ones(client, world):
    from ldncare.web.care.request_services import close

    done = open_request(world.patient, author=world.patient.user, kind="refill",
                        subject="Old refill", body="Thanks.")
    close(done, actor=world.users["prescriber"])
    open_request(world.patient, author=world.patient.user, kind="question",
                 subject="New question", body="About dosing.")
    log_in(client, world.users["clinic_staff"])
    open_page = client.get(reverse("care:requests")).content.decode()
    closed_page = client.get(reverse("care:requests"), {"show": "closed"}).content.decode()
    assert "New question" in open_page and "Old refill" not in open_page
    assert "Old refill" in closed_page and "New question" not in closed_page
