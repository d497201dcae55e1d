"""A clinic's admin sets its crisis line, country, escalation and guidance
texts, each beside the sourced default; prescribers read them; bad input is a
400 beside the form, never a half-written record."""

from __future__ import annotations

from django.urls import reverse

from ldncare.journal.guidance import load_guidance
from ldncare.web.journal.models import UrgentCareSettings

URL = reverse("journal:urgent_settings")


def form(**changes):
    data = {"version": "0", "country": "GB", "crisis_line": "", "escalate_after_hours": "",
            "on_call_email": "", **{f"text_{g.code}": "" for g in load_guidance().guidance}}
    return {**data, **changes}


def test_the_page_shows_every_default_text_with_its_source(world, client, login):
    login(world.users["clinic_admin"])
    text = client.get(URL).content.decode()
    assert "Samaritans: 116 123" not in text  # no country chosen yet
    for g in load_guidance().guidance:
        assert f'id="guidance-{g.code}"' in text
    assert "988lifeline.org" in text and "product choice" in text


def test_the_admin_sets_a_crisis_line_a_country_and_a_text(world, client, login):
    login(world.users["clinic_admin"])
    response = client.post(URL, form(crisis_line="0800 111 222", escalate_after_hours="2",
                                     on_call_email="oncall@clinic.example",
                                     text_liver_warning="Ring us today."))
    assert response.status_code == 302
    row = UrgentCareSettings.objects.get(clinic=world.clinic)
    assert (row.country, row.crisis_line, row.escalate_after_hours) == ("GB", "0800 111 222", 2)
    assert row.texts == {"liver_warning": "Ring us today."}  # untouched texts keep the default
    page = client.get(URL).content.decode()
    assert "Ring us today." in page and "(the clinic's choice)" in page
    assert "Samaritans: 116 123" in page


def test_a_prescriber_reads_but_cannot_change(world, client, login):
    login(world.users["prescriber"])
    assert client.get(URL).status_code == 200
    assert client.post(URL, form()).status_code == 403
    assert not UrgentCareSettings.objects.exists()


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(world, client, login):
    login(world.users["clinic_admin"])
    for bad in ({"escalate_after_hours": "0"}, {"country": "XX"}, {"on_call_email": "nope"},
                {"text_self_harm": "x" * 1501}, {"version": "-1"}):
        response = client.post(URL, form(**bad))
        assert response.status_code == 400 and b'class="error' in response.content, bad
    assert not UrgentCareSettings.objects.exists()


def test_two_admins_cannot_overwrite_each_other(world, client, login):
    login(world.users["clinic_admin"])
    assert client.post(URL, form(crisis_line="111")).status_code == 302
    response = client.post(URL, form(crisis_line="222"))  # loaded before the first save
    assert response.status_code == 400 and b"changed these settings meanwhile" in response.content
    assert UrgentCareSettings.objects.get().crisis_line == "111"


def test_the_clinic_settings_page_sums_them_up_and_links_to_them(world, client, login):
    login(world.users["clinic_admin"])
    client.post(URL, form(country="US", escalate_after_hours="3", text_self_harm="Call us."))
    text = client.get(reverse("accounts:clinic_settings")).content.decode()
    assert "988" in text and "3 hours" in text and "1 of 8 written by the clinic" in text
    assert URL in text
