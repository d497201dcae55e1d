"""Sign-up asks who the patient is and what they agree to, and keeps both:
each consent with its exact version and time; a too-young person or a missing
required consent is refused beside the field with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ldncare.consent import load_library
from ldncare.web.accounts.clinic_settings import update_clinic_settings
from ldncare.web.accounts.models import User
from ldncare.web.care.models import ConsentAcceptance, Patient
from web.identity.identity_setup import sign_up_data

pytestmark = pytest.mark.django_db


def test_signing_up_stores_the_identity_details_the_patient_typed(client, world):
    response = client.post(reverse("accounts:sign_up"), sign_up_data(world))
    assert b"Check your e-mail" in response.content
    patient = Patient.objects.get(user__email="maya@example.org")
    assert patient.legal_name == "Maya Patel"
    assert patient.greeting_name == "May"
    assert patient.date_of_birth == date(1980, 5, 17)
    assert patient.shipping_address == ["1 High Street", "Leeds", "LS1 1AA", "United Kingdom"]
    assert patient.phone == "+44 7700 900123"
    assert patient.sex_at_birth == "female"
    assert not patient.identity_verified


def test_each_accepted_consent_is_kept_with_its_exact_version_and_time(client, world):
    with time_machine.travel("2026-11-20 10:00Z", tick=False):
        client.post(reverse("accounts:sign_up"), sign_up_data(world, consent_research="on"))
    rows = {c.document: c for c in ConsentAcceptance.objects.filter(
        patient__user__email="maya@example.org")}
    library = load_library()
    assert set(rows) == {"telehealth", "off_label", "data_processing", "research"}
    for code, row in rows.items():
        assert row.version == library.get(code).version
        assert row.accepted_at.isoformat().startswith("2026-11-20T10:00")
        assert row.withdrawn_at is None


def test_the_research_consent_is_optional(client, world):
    client.post(reverse("accounts:sign_up"), sign_up_data(world))
    patient = Patient.objects.get(user__email="maya@example.org")
    assert not patient.consents.filter(document="research").exists()


@pytest.mark.parametrize("missing", ["consent_telehealth", "consent_off_label",
                                     "consent_data_processing"])
def test_a_missing_required_consent_is_shown_beside_it_and_creates_nothing(client, world,
                                                                            missing):
    data = sign_up_data(world)
    del data[missing]
    response = client.post(reverse("accounts:sign_up"), data)
    assert "You need to agree to this" in response.content.decode()
    assert not User.objects.filter(email="maya@example.org").exists()


def test_someone_younger_than_the_default_minimum_age_is_told_and_nothing_is_written(
        client, world):
    with time_machine.travel("2026-06-01 10:00Z", tick=False):
        response = client.post(reverse("accounts:sign_up"),
                               sign_up_data(world, date_of_birth="2008-06-02"))
    page = response.content.decode()
    assert "aged 18 or over" in page and "Nothing was saved" in page
    assert not User.objects.filter(email="maya@example.org").exists()
    assert not ConsentAcceptance.objects.exists() or not ConsentAcceptance.objects.filter(
        patient__user__email="maya@example.org").exists()


def test_someone_who_turns_eighteen_today_may_sign_up(client, world):
    with time_machine.travel("2026-06-01 10:00Z", tick=False):
        client.post(reverse("accounts:sign_up"), sign_up_data(world, date_of_birth="2008-06-01"))
    assert Patient.objects.filter(user__email="maya@example.org").exists()


def test_the_clinic_minimum_age_setting_moves_the_gate(client, world):
    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"], minimum_age_years=21)
    with time_machine.travel("2026-06-01 10:00Z", tick=False):
        response = client.post(reverse("accounts:sign_up"),
                               sign_up_data(world, date_of_birth="2006-01-01"))
    assert "aged 21 or over" in response.content.decode()
    assert not User.objects.filter(email="maya@example.org").exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("date_of_birth", "", "This field is required"),
    ("date_of_birth", "31/02/1980", "Enter a date like"),
    ("date_of_birth", "2999-01-01", "in the future"),
    ("date_of_birth", "1850-01-01", "over 120"),
    ("address_line1", "", "This field is required"),
    ("phone", "call me", "Enter a phone number"),
    ("sex_at_birth", "robot", "valid choice"),
])
def test_bad_identity_details_are_refused_beside_the_field(client, world, field, value,
                                                           message):
    response = client.post(reverse("accounts:sign_up"), sign_up_data(world, **{field: value}))
    assert message in response.content.decode()
    assert not User.objects.filter(email="maya@example.org").exists()


def test_the_sign_up_page_shows_each_consent_text_and_marks_it_a_template(client, world):
    page = client.get(reverse("accounts:sign_up")).content.decode()
    for document in load_library().documents:
        assert document.title in page or document.title.replace('"', "&quot;") in page
        assert document.version in page
    assert "template" in page and "not legal advice" in page


def test_the_confirmation_e_mail_greets_the_patient_by_their_preferred_name(
        client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign_up"), sign_up_data(world))
    assert mail.outbox[-1].body.startswith("Hello May,")
