"""A new version of a required consent document asks the patient again at
their next visit, before anything else; a withdrawal is recorded and the
patient cannot go on until they agree again."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from ldncare import consent
from ldncare.web.care.models import ConsentAcceptance
from ldntest.world import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_telehealth_version(monkeypatch):  # type: ignore[no-untyped-def]
    """The clinic publishes a new version of the telehealth consent."""
    library = consent.load_library()
    documents = tuple(replace(d, version="2027-01-01") if d.code == "telehealth" else d
                      for d in library.documents)
    changed = replace(library, documents=documents)
    monkeypatch.setattr(consent, "load_library", lambda *a: changed)
    import ldncare.web.care.identity_services as ids
    import ldncare.web.care.identity_views as views
    monkeypatch.setattr(ids, "load_library", lambda *a: changed)
    monkeypatch.setattr(views, "load_library", lambda *a: changed)
    return changed


def test_a_patient_holding_every_current_version_goes_straight_to_their_page(client, world):
    log_in(client, world.patient.user)
    assert client.get(reverse("home")).status_code == 200


def test_a_new_version_sends_the_patient_to_the_consent_page_before_anything_else(
        client, world, new_telehealth_version):
    log_in(client, world.patient.user)
    for name in ("home", "care:schedule", "care:intake", "care:identity"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("care:consents"))
    page = client.get(reverse("care:consents")).content.decode()
    assert "has changed" in page and "2027-01-01" in page
    assert "You agreed to an earlier version" in page


def test_the_api_answers_403_with_a_reason_while_consent_is_outstanding(
        client, world, new_telehealth_version):
    log_in(client, world.patient.user)
    response = client.get(reverse("api:list_check_ins"))
    assert response.status_code == 403
    assert "consent" in response.json()["detail"]


def test_agreeing_to_the_new_version_records_it_and_lets_the_patient_through(
        client, world, new_telehealth_version):
    log_in(client, world.patient.user)
    response = client.post(reverse("care:consents"), {"accept": ["telehealth"], "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert world.patient.consents.filter(document="telehealth", version="2027-01-01").exists()
    assert client.get(reverse("home")).status_code == 200


def test_not_ticking_the_new_version_keeps_the_gate_and_says_why(client, world,
                                                                  new_telehealth_version):
    log_in(client, world.patient.user)
    response = client.post(reverse("care:consents"), {})
    assert response.status_code == 400
    assert "You need to agree to this" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_staff_are_never_sent_to_the_consent_page(client, world, new_telehealth_version):
    log_in(client, world.users["prescriber"])
    assert client.get(reverse("care:patient_list")).status_code == 200


def test_withdrawing_research_consent_is_recorded_and_changes_nothing_else(client, world):
    log_in(client, world.patient.user)
    client.post(reverse("care:consent_withdraw", args=["research"]))
    row = ConsentAcceptance.objects.get(patient=world.patient, document="research")
    assert row.withdrawn_at is not None
    assert client.get(reverse("home")).status_code == 200
    assert world.patient.events.filter(summary__contains="Withdrew consent").exists()


def test_withdrawing_a_required_consent_stops_use_until_agreed_again(client, world):
    log_in(client, world.patient.user)
    response = client.post(reverse("care:consent_withdraw", args=["telehealth"]), follow=True)
    assert "your clinic was told" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    event = world.patient.events.get(summary__contains="Withdrew consent")
    assert event.data == {"consent": "telehealth"}
    client.post(reverse("care:consents"), {"accept": ["telehealth"]})
    assert client.get(reverse("home")).status_code == 200
    history = world.patient.consents.filter(document="telehealth").order_by("accepted_at", "id")
    assert [c.withdrawn_at is None for c in history] == [False, True]


def test_an_unknown_consent_code_is_refused_with_a_message(client, world):
    log_in(client, world.patient.user)
    response = client.post(reverse("care:consent_withdraw", args=["nonsense"]), follow=True)
    assert "no consent document called" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_after_agreeing_an_off_site_next_is_ignored(client, world, new_telehealth_version,
                                                    target):
    log_in(client, world.patient.user)
    response = client.post(reverse("care:consents"), {"accept": ["telehealth"], "next": target})
    assert response["Location"] == reverse("care:consents")
