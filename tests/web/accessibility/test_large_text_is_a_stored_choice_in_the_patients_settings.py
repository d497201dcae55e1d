"""A patient turns on larger text in their settings: it is stored, every page
then carries the ``large-text`` class on <html> (which scales the root font
size), and it can be turned off again."""

from __future__ import annotations

import re

LARGE = re.compile(r'<html[^>]*class="large-text"')


def test_the_settings_page_offers_larger_text(world, client, login):
    login(world.users["patient"])
    page = client.get("/journal/settings").content.decode()
    assert "Larger text on every page" in page
    assert not LARGE.search(page)


def test_turning_it_on_enlarges_every_page_and_returns_to_the_settings(world, client, login):
    patient = world.users["patient"]
    login(patient)
    response = client.post("/accounts/text-size/", {"large_text": "on",
                                                   "next": "/journal/settings"})
    assert response.status_code == 302 and response["Location"] == "/journal/settings"
    patient.refresh_from_db()
    assert patient.large_text
    for url in ("/journal/settings", "/journal/", "/library/"):
        assert LARGE.search(client.get(url).content.decode()), url


def test_turning_it_off_brings_back_the_standard_size(world, client, login):
    patient = world.users["patient"]
    patient.large_text = True
    patient.save(update_fields=["large_text"])
    login(patient)
    client.post("/accounts/text-size/", {"next": "/journal/settings"})
    patient.refresh_from_db()
    assert not patient.large_text
    assert not LARGE.search(client.get("/journal/settings").content.decode())


def test_an_off_site_next_lands_on_the_profile_instead(world, client, login):
    login(world.users["patient"])
    response = client.post("/accounts/text-size/", {"large_text": "on",
                                                   "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/profile/"


def test_staff_can_choose_larger_text_on_their_profile(world, client, login):
    prescriber = world.users["prescriber"]
    login(prescriber)
    assert "Larger text on every page" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/text-size/", {"large_text": "on"})
    prescriber.refresh_from_db()
    assert prescriber.large_text


def test_someone_not_logged_in_cannot_set_it(client):
    response = client.post("/accounts/text-size/", {"large_text": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
