"""Each person reads a stored moment on their own clock: a message sent at
23:30 UTC reads 12:30 the next day in Auckland and 23:30 in London (winter)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from ldncare.web.care.models import RequestMessage
from ldncare.web.care.request_services import open_request
from ldntest.world import log_in

SENT = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)


def _thread_sent_at(world):
    thread = open_request(world.patient, author=world.patient.user, kind="question",
                          subject="A question", body="When do I take it?")
    RequestMessage._base_manager.filter(request=thread).update(created_at=SENT)
    type(thread)._base_manager.filter(pk=thread.pk).update(created_at=SENT)
    return thread


def _page(client, user, thread) -> str:
    log_in(client, user)
    page = client.get(reverse("care:request_thread", args=[thread.pk])).content.decode()
    client.logout()
    return page


def test_the_patient_reads_the_time_in_their_own_zone(client, world):
    thread = _thread_sent_at(world)
    user = world.patient.user
    user.time_zone = "Pacific/Auckland"
    user.save(update_fields=["time_zone"])
    assert "15 Jan 2026 12:30" in _page(client, user, thread)


def test_staff_read_the_same_moment_on_the_zone_of_their_profile(client, world):
    thread = _thread_sent_at(world)
    staff = world.users["clinic_staff"]
    staff.time_zone = "Europe/London"
    staff.save(update_fields=["time_zone"])
    assert "14 Jan 2026 23:30" in _page(client, staff, thread)
    staff.time_zone = "America/New_York"
    staff.save(update_fields=["time_zone"])
    assert "14 Jan 2026 18:30" in _page(client, staff, thread)


def test_an_unknown_zone_name_reads_as_utc_rather_than_failing(client, world):
    thread = _thread_sent_at(world)
    user = world.patient.user
    user.time_zone = "Mars/Olympus_Mons"
    user.save(update_fields=["time_zone"])
    assert "14 Jan 2026 23:30" in _page(client, user, thread)
