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
