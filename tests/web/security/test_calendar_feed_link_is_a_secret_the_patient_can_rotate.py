"""The calendar feed is a secret URL: the patient is told that anyone with it
can see their dose schedule, and can make a new one, which stops the old (#21)."""

from __future__ import annotations

from django.urls import reverse

from web.prescribing.prescribing_setup import prescribe


def _new_link(client) -> str:  # type: ignore[no-untyped-def]
    page = client.post(reverse("care:calendar_link_create")).content.decode()
    return page.split('data-testid="feed-url">')[1].split("<")[0]


def test_the_patient_is_told_that_anyone_with_the_link_sees_their_schedule(world, client, login):
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    login(world.users["patient"])
    page = client.get(reverse("care:schedule")).content.decode()
    assert "Anyone with this link can see your dose schedule" in page


def test_a_new_link_works_and_the_old_one_stops(world, client, login):
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    login(world.users["patient"])
    old = _new_link(client)
    page = client.get(reverse("care:schedule")).content.decode()
    assert "Make a new link (the old one stops working)" in page
    new = _new_link(client)
    client.logout()
    assert new != old
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404
